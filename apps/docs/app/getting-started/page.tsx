import type { Metadata } from 'next';
import { Content } from '../../src/components/page';

export const metadata: Metadata = { title: 'Getting started' };

export default function GettingStarted() {
  return <Content name="getting-started" />;
}
