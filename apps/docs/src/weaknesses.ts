import { readRepoFile } from './site';

/** A weakness of Nightscout 15.0.7 as a protocol page defines it, with what this server does instead. */
export interface Weakness {
  id: string;
  anchor: string;
  page: string;
  title: string;
  reference: string;
  here: string;
}

const ENTRY = /^- <a id="([a-z0-9]+-w\d+)"><\/a>\*\*([A-Z0-9]+-W\d+) — (.+?)\*\*\s*(.*)$/;

/** Every `<ID>-W<n>` entry of the protocol pages, in page order (docs/protocol/README.md#identifiers). */
export function weaknesses(pages: readonly string[]): Weakness[] {
  const found: Weakness[] = [];
  for (const page of pages) {
    const lines = (readRepoFile(`docs/protocol/${page}.md`) ?? '').split('\n');
    lines.forEach((line, i) => {
      const entry = ENTRY.exec(line);
      if (!entry) return;
      const rest: string[] = [entry[4]];
      for (let j = i + 1; j < lines.length && /^ {2}\S/.test(lines[j]); j++) rest.push(lines[j].trim());
      const [reference, here = 'open: this server behaves like the reference'] = rest.join(' ').split(/\*Here:\*\s*/);
      found.push({ id: entry[2], anchor: entry[1], page, title: entry[3].replace(/\.$/, ''), reference: reference.trim(), here: here.trim() });
    });
  }
  return found;
}
