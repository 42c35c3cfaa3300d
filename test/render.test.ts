// Rendering a result: markdown, text and json output, and YAML front matter that survives any title.

import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { declutter, renderResult } from '../src/index.js';
import type { ArticleMetadata, DeclutterResult } from '../src/index.js';

const PAGE = `<!doctype html><html lang="en"><head><title>Ferry timetable changes</title>
<meta name="author" content="Mara Lindqvist"><meta property="og:site_name" content="The Coastal Post"></head>
<body><article><h1>Ferry timetable changes</h1>
<p>The winter timetable starts next Monday, and the <a href="/towns">three harbour towns</a> are preparing for fewer crossings.</p>
<p>Operators say demand falls after the summer, while <strong>local shops</strong> worry about weekend visitors.</p>
<ul><li>Two crossings a day.</li><li>No late crossing on Sundays.</li></ul></article></body></html>`;

const base = declutter(PAGE, { url: 'https://coastal-post.example/news/ferries' });

function resultWith(metadata: Partial<ArticleMetadata>): DeclutterResult {
  return { ...base, metadata: { ...base.metadata, ...metadata } };
}

/** Splits `---\nYAML---\n\nbody` the way a static-site generator does: at the first `---` line. */
function splitFrontMatter(document: string): { yaml: string; body: string } {
  expect(document.startsWith('---\n')).toBe(true);
  const end = document.indexOf('\n---\n', 3);
  expect(end).toBeGreaterThan(-1);
  const rest = document.slice(end + 5);
  expect(rest.startsWith('\n')).toBe(true);
  return { yaml: document.slice(4, end + 1), body: rest.slice(1) };
}

describe('renderResult', () => {
  const result = base;

  it('writes the Markdown with one final newline', () => {
    const output = renderResult(result, { format: 'markdown', frontMatter: false, explain: false });
    expect(output).toBe(`${result.markdown}\n`);
    expect(output.startsWith('# Ferry timetable changes\n\n')).toBe(true);
    expect(output).toContain('[three harbour towns](https://coastal-post.example/towns)');
    expect(output).toContain('- Two crossings a day.');
  });

  it('writes text with the content and none of the Markdown syntax', () => {
    const output = renderResult(result, { format: 'text', frontMatter: false, explain: false });
    expect(output).toBe(
      'Ferry timetable changes\n\nThe winter timetable starts next Monday, and the three harbour towns are preparing for fewer crossings.\n\nOperators say demand falls after the summer, while local shops worry about weekend visitors.\n\nTwo crossings a day.\nNo late crossing on Sundays.\n',
    );
    expect(output).not.toMatch(/[#*[\]]|^- /m);
  });

  it('writes JSON with metadata and Markdown, and the trace only when explaining', () => {
    const plain = JSON.parse(renderResult(result, { format: 'json', frontMatter: false, explain: false })) as Record<
      string,
      unknown
    >;
    expect(plain).toMatchObject({
      markdown: result.markdown,
      metadata: { title: 'Ferry timetable changes', author: 'Mara Lindqvist', siteName: 'The Coastal Post' },
    });
    expect(plain).not.toHaveProperty('trace');
    const explained = JSON.parse(renderResult(result, { format: 'json', frontMatter: false, explain: true })) as Record<
      string,
      unknown
    >;
    expect(explained.trace).toEqual(result.trace);
  });

  it('starts with YAML front matter holding the metadata when asked', () => {
    const output = renderResult(result, { format: 'markdown', frontMatter: true, explain: false });
    const { yaml, body } = splitFrontMatter(output);
    expect(parseYaml(yaml)).toMatchObject({
      title: 'Ferry timetable changes',
      author: 'Mara Lindqvist',
      site: 'The Coastal Post',
      url: 'https://coastal-post.example/news/ferries',
      lang: 'en',
    });
    expect(body).toBe(`${result.markdown}\n`);
  });

  it('writes an empty front matter block when there is no metadata', () => {
    const empty = resultWith({
      title: undefined,
      author: undefined,
      siteName: undefined,
      published: undefined,
      url: undefined,
      lang: undefined,
      excerpt: undefined,
    });
    const { yaml } = splitFrontMatter(renderResult(empty, { format: 'markdown', frontMatter: true, explain: false }));
    expect(parseYaml(yaml)).toBeNull();
  });

  it.each([
    'He said "no": why the ferry stopped',
    "It's: a 'quoted' title",
    'Line one\nLine two',
    '---',
    'Before\n---\nAfter',
    '--- leading dashes',
    '...',
    '# not a comment',
    '- not a list',
    '[not, a, list]',
    '{not: a map}',
    'null',
    'true',
    '0x1F',
    '2026-11-29',
    '&anchor *alias !tag %directive @at `tick`',
    '  leading and trailing spaces  ',
    'tab\there',
    'control\u0007bell and \u2028 line separator',
    'emoji 🚢 and ümlaut and 漢字',
    'key: value\n  nested: true',
  ])('round-trips the hostile title %j through a YAML parser', (title) => {
    const output = renderResult(resultWith({ title, excerpt: title, author: title }), {
      format: 'markdown',
      frontMatter: true,
      explain: false,
    });
    const { yaml, body } = splitFrontMatter(output);
    expect(parseYaml(yaml)).toMatchObject({ title, excerpt: title, author: title });
    expect(body.startsWith('# Ferry timetable changes')).toBe(true);
  });
});
