import { Marked, type Tokens } from 'marked';
import { dirname, posix } from 'node:path';
import { slug } from '../../../tools/docs/check-protocol-refs.js';
import { BASE, SOURCE_ROUTES, readRepoFile } from './site';

export interface Heading {
  depth: number;
  id: string;
  text: string;
}

type Renderer = { parser: { parseInline(tokens: Tokens.Generic[]): string } };

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Where a link of a repository Markdown file leads on the site: external links stay, links to a
 * file with a page go to the page (with the anchor), links to anything else are not links here.
 */
export function siteHref(fromFile: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/')) return href;
  const [path, fragment] = href.split('#');
  // `#anchor` names the file's own page, which may not be the page that shows this part of it.
  if (path === '') return SOURCE_ROUTES.has(fromFile) ? `${BASE}${SOURCE_ROUTES.get(fromFile)}#${fragment}` : href;
  const resolved = posix.normalize(posix.join(dirname(fromFile), path)) + (path.endsWith('/') ? '/' : '');
  const route = SOURCE_ROUTES.get(resolved);
  if (route === undefined) return undefined;
  return `${BASE}${route === '/' ? '' : route}${fragment ? `#${fragment}` : ''}`;
}

/** Marked's link renderer for a file of the repository: site links, or the label alone. */
const siteLink = (fromFile: string) =>
  function link(this: Renderer, { href, tokens }: Tokens.Link): string {
    const label = this.parser.parseInline(tokens);
    const target = siteHref(fromFile, href);
    return target === undefined ? label : `<a href="${escapeHtml(target)}">${label}</a>`;
  };

/**
 * Markdown of the repository as HTML: headings get the anchors GitHub gives them (the same `slug`
 * that tools/docs/check-protocol-refs.js checks links with), links are rewritten for the site.
 */
export function renderMarkdown(markdown: string, fromFile: string): { html: string; headings: Heading[] } {
  const headings: Heading[] = [];
  const seen = new Map<string, number>();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading(this: Renderer, { tokens, depth, text }: Tokens.Heading) {
        const base = slug(text);
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        const id = count === 0 ? base : `${base}-${count}`;
        headings.push({ depth, id, text: text.replace(/`/g, '') });
        return `<h${depth} id="${escapeHtml(id)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link: siteLink(fromFile),
    },
  });
  return { html: marked.parse(markdown, { async: false }), headings };
}

/** One line of Markdown (a table cell, a description) as inline HTML. */
export function renderInline(markdown: string, fromFile = 'docs/README.md'): string {
  return new Marked({ renderer: { link: siteLink(fromFile) } }).parseInline(linkProtocolSections(markdown), { async: false });
}

/** The part of a Markdown document from the heading with this text to the next heading of the same or a higher level. */
export function section(markdown: string, headingText: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#+\s/.test(l) && l.replace(/^#+\s+/, '').trim() === headingText);
  if (start < 0) throw new Error(`no heading "${headingText}"`);
  const level = lines[start].match(/^#+/)![0].length;
  const end = lines.findIndex((l, i) => i > start && (new RegExp(`^#{1,${level}}\\s`).test(l) || l.trim() === '---'));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

const sectionAnchors = new Map<string, Map<string, string>>();

/** The anchor of section `§N` of a protocol page (`api-v1`, `5.2`), from its headings. */
function sectionAnchor(page: string, number: string): string | undefined {
  let anchors = sectionAnchors.get(page);
  if (!anchors) {
    const markdown = readRepoFile(`docs/protocol/${page}.md`) ?? '';
    anchors = new Map(renderMarkdown(markdown, `docs/protocol/${page}.md`).headings.flatMap((h) => {
      const found = /^(\d+(?:\.\d+)*)\.?\s/.exec(h.text);
      return found ? [[found[1], h.id] as const] : [];
    }));
    sectionAnchors.set(page, anchors);
  }
  return anchors.get(number);
}

/** `docs/protocol/api-v1.md §5.2` (as the contract documents cite sections) as a Markdown link to the section. */
export function linkProtocolSections(text: string): string {
  return text.replace(/(?<![/\w.-])(?<!\]\()(?:docs\/protocol\/)?\b(api-v1|api-v3|legacy-socket|storage-and-alarm-sockets)\.md(?: §(\d+(?:\.\d+)*))?/g, (cite, page: string, number?: string) => {
    const anchor = number === undefined ? undefined : sectionAnchor(page, number);
    return `[${cite.replace('docs/protocol/', '')}](${BASE}/protocol/${page}${anchor ? `#${anchor}` : ''})`;
  });
}
