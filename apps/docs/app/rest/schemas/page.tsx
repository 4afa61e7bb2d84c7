import type { Metadata } from 'next';
import { SchemaList } from '../../../src/components/schema-view';
import type { Schema } from '../../../src/contracts';
import { openApi } from '../../../src/openapi';

export const metadata: Metadata = { title: 'REST schemas' };

export default function RestSchemas() {
  const schemas = (openApi().components?.schemas ?? {}) as Record<string, Schema>;
  return (
    <article>
      <h1>REST schemas</h1>
      <p className="source">
        The bodies of the REST routes, from <a href="/api/openapi.json">/api/openapi.json</a>. Document schemas come from the class-validator DTOs of{' '}
        <code>libs/protocol</code> that the routes validate with; documents are open, so fields not listed are stored as sent.
      </p>
      <SchemaList names={Object.keys(schemas).sort()} schemas={schemas} refBase="#schema-" />
    </article>
  );
}
