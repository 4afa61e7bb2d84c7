import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The site's base path (next.config.ts), for links written into rendered HTML. */
export const BASE = '/docs';

/** The repository root: `next build` runs in apps/docs. */
export const REPO_ROOT = resolve(process.cwd(), '../..');

const CONTRACTS = join(REPO_ROOT, 'apps/server/dist/contracts');

/** A document the server build writes (apps/server/src/contracts/emit.ts). */
export function readContract<T>(name: 'openapi.json' | 'asyncapi.json' | 'configuration.json'): T {
  const file = join(CONTRACTS, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: build the server first (npx nx build server)`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** A file of the repository, or undefined when it does not exist (docs/performance.md may not yet). */
export const readRepoFile = (path: string): string | undefined => {
  const file = join(REPO_ROOT, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

export interface Page {
  route: string;
  title: string;
  /** The Markdown file of the repository the page renders, when it renders one. */
  source?: string;
}

/** A page that renders `docs/<folder>/<name>.md` at `/<folder>/<name>`. */
const docsPage = (folder: string, name: string, title: string): Page => ({ route: `/${folder}/${name}`, title, source: `docs/${folder}/${name}.md` });

export const PROTOCOL_PAGES: readonly Page[] = [
  { route: '/protocol', title: 'Protocol reference', source: 'docs/protocol/README.md' },
  ...([
    ['api-v1', 'REST API v1'],
    ['api-v3', 'REST API v3'],
    ['legacy-socket', 'The legacy socket'],
    ['storage-and-alarm-sockets', 'The /storage and /alarm sockets'],
    ['gaps-and-requirements', 'Socket gaps and requirements'],
  ] as const).map(([name, title]) => docsPage('protocol', name, title)),
];

export const COMPATIBILITY_PAGES: readonly Page[] = ([
  ['api-v1', 'API v1'],
  ['api-v3', 'API v3'],
  ['realtime', 'Socket channels'],
  ['alarms-and-followers', 'Alarms and follower endpoints'],
  ['web', 'Web app'],
] as const).map(([name, title]) => docsPage('compatibility', name, title));

export const CHANNEL_PAGES: readonly Page[] = [
  { route: '/channels/legacy', title: 'Channel /' },
  { route: '/channels/storage', title: 'Channel /storage' },
  { route: '/channels/alarm', title: 'Channel /alarm' },
];

/** Markdown files of the repository that have a page, and where; a folder maps to its index. */
export const SOURCE_ROUTES: ReadonlyMap<string, string> = new Map([
  ...[...PROTOCOL_PAGES, ...COMPATIBILITY_PAGES].map((p) => [p.source!, p.route] as const),
  ['docs/compatibility/', '/differences'],
  ['docs/compatibility', '/differences'],
  ['docs/protocol/', '/protocol'],
  ['docs/rate-limits.md', '/rate-limits'],
  ['docs/performance.md', '/performance'],
  ['docs/scale-out.md', '/scale-out'],
]);

/** The navigation, in reading order. */
export const NAVIGATION: readonly { title: string; pages: readonly Page[] }[] = [
  {
    title: 'Start',
    pages: [
      { route: '/', title: 'Overview' },
      { route: '/getting-started', title: 'Getting started' },
      { route: '/configuration', title: 'Configuration' },
      { route: '/architecture', title: 'Architecture' },
    ],
  },
  { title: 'Socket channels', pages: [...CHANNEL_PAGES, { route: '/client-guide', title: 'Choosing a channel' }] },
  { title: 'REST', pages: [{ route: '/rest', title: 'REST reference' }] },
  { title: 'Running a site', pages: [{ route: '/migration', title: 'Migrating a database' }, { route: '/deployment', title: 'Deployment' }, { route: '/scale-out', title: 'Scale-out' }, { route: '/rate-limits', title: 'Rate limits' }, { route: '/performance', title: 'Performance' }] },
  { title: 'Differences from Nightscout', pages: [{ route: '/differences', title: 'Every deliberate difference' }, ...COMPATIBILITY_PAGES] },
  { title: 'Protocol of Nightscout 15.0.7', pages: PROTOCOL_PAGES },
];
