import type { Metadata } from 'next';
import { Content } from '../../src/components/page';

export const metadata: Metadata = { title: 'Deployment and scale-out' };

export default function Deployment() {
  return <Content name="deployment" />;
}
