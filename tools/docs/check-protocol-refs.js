#!/usr/bin/env node
// Checks that references into docs/protocol resolve:
//   - every `docs/protocol/<page>.md §N` (and `<page>.md §N` inside docs/) names an existing page and section;
//   - every quirk/weakness/ambiguity id (V1-, V3-, LS-, SA- followed by Q, W or A and a number) cited in
//     any tracked file is defined on its page, and an id written right after a page belongs to that page;
//   - bare `§N` inside a protocol page (or a compatibility page of the same name) exists on that page;
//   - relative Markdown links between documentation files point at existing files and anchors.
// Usage: node tools/docs/check-protocol-refs.js   (exit status 1 and one line per problem when any fails)
// A test can call check(root) and expect an empty list.
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join, normalize, relative } = require('node:path');

const PAGES = { 'api-v1': 'V1', 'api-v3': 'V3', 'legacy-socket': 'LS', 'storage-and-alarm-sockets': 'SA' };
const PREFIX_PAGE = Object.fromEntries(Object.entries(PAGES).map(([page, prefix]) => [prefix, page]));
const ID = /\b(V1|V3|LS|SA)-([QWA])(\d+)\b/g;
const SECTION_NUMBER = /\d+(?:\.\d+)*/g;
// A page name, then a list of sections: "§4.3, §6", "§4.2–4.3", "§5.1–§5.3".
const SECTION_LIST = String.raw`((?:\s*(?:,|and|–|-|—)?\s*§\s?\d+(?:\.\d+)*(?:\s*[–-]\s*§?\d+(?:\.\d+)*)?)+)`;
const PAGE_CITE = new RegExp(String.raw`(?:docs/protocol/)?\b(api-v1|api-v3|legacy-socket|storage-and-alarm-sockets)\.md` + SECTION_LIST, 'g');
const FULL_PAGE_CITE = /docs\/protocol\/([A-Za-z0-9._-]+?)\.md\b/g;
const PAGE_THEN_ID = /docs\/protocol\/([a-z0-9-]+)\.md\s+((?:V1|V3|LS|SA)-[QWA]\d+)/g;
const BARE_SECTIONS = /§\s?\d+(?:\.\d+)*(?:\s*[–-]\s*§?\d+(?:\.\d+)*)?/g;
const LINK = /\[[^\]]*\]\(([^)\s]+)\)/g;

/** GitHub's heading anchor: lower case, punctuation removed, each space a hyphen. */
function slug(text) {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Headings, section numbers, ids and anchors of one Markdown file. */
function describe(text) {
  const sections = new Set();
  const anchors = new Set();
  const ids = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*$/.exec(line);
    if (heading) {
      const number = /^(\d+(?:\.\d+)*)\.?\s/.exec(heading[1]);
      if (number) sections.add(number[1]);
      const base = slug(heading[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const m of line.matchAll(/<a id="([^"]+)"><\/a>\*\*((?:V1|V3|LS|SA)-[QWA]\d+)\b/g)) {
      if (m[1] !== m[2].toLowerCase()) throw new Error(`anchor ${m[1]} does not match ${m[2]}`);
      ids.add(m[2]);
    }
    for (const m of line.matchAll(/<a id="([^"]+)">/g)) anchors.add(m[1]);
  }
  return { sections, anchors, ids };
}

function trackedFiles(root) {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && !f.endsWith('package-lock.json') && existsSync(join(root, f)));
}

function check(root = process.cwd()) {
  const problems = [];
  const pages = {};
  for (const page of Object.keys(PAGES)) {
    const file = join(root, 'docs/protocol', `${page}.md`);
    if (!existsSync(file)) problems.push(`docs/protocol/${page}.md: missing`);
    else pages[page] = describe(readFileSync(file, 'utf8'));
  }
  const markdown = new Map();
  const self = relative(root, join(__dirname, 'check-protocol-refs.js'));

  for (const file of trackedFiles(root)) {
    if (file === self) continue;
    const text = readFileSync(join(root, file), 'utf8');
    if (text.includes('\0')) continue;
    const lines = text.split('\n');
    const ownPage = /^docs\/(?:protocol|compatibility)\/([a-z0-9-]+)\.md$/.exec(file)?.[1];
    lines.forEach((line, i) => {
      const at = `${file}:${i + 1}`;
      for (const m of line.matchAll(FULL_PAGE_CITE)) {
        if (!existsSync(join(root, 'docs/protocol', `${m[1]}.md`))) problems.push(`${at}: no page docs/protocol/${m[1]}.md`);
      }
      let rest = line;
      for (const m of line.matchAll(PAGE_CITE)) {
        for (const n of m[2].match(SECTION_NUMBER) ?? []) {
          if (pages[m[1]] && !pages[m[1]].sections.has(n)) problems.push(`${at}: ${m[1]}.md has no §${n}`);
        }
        rest = rest.replace(m[0], '');
      }
      if (ownPage && PAGES[ownPage] && pages[ownPage]) {
        for (const m of rest.matchAll(BARE_SECTIONS)) {
          for (const n of m[0].match(SECTION_NUMBER) ?? []) {
            if (!pages[ownPage].sections.has(n)) problems.push(`${at}: ${ownPage}.md has no §${n}`);
          }
        }
      }
      for (const m of line.matchAll(ID)) {
        const page = PREFIX_PAGE[m[1]];
        const id = m[0];
        if (pages[page] && !pages[page].ids.has(id)) problems.push(`${at}: ${id} is not defined in docs/protocol/${page}.md`);
      }
      for (const m of line.matchAll(PAGE_THEN_ID)) {
        if (PAGES[m[1]] && !m[2].startsWith(`${PAGES[m[1]]}-`)) problems.push(`${at}: ${m[2]} cited as part of docs/protocol/${m[1]}.md`);
      }
    });
    if (file.endsWith('.md')) markdown.set(file, text);
  }

  const anchorsOf = (file) => describe(markdown.get(file) ?? readFileSync(join(root, file), 'utf8')).anchors;
  for (const [file, text] of markdown) {
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(LINK)) {
        const target = m[1];
        // Absolute paths are URLs of the server and its documentation site (apps/docs/content), which
        // the built site's link checker (apps/docs/test/built-site-links.spec.ts) checks.
        if (/^[a-z]+:/i.test(target) || target.startsWith('/')) continue;
        const [path, fragment] = target.split('#');
        const resolved = path ? normalize(join(dirname(file), path)) : file;
        if (resolved.startsWith('..')) problems.push(`${file}:${i + 1}: link leaves the repository: ${target}`);
        else if (!existsSync(join(root, resolved))) problems.push(`${file}:${i + 1}: no file ${resolved}`);
        else if (fragment && resolved.endsWith('.md') && !anchorsOf(resolved).has(fragment)) problems.push(`${file}:${i + 1}: no anchor #${fragment} in ${resolved}`);
      }
    });
  }
  return problems;
}

module.exports = { check, slug };

if (require.main === module) {
  const problems = check(join(__dirname, '../..'));
  for (const p of problems) console.log(p);
  console.log(problems.length === 0 ? 'protocol references: all resolve' : `protocol references: ${problems.length} problem(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
