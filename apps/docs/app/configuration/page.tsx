import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { renderInline } from '../../src/markdown';
import { Inline, Table } from '../../src/components/table';
import { readContract } from '../../src/site';

export const metadata: Metadata = { title: 'Configuration' };

interface Variable {
  name: string;
  aliases?: string[];
  default?: string;
  unset?: string;
  meaning: string;
  group: string;
}

interface PluginVariable {
  name: string;
  plugin: string;
  default: string;
  meaning: string;
}


interface VariableRow {
  name: string;
  also?: string[];
  value: ReactNode;
  meaning: string;
}

const VariableTable = ({ rows }: { rows: VariableRow[] }) => (
  <Table
    head={['Variable', 'Default', 'Meaning']}
    rows={rows.map((row) => ({
      key: row.name,
      id: `env-${row.name}`,
      cells: [
        <>
          <code>{row.name}</code>
          {row.also && (
            <>
              <br />
              or {row.also.map((a, i) => <span key={a}>{i > 0 ? ', ' : ''}<code>{a}</code></span>)}
            </>
          )}
        </>,
        row.value,
        <Inline key="meaning" html={renderInline(row.meaning)} />,
      ],
    }))}
  />
);

/** Generated from apps/server/src/config/variables.ts (through the server build's configuration.json). */
export default function Configuration() {
  const { variables, plugins } = readContract<{ variables: Variable[]; plugins: PluginVariable[] }>('configuration.json');
  const groups = [...new Set(variables.map((v) => v.group))];
  const pluginNames = [...new Set(plugins.map((v) => v.plugin))];
  return (
    <article>
      <h1>Configuration</h1>
      <p>
        Every environment variable the server reads, with its default and meaning. This page is generated from the configuration module
        (<code>apps/server/src/config/variables.ts</code>); a test reads the configuration through a recording environment and fails when a variable is read but not
        listed here, listed but never read, or when a listed default does not give the configuration the server has without the variable.
      </p>
      <p>
        Names are Nightscout&apos;s. Each is also read in lower case and with Azure&apos;s <code>CUSTOMCONNSTR_</code> prefix; values are trimmed and an empty value counts
        as unset. A bad value stops the server at start with one line naming the variable.
      </p>
      <nav className="contents">
        <strong>Groups</strong>
        <ul>
          {groups.map((g) => (
            <li key={g}>
              <a href={`#${g.toLowerCase().replace(/\W+/g, '-')}`}>{g}</a>
            </li>
          ))}
          <li>
            <a href="#plugin-settings">Plugin settings</a>
          </li>
        </ul>
      </nav>
      {groups.map((group) => (
        <section key={group}>
          <h2 id={group.toLowerCase().replace(/\W+/g, '-')}>{group}</h2>
          <VariableTable
            rows={variables
              .filter((v) => v.group === group)
              .map((v) => ({
                name: v.name,
                also: v.aliases,
                value: v.default !== undefined ? <code>{v.default}</code> : <Inline html={renderInline(v.unset ?? '')} />,
                meaning: v.meaning,
              }))}
          />
        </section>
      ))}
      <h2 id="plugin-settings">Plugin settings</h2>
      <p>
        Read as <code>&lt;PLUGIN&gt;_&lt;NAME&gt;</code>, and only while the plugin is enabled (<code>ENABLE</code>, the default features, the alarm types). Every
        variable of an enabled plugin is also passed on to clients in <code>extendedSettings</code> of <code>/api/v1/status</code>, so the client-side settings of
        Nightscout&apos;s plugins (<code>BASAL_RENDER</code>, <code>BOLUS_RENDER_OVER</code>, <code>DEVICESTATUS_ADVANCED</code> …) work as before. The settings the
        server itself reads:
      </p>
      {pluginNames.map((plugin) => (
        <section key={plugin}>
          <h3 id={`plugin-${plugin}`}>
            <code>{plugin}</code>
          </h3>
          <VariableTable rows={plugins.filter((v) => v.plugin === plugin).map((v) => ({ name: v.name, value: <code>{v.default}</code>, meaning: v.meaning }))} />
        </section>
      ))}
    </article>
  );
}
