import type { Metadata } from 'next';
import { RepoMarkdown } from '../../src/components/page';

export const metadata: Metadata = { title: 'Performance' };

export default function Performance() {
  return <RepoMarkdown source="docs/performance.md" />;
}
