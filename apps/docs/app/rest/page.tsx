import type { Metadata } from 'next';
import Link from 'next/link';
import { MIRROR_TAG, openApi, operations, restTags, tagSlug } from '../../src/openapi';
import { renderInline, renderMarkdown } from '../../src/markdown';
import { Inline, Table } from '../../src/components/table';

export const metadata: Metadata = { title: 'REST reference' };

/** Generated from the OpenAPI document the server builds from its controllers. */
export default function RestIndex() {
  const document = openApi();
  const all = operations(document);
  const schemes = Object.entries(document.components?.securitySchemes ?? {}) as [string, { type: string; description?: string; name?: string; in?: string; scheme?: string }][];
  return (
    <article>
      <h1>REST reference</h1>
      <p className="source">
        Generated from the OpenAPI {document.openapi} document (<a href="/api/openapi.json">/api/openapi.json</a>), which the server builds from its controllers
        with @nestjs/swagger. Try the routes in the <a href="/api-docs">interactive Swagger UI</a>; the API v3 part is also at{' '}
        <a href="/api/v3/swagger.json">/api/v3/swagger.json</a> and <a href="/api/v3/swagger.yaml">/api/v3/swagger.yaml</a>, where Nightscout serves its own.
      </p>
      <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(document.info.description ?? '', 'docs/README.md').html }} />
      <h2 id="apis">APIs</h2>
      <ul>
        {restTags(document).map((tag) => (
          <li key={tag}>
            <Link href={`/rest/${tagSlug(tag)}`}>{tag}</Link>: {all.filter((o) => o.operation.tags?.[0] === tag).length} operations
          </li>
        ))}
        <li>
          {MIRROR_TAG}: every API v1 route also answers under <code>/api/v2</code> ({all.filter((o) => o.operation.tags?.[0] === MIRROR_TAG).length} operations), as in
          Nightscout.
        </li>
        <li>
          <Link href="/rest/schemas">Schemas</Link> of request and response bodies.
        </li>
      </ul>
      <h2 id="security">Credentials</h2>
      <Table
        head={['Scheme', 'Sent as', 'Meaning']}
        rows={schemes.map(([name, scheme]) => ({
          key: name,
          cells: [<code key="name">{name}</code>, scheme.type === 'http' ? `Authorization: ${scheme.scheme}` : `${scheme.in} ${scheme.name}`, <Inline key="meaning" html={renderInline(scheme.description ?? '')} />],
        }))}
      />
    </article>
  );
}
