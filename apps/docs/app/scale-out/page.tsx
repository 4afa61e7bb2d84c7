import type { Metadata } from 'next';
import { RepoMarkdown } from '../../src/components/page';

export const metadata: Metadata = { title: 'Scale-out' };

export default function ScaleOut() {
  return <RepoMarkdown source="docs/scale-out.md" />;
}
