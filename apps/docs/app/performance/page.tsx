import type { Metadata } from 'next';
import { RepoMarkdown } from '../../src/components/page';
import { readRepoFile } from '../../src/site';

export const metadata: Metadata = { title: 'Performance' };

/** docs/performance.md holds the measured figures once they are written; until then the page says so. */
export default function Performance() {
  if (readRepoFile('docs/performance.md') !== undefined) return <RepoMarkdown source="docs/performance.md" />;
  return (
    <article>
      <h1>Performance</h1>
      <p>
        No figures yet: this page renders <code>docs/performance.md</code>, which has not been written in this build of the repository. The benchmarks are in{' '}
        <code>tools/bench</code> (<code>npm run build</code>, then <code>node tools/bench/write-to-event-latency.js</code>).
      </p>
    </article>
  );
}
