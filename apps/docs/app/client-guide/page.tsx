import type { Metadata } from 'next';
import { Content, Html } from '../../src/components/page';
import { renderMarkdown, section } from '../../src/markdown';
import { readRepoFile } from '../../src/site';

export const metadata: Metadata = { title: 'Choosing between /, /storage and polling' };

const GAPS = 'docs/protocol/gaps-and-requirements.md';

/** The guide of GAP-API-013: the site's own introduction, then the guide as docs/protocol writes it. */
export default function ClientGuide() {
  const guide = section(readRepoFile(GAPS) ?? '', 'Choosing a channel: a guide for client authors');
  return (
    <>
      <Content name="client-guide" />
      <Html html={renderMarkdown(guide, GAPS).html} />
    </>
  );
}
