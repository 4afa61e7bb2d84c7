import type { Metadata } from 'next';
import Link from 'next/link';
import { Html } from '../../src/components/page';
import { renderInline, renderMarkdown } from '../../src/markdown';
import { COMPATIBILITY_PAGES, readRepoFile } from '../../src/site';
import { weaknesses } from '../../src/weaknesses';

export const metadata: Metadata = { title: 'Every deliberate difference from Nightscout 15.0.7' };

const GAPS = 'docs/protocol/gaps-and-requirements.md';

/** The summary table at the top of the gaps page: its first block, up to the first rule. */
const gapsSummary = () => (readRepoFile(GAPS) ?? '').split('\n---\n')[0].replace(/^# .*\n/, '');

export default function Differences() {
  const list = weaknesses(['api-v1', 'api-v3', 'legacy-socket', 'storage-and-alarm-sockets']);
  return (
    <article>
      <h1>Every deliberate difference from Nightscout 15.0.7</h1>
      <p>
        The server keeps what clients depend on — paths, status codes, payload shapes, error strings, dedup rules and the quirks listed as <code>Q</code> ids in the{' '}
        <Link href="/protocol">protocol reference</Link> — and differs where the reference is broken, unsafe or incomplete. The differences are recorded per API in{' '}
        <code>docs/compatibility/</code>, rendered here:
      </p>
      <ul>
        {COMPATIBILITY_PAGES.map((p) => (
          <li key={p.route}>
            <Link href={p.route}>{p.title}</Link>
          </li>
        ))}
        <li>
          <Link href="/rate-limits">Rate limits</Link>: the reference limits nothing but failed logins.
        </li>
      </ul>
      <h2 id="gaps">Gaps closed</h2>
      <Html html={renderMarkdown(gapsSummary(), GAPS).html} />
      <h2 id="weaknesses">Weaknesses of the reference, with what this server does</h2>
      <p>
        Generated from the <code>W</code> entries of the protocol pages ({list.length} of them). &quot;Open&quot; means this server still behaves like the reference.
      </p>
      <table>
        <thead>
          <tr>
            <th>Id</th>
            <th>Nightscout 15.0.7</th>
            <th>Here</th>
          </tr>
        </thead>
        <tbody>
          {list.map((w) => (
            <tr key={w.id} id={w.anchor}>
              <td>
                <Link href={`/protocol/${w.page}#${w.anchor}`}>{w.id}</Link>
              </td>
              <td>
                <strong dangerouslySetInnerHTML={{ __html: renderInline(w.title, `docs/protocol/${w.page}.md`) }} />{' '}
                <span dangerouslySetInnerHTML={{ __html: renderInline(w.reference, `docs/protocol/${w.page}.md`) }} />
              </td>
              <td dangerouslySetInnerHTML={{ __html: renderInline(w.here, `docs/protocol/${w.page}.md`) }} />
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
