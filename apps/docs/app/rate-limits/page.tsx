import type { Metadata } from 'next';
import { RepoMarkdown } from '../../src/components/page';

export const metadata: Metadata = { title: 'Rate limits' };

export default function RateLimits() {
  return <RepoMarkdown source="docs/rate-limits.md" />;
}
