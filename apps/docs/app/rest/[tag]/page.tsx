import type { Metadata } from 'next';
import type { OpenAPIV3_1 } from 'openapi-types';
import { SchemaView, TypeOf } from '../../../src/components/schema-view';
import type { Schema } from '../../../src/contracts';
import { Markdown, Table } from '../../../src/components/table';
import { BASE } from '../../../src/site';
import { openApi, operationAnchor, operations, restTags, tagSlug, type RestOperation } from '../../../src/openapi';

type Params = { params: Promise<{ tag: string }> };

const REFS = `${BASE}/rest/schemas#schema-`;
const tagOf = (slug: string) => restTags(openApi()).find((t) => tagSlug(t) === slug)!;

export const dynamicParams = false;
export const generateStaticParams = () => restTags(openApi()).map((tag) => ({ tag: tagSlug(tag) }));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `REST: ${tagOf((await params).tag)}` };
}

type Content = Record<string, { schema?: Schema }> | undefined;

function Bodies({ content }: { content: Content }) {
  const entries = Object.entries(content ?? {});
  if (entries.length === 0) return null;
  return (
    <>
      {entries.map(([type, { schema }]) => (
        <div key={type}>
          <code>{type}</code>
          {schema && type.includes('json') && Object.keys(schema).length > 0 && (
            <>
              : <TypeOf schema={schema} refBase={REFS} />
            </>
          )}
        </div>
      ))}
    </>
  );
}

function OperationView({ op }: { op: RestOperation }) {
  const { operation } = op;
  const parameters = (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
  const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const responses = Object.entries(operation.responses ?? {}) as [string, OpenAPIV3_1.ResponseObject][];
  const bodySchema = body?.content?.['application/json']?.schema as Schema | undefined;
  return (
    <section className="operation" id={operationAnchor(op)}>
      <h3>
        <span className="method">{op.method.toUpperCase()}</span> <code>{op.path}</code>
      </h3>
      <p>
        <Markdown markdown={operation.summary ?? ''} />
      </p>
      {operation.description && (
        <p>
          <Markdown markdown={operation.description} />
        </p>
      )}
      {operation['x-permissions'] && (
        <p>
          Permissions: {operation['x-permissions'].map((p, i) => <span key={p}>{i > 0 ? ' and ' : ''}<code>{p}</code></span>)}
        </p>
      )}
      {parameters.length > 0 && (
        <Table
          head={['Parameter', 'In', 'Type', 'Meaning']}
          rows={parameters.map((p) => ({
            key: `${p.in}-${p.name}`,
            cells: [
              <>
                <code>{p.name}</code>
                {p.required ? ' (required)' : ''}
              </>,
              p.in,
              p.schema ? <TypeOf key="type" schema={p.schema as Schema} refBase={REFS} /> : 'string',
              <Markdown key="meaning" markdown={p.description ?? ''} />,
            ],
          }))}
        />
      )}
      {bodySchema && (
        <>
          <h4>Request body</h4>
          {body?.description && (
            <p>
              <Markdown markdown={body.description} />
            </p>
          )}
          <SchemaView schema={bodySchema} refBase={REFS} />
        </>
      )}
      <h4>Responses</h4>
      <Table
        head={['Status', 'Meaning', 'Body']}
        rows={responses.map(([status, response]) => ({
          key: status,
          cells: [status, <Markdown key="meaning" markdown={response.description} />, <Bodies key="body" content={response.content as Content} />],
        }))}
      />
    </section>
  );
}

/** The operations of one API, generated from the OpenAPI document. */
export default async function RestTag({ params }: Params) {
  const tag = tagOf((await params).tag);
  const ops = operations(openApi()).filter((o) => o.operation.tags?.[0] === tag);
  return (
    <article>
      <h1>REST: {tag}</h1>
      <p className="source">
        Generated from <a href="/api/openapi.json">/api/openapi.json</a>. {tag === 'API v1' && 'Every route here also answers under /api/v2, and with a format suffix (.json, .csv, .tsv, .txt).'}
      </p>
      <nav className="contents">
        <strong>Operations</strong>
        <ul>
          {ops.map((op) => (
            <li key={operationAnchor(op)}>
              <a href={`#${operationAnchor(op)}`}>
                {op.method.toUpperCase()} {op.path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {ops.map((op) => (
        <OperationView key={operationAnchor(op)} op={op} />
      ))}
    </article>
  );
}
