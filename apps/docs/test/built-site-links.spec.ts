import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { documentedOperation } from '../../server/test/support/contracts';

/**
 * The link checker of the built site (npx nx build docs): every link and asset of every page
 * resolves — to a file of the export, an anchor of its page, or a route the server documents in
 * its OpenAPI document — and nothing is loaded from another host.
 */

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const DIST = join(__dirname, '../dist');
const BASE = '/docs';
const OPENAPI = join(__dirname, '../../server/dist/contracts/openapi.json');
/** Routes of the server outside the API documents: the web app and the Swagger UI. */
const SERVER_PAGES = ['/', '/api-docs'];

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => f.split(sep).join('/'));

function elements(node: Node, out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) elements(child, out);
  if ('content' in node && node.content) elements(node.content as Node, out);
  return out;
}

interface Page {
  file: string;
  path: string;
  ids: Set<string>;
  links: { tag: string; attr: string; url: string }[];
}

function readPage(file: string): Page {
  const all = elements(parse(readFileSync(join(DIST, file), 'utf8')));
  const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
  const path = `${BASE}/${file.replace(/(^|\/)index\.html$/, '').replace(/\.html$/, '')}`.replace(/\/$/, '') || BASE;
  return {
    file,
    path,
    ids: new Set(all.map((el) => attr(el, 'id')).filter((id): id is string => id !== undefined)),
    links: all.flatMap((el) =>
      ['href', 'src'].flatMap((name) => {
        const url = attr(el, name);
        return url === undefined ? [] : [{ tag: el.tagName, attr: name, url }];
      }),
    ),
  };
}

describe('the built documentation site', () => {
  const built = existsSync(join(DIST, 'index.html'));
  const pages = built ? files(DIST).filter((f) => f.endsWith('.html') && !/^(404|_not-found)\.html$/.test(f)).map(readPage) : [];
  const byPath = new Map(pages.map((p) => [p.path, p]));
  const exported = new Set(built ? files(DIST) : []);
  const openApi = (existsSync(OPENAPI) ? JSON.parse(readFileSync(OPENAPI, 'utf8')) : { paths: {} }) as OpenAPIV3_1.Document;
  const isServerRoute = (path: string) => SERVER_PAGES.includes(path) || documentedOperation(openApi, 'GET', path) !== undefined;

  it('has been built, with every page of the navigation', () => {
    expect(built).toBe(true);
    expect(pages.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(openApi.paths ?? {}).length).toBeGreaterThan(50);
  });

  it('loads nothing from another host: no remote scripts, styles, fonts or images', () => {
    const remote = pages.flatMap((p) => p.links.filter((l) => l.tag !== 'a' && /^(https?:)?\/\//.test(l.url)).map((l) => `${p.file}: <${l.tag} ${l.attr}="${l.url}">`));
    const css = [...exported].filter((f) => f.endsWith('.css')).filter((f) => /url\(\s*['"]?(https?:)?\/\/|@import\s+['"]?(https?:)?\/\//.test(readFileSync(join(DIST, f), 'utf8')));
    expect([...remote, ...css]).toEqual([]);
  });

  it('has no broken link or anchor', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const { url } of page.links) {
        if (/^(https?:)?\/\/|^mailto:/.test(url)) continue;
        const [target, fragment] = new URL(url, `http://site${page.path}`).href.replace('http://site', '').split('#');
        const path = decodeURIComponent(target.split('?')[0]);
        if (path === BASE || path.startsWith(`${BASE}/`)) {
          const linked = byPath.get(path.replace(/\/$/, '') || BASE);
          if (linked) {
            if (fragment && !linked.ids.has(decodeURIComponent(fragment))) broken.push(`${page.file}: ${url} (no #${fragment} on ${linked.file})`);
          } else if (!exported.has(posix.normalize(path.slice(BASE.length + 1)))) {
            broken.push(`${page.file}: ${url}`);
          }
        } else if (!isServerRoute(path)) {
          broken.push(`${page.file}: ${url} (not a page of the site nor a documented route)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('links every page from the navigation', () => {
    const linked = new Set(pages.flatMap((p) => p.links.map((l) => l.url.split('#')[0].replace(/\/$/, ''))));
    expect(pages.map((p) => p.path).filter((path) => !linked.has(path) && !linked.has(`${path}/`))).toEqual([]);
  });
});
