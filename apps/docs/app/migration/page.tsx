import type { Metadata } from 'next';
import { Content } from '../../src/components/page';
import { Table } from '../../src/components/table';
import { readContract } from '../../src/site';

export const metadata: Metadata = { title: 'Migrating a Nightscout database' };

type Index = Record<string, 1 | -1>;
interface Indexes {
  collections: Record<string, Index[]>;
  everyCollection: Index[];
}

const keys = (index: Index) => Object.entries(index).map(([field, order]) => `${field}${order === -1 ? ' (descending)' : ''}`).join(', ');

/** The indexes come from the storage module (apps/server/src/storage/collection-schemas.ts) through the server build. */
export default function Migration() {
  const { indexes } = readContract<{ indexes: Indexes }>('configuration.json');
  const table = (
    <Table
      head={['Collection', 'Indexes the first start creates (if missing)']}
      rows={[
        ...Object.entries(indexes.collections).map(([collection, list]) => ({ key: collection, cells: [<code key="c">{collection}</code>, list.map(keys).join(' · ') || '—'] })),
        { key: '*', cells: ['every collection', [...indexes.everyCollection.map(keys), 'identifier (unique, sparse)'].join(' · ')] },
      ]}
    />
  );
  return <Content name="migration" slots={{ indexes: table }} />;
}
