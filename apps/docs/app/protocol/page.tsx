import type { Metadata } from 'next';
import { RepoMarkdown } from '../../src/components/page';

export const metadata: Metadata = { title: 'Protocol reference' };

export default function ProtocolIndex() {
  return <RepoMarkdown source="docs/protocol/README.md" />;
}
