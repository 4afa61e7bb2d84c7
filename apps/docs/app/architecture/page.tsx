import type { Metadata } from 'next';
import { Content } from '../../src/components/page';
import { WritePathDiagram } from '../../src/components/write-path-diagram';

export const metadata: Metadata = { title: 'Architecture' };

export default function Architecture() {
  return (
    <>
      <h1>Architecture</h1>
      <WritePathDiagram />
      <Content name="architecture" />
    </>
  );
}
