import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { readExample, type Example } from '../examples';
import { renderMarkdown, type Heading } from '../markdown';
import { REPO_ROOT, readRepoFile, type Page } from '../site';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function Html({ html }: { html: string }) {
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Contents({ headings }: { headings: Heading[] }) {
  const top = headings.filter((h) => h.depth === 2);
  if (top.length < 4) return null;
  return (
    <nav className="contents" aria-label="On this page">
      <strong>On this page</strong>
      <ul>
        {top.map((h) => (
          <li key={h.id}>
            <a href={`#${h.id}`}>{h.text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A Markdown file of the repository (docs/…), rendered with its links made site links. */
export function RepoMarkdown({ source, children }: { source: string; children?: ReactNode }) {
  const markdown = readRepoFile(source);
  if (markdown === undefined) throw new Error(`${source} is missing`);
  const { html, headings } = renderMarkdown(markdown, source);
  return (
    <article>
      <p className="source">
        Rendered from <code>{source}</code> in the repository.
      </p>
      {children}
      <Contents headings={headings} />
      <Html html={html} />
    </article>
  );
}

/** The anchor of an example on the page that shows it. */
export const exampleId = (example: Example) => `example-${example.file.replace(/[^a-z0-9]+/gi, '-')}`;

export function ExampleCode({ example }: { example: Example }) {
  return (
    <figure className="example" id={exampleId(example)}>
      <figcaption>
        <code>apps/docs/examples/{example.file}</code>: {example.summary}
      </figcaption>
      <pre>
        <code>{example.code}</code>
      </pre>
      {example.run && (
        <p>
          Run it: <code>{example.run}</code>
        </p>
      )}
    </figure>
  );
}

/** `<!-- example: <file> -->` or `<!-- <slot> -->` in a content page. */
const MARK = /<!-- (example: [\w/.-]+|\w+) -->/g;

/**
 * A page written for the site (apps/docs/content/<name>.md). `<!-- example: <file> -->` stands for
 * an example of apps/docs/examples, shown as the tests run it; `<!-- <slot> -->` for generated
 * content the page passes in.
 */
export function Content({ name, slots = {} }: { name: string; slots?: Record<string, ReactNode> }) {
  const source = `apps/docs/content/${name}.md`;
  const markdown = readFileSync(join(REPO_ROOT, source), 'utf8');
  const parts = markdown.split(MARK);
  return (
    <article>
      {parts.map((part, i) => {
        if (i % 2 === 0) return <Html key={i} html={renderMarkdown(part, source).html} />;
        if (part.startsWith('example: ')) return <ExampleCode key={i} example={readExample(part.slice('example: '.length))} />;
        if (!(part in slots)) throw new Error(`${source}: nothing fills <!-- ${part} -->`);
        return <div key={i}>{slots[part]}</div>;
      })}
    </article>
  );
}

type PageParams = { params: Promise<{ page: string }> };

/** The exports of a dynamic route rendering one Markdown file of the repository per page (`/protocol/[page]`). */
export function markdownRoutes(pages: readonly Page[]) {
  const find = async ({ params }: PageParams) => {
    const { page } = await params;
    return pages.find((p) => p.route.endsWith(`/${page}`))!;
  };
  return {
    generateStaticParams: () => pages.map((p) => ({ page: p.route.split('/').pop()! })),
    generateMetadata: async (props: PageParams): Promise<Metadata> => ({ title: (await find(props)).title }),
    MarkdownRoute: async (props: PageParams) => <RepoMarkdown source={(await find(props)).source!} />,
  };
}
