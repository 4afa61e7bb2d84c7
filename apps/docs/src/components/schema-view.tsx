import type { Schema } from '../contracts';
import { renderInline } from '../markdown';
import { Inline, Table } from './table';

/** Where a `$ref` to a component schema links: an anchor `schema-<Name>` on this page or another. */
export type RefBase = string;

const refName = (ref: string) => ref.split('/').pop()!;

function constraints(schema: Schema): string[] {
  const out: string[] = [];
  if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined) out.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) out.push(`≤ ${schema.maximum}`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  return out;
}

/** A short inline description of a schema's type: `string`, `array of SgvItem`, `"success"`, `one of …`. */
export function TypeOf({ schema, refBase }: { schema: Schema; refBase: RefBase }) {
  if (schema.$ref) return <a href={`${refBase}${refName(schema.$ref)}`}>{refName(schema.$ref)}</a>;
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  if (schema.enum) return <span>one of {schema.enum.map((v, i) => <span key={i}>{i > 0 ? ', ' : ''}<code>{JSON.stringify(v)}</code></span>)}</span>;
  const alternatives = schema.oneOf ?? schema.allOf;
  if (alternatives) {
    return (
      <span>
        {schema.oneOf ? 'one of ' : 'all of '}
        {alternatives.map((s, i) => (
          <span key={i}>
            {i > 0 ? ' | ' : ''}
            <TypeOf schema={s} refBase={refBase} />
          </span>
        ))}
      </span>
    );
  }
  if (Array.isArray(schema.items)) return <span>[{schema.items.map((s, i) => <span key={i}>{i > 0 ? ', ' : ''}<TypeOf schema={s} refBase={refBase} /></span>)}]</span>;
  if (schema.type === 'array' && schema.items) return <span>array of <TypeOf schema={schema.items} refBase={refBase} /></span>;
  // An unnamed object (a refusal such as `{success: false, message}`) shows its fields.
  const fields = Object.entries(schema.properties ?? {});
  if (fields.length > 0 && fields.length <= 4) {
    return (
      <span>
        {'{'}
        {fields.map(([name, property], i) => (
          <span key={name}>
            {i > 0 ? ', ' : ''}
            {name}: <TypeOf schema={property} refBase={refBase} />
          </span>
        ))}
        {'}'}
      </span>
    );
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  return <span>{type}</span>;
}

/** A schema: its description, and for an object a table of its properties. */
export function SchemaView({ schema, refBase }: { schema: Schema; refBase: RefBase }) {
  const properties = Object.entries(schema.properties ?? {});
  const notes = [...(schema.description ? [schema.description] : []), ...constraints(schema)];
  return (
    <div className="schema">
      {properties.length === 0 || schema.oneOf ? (
        <p>
          <TypeOf schema={{ ...schema, description: undefined }} refBase={refBase} />
          {notes.length > 0 && <span dangerouslySetInnerHTML={{ __html: ` — ${renderInline(notes.join('; '))}` }} />}
        </p>
      ) : (
        notes.length > 0 && <p dangerouslySetInnerHTML={{ __html: renderInline(notes.join('; ')) }} />
      )}
      {properties.length > 0 && (
        <Table
          head={['Field', 'Type', 'Meaning']}
          rows={properties.map(([name, property]) => ({
            key: name,
            cells: [
              <>
                <code>{name}</code>
                {schema.required?.includes(name) ? ' (required)' : ''}
              </>,
              <TypeOf key="type" schema={property} refBase={refBase} />,
              <Inline key="meaning" html={renderInline([property.description, ...constraints(property)].filter(Boolean).join('; '))} />,
            ],
          }))}
        />
      )}
    </div>
  );
}

/** Every named schema a page refers to, each under its anchor. */
export function SchemaList({ names, schemas, refBase }: { names: string[]; schemas: Record<string, Schema>; refBase: RefBase }) {
  return (
    <>
      {names.map((name) => (
        <section key={name} id={`schema-${name}`}>
          <h3>{name}</h3>
          <SchemaView schema={schemas[name]} refBase={refBase} />
        </section>
      ))}
    </>
  );
}
