import type { ReactNode } from 'react';
import { renderInline } from '../markdown';

export interface Row {
  key: string;
  /** An anchor for the row. */
  id?: string;
  cells: ReactNode[];
}

/** A plain table: a header row and one row per entry. */
export function Table({ head, rows }: { head: readonly string[]; rows: readonly Row[] }) {
  return (
    <table>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} id={row.id}>
            {row.cells.map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Markdown rendered inline (a description from a contract document). */
export function Inline({ html }: { html: string }) {
  return <span dangerouslySetInnerHTML={{ __html: html }} />;
}

/** One line of Markdown rendered inline. */
export const Markdown = ({ markdown }: { markdown: string }) => <Inline html={renderInline(markdown)} />;
