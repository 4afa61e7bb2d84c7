import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './site';

/** apps/docs/examples: every code sample of the channel and getting-started pages; a test runs each against a server. */
export const EXAMPLES_DIR = join(REPO_ROOT, 'apps/docs/examples');

export interface Example {
  /** Path below examples/, e.g. `legacy/careportal.mjs`. */
  file: string;
  /** What it does: the comment lines at its top. */
  summary: string;
  /** The events it exercises (its `Events:` line). */
  events: string[];
  /** How to run it (its `Run:` line). */
  run: string;
  code: string;
}

/** Reads one example and the header every example starts with: comment lines, `Events:` and `Run:` among them. */
export function readExample(file: string): Example {
  const code = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
  const header = code.split('\n').filter((l, i, all) => all.slice(0, i + 1).every((x) => /^(\/\/|#)/.test(x)) && !l.startsWith('#!'));
  const text = header.map((l) => l.replace(/^(\/\/|#) ?/, ''));
  const field = (name: string) => text.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
  return {
    file,
    summary: text.filter((l) => !/^(Events|Run): /.test(l)).join(' '),
    events: (field('Events') ?? '').split(',').map((e) => e.trim()).filter(Boolean),
    run: field('Run') ?? '',
    code,
  };
}

/** The examples of one folder (a channel: `legacy`, `storage`, `alarm`). */
export const examplesOf = (folder: string): Example[] =>
  readdirSync(join(EXAMPLES_DIR, folder))
    .filter((f) => /\.(mjs|sh)$/.test(f))
    .sort()
    .map((f) => readExample(`${folder}/${f}`));
