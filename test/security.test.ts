// Security guarantees, checked on what a renderer or terminal would see: no script URLs, no raw HTML,
// literal text stays literal, no terminal escapes, nothing executed, nothing fetched.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toString as mdastToString } from 'mdast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declutter, renderResult } from '../src/index.js';
import {
  articleHtml,
  DANGEROUS_URLS,
  hostilePages,
  LOOKALIKE_LINES,
  markdownProblems,
  parseMarkdown,
  runDeclutter,
  startProbeServer,
  stderrProblems,
  TERMINAL_ESCAPES,
  type ProbeServer,
} from './support/hostile-pages.js';
import type { Nodes, Root } from 'mdast';

let dir: string;
let probe: ProbeServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'declutter-security-'));
  probe = await startProbeServer();
});

afterAll(async () => {
  await probe.close();
  await rm(dir, { recursive: true, force: true });
});

/** The bytes of one hostile page kind, written through its own writer. */
async function pageBytes(kind: string): Promise<Buffer> {
  const page = hostilePages({ probeUrl: probe.url }).find((candidate) => candidate.kind === kind);
  if (!page) throw new Error(`no hostile page of kind ${kind}`);
  const path = join(dir, `${kind}.source`);
  await page.write(path);
  return readFile(path);
}

function collect(tree: Root, type: string): Nodes[] {
  const found: Nodes[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === type) found.push(node);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return found;
}

describe('URL schemes', () => {
  it('drops javascript:, vbscript: and data: URLs in every spelling, keeping the link text and alt text', async () => {
    const result = declutter(await pageBytes('dangerous-urls'));
    expect(await markdownProblems(result.markdown)).toEqual([]);
    const tree = await parseMarkdown(result.markdown);
    const text = mdastToString(tree);
    DANGEROUS_URLS.forEach((_, index) => {
      expect(text).toContain(`link text ${index}`);
      expect(text).toContain(`image alt ${index}`);
    });
    expect(result.markdown.toLowerCase()).not.toMatch(/script:|data:text/);
  });

  it('keeps ordinary http, https, mailto and relative links', async () => {
    const { html } = articleHtml({
      title: 'Links that stay',
      marker: 'safe links',
      // Links inside prose, so no clutter rule mistakes the paragraph for a link block.
      extraBody:
        '<p>The council published the <a href="https://example.org/a">secure report</a> on Monday, and the ' +
        'harbour office answered with <a href="http://example.org/b">a plain statement</a> that anyone can ' +
        '<a href="mailto:ed@example.org">write to the editor</a> or read <a href="/c">the earlier story</a> ' +
        'about the quarry, which the lantern makers have followed closely since spring.</p>',
    });
    const result = declutter(html, { url: 'https://news.example.com/story' });
    const links = collect(await parseMarkdown(result.markdown), 'link').map((node) => (node as { url: string }).url);
    expect(links).toEqual(
      expect.arrayContaining([
        'https://example.org/a',
        'http://example.org/b',
        'mailto:ed@example.org',
        'https://news.example.com/c',
      ]),
    );
  });
});

describe('text that looks like Markdown or HTML', () => {
  it('renders literally: the rendered text equals the page text, with no markup created', async () => {
    const result = declutter(await pageBytes('markdown-lookalike'));
    const tree = await parseMarkdown(result.markdown);
    const paragraphs = collect(tree, 'paragraph').map((node) => mdastToString(node));
    for (const line of LOOKALIKE_LINES) {
      // The page escapes these as text, so `&amp;` in a line is the text "&amp;", not "&".
      expect(paragraphs).toContain(line);
    }
    for (const type of [
      'html',
      'delete',
      'emphasis',
      'strong',
      'list',
      'blockquote',
      'inlineCode',
      'table',
      'thematicBreak',
    ]) {
      expect(collect(tree, type).map((node) => mdastToString(node))).toEqual([]);
    }
    // A bare URL in text may become a GFM autolink (same text, same target); a link with other text may not.
    const links = collect(tree, 'link').map((node) => ({
      text: mdastToString(node),
      url: (node as { url: string }).url,
    }));
    expect(links.filter((link) => link.text !== link.url)).toEqual([]);
    // Only the title is a heading.
    expect(collect(tree, 'heading').map((node) => mdastToString(node))).toEqual(['Article lookalike']);
  });
});

describe('terminal escapes from the page never reach the terminal', () => {
  const ESC_BYTES = [0x1b, 0x07, 0x9b];
  const escapeIn = (bytes: Buffer): number[] => {
    // C1 controls arrive UTF-8 encoded (U+009B is C2 9B); raw 0x9B alone would be a continuation byte.
    const text = bytes.toString('utf-8');
    return [...text].map((char) => char.codePointAt(0)!).filter((code) => ESC_BYTES.includes(code));
  };

  for (const args of [[], ['--front-matter'], ['--format', 'json'], ['--format', 'text'], ['--explain']]) {
    it(`default flags ${args.join(' ') || '(none)'}: stdout and stderr carry no ESC, BEL or CSI`, async () => {
      const path = join(dir, `ansi-${args.join('')}.html`);
      await writeFile(path, await pageBytes('ansi-title'));
      const run = await runDeclutter([path, ...args]);
      expect(run.code).toBe(0);
      expect(escapeIn(run.stdout)).toEqual([]);
      expect(escapeIn(run.stderr)).toEqual([]);
      expect(stderrProblems(run.stderr.toString('utf-8'))).toEqual([]);
      expect(run.stdout.toString('utf-8')).toContain('Escaped title');
    });
  }

  it('a file name with escapes is not echoed raw in the error line', async () => {
    const path = join(dir, `missing-${TERMINAL_ESCAPES}.html`);
    const run = await runDeclutter([path]);
    expect(run.code).toBe(1);
    expect(escapeIn(run.stderr)).toEqual([]);
  });

  it('batch mode with --verbose echoes no escapes from file names or pages', async () => {
    const input = join(dir, 'ansi-batch-in');
    const out = join(dir, 'ansi-batch-out');
    await mkdir(input, { recursive: true });
    const escapes = TERMINAL_ESCAPES.replace(/\//g, '_');
    await writeFile(join(input, `title-${escapes}.html`), await pageBytes('ansi-title'));
    await writeFile(join(input, `empty-${escapes}.html`), '');
    const run = await runDeclutter([input, '-o', out, '--verbose']);
    expect(run.code).toBe(1);
    expect(escapeIn(run.stderr)).toEqual([]);
    expect(escapeIn(run.stdout)).toEqual([]);
    expect(stderrProblems(run.stderr.toString('utf-8'))).toEqual([]);
  });

  it('the library result itself is free of escapes in metadata and Markdown', async () => {
    const result = declutter(await pageBytes('ansi-title'));
    const json = renderResult(result, { format: 'json', frontMatter: false, explain: false });
    const parsed = JSON.parse(json) as { metadata: Record<string, string | undefined>; markdown: string };
    for (const value of [...Object.values(parsed.metadata), parsed.markdown]) {
      expect(value ?? '').not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
  });
});

describe('active content', () => {
  it('the library executes nothing and fetches nothing, even after it returns', async () => {
    const before = probe.requests.length;
    const result = declutter(await pageBytes('active-content'), { url: 'https://news.example.com/active' });
    expect(result.metadata.title).toBe('Active content');
    expect(result.markdown).not.toContain('EXECUTED');
    expect(result.markdown).toContain('Paragraph 1 of active content');
    expect(await markdownProblems(result.markdown)).toEqual([]);
    // jsdom would load subresources asynchronously; give it the chance before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(probe.requests.slice(before)).toEqual([]);
  });

  it('the CLI executes nothing and fetches nothing, with every output format', async () => {
    const path = join(dir, 'active.html');
    await writeFile(path, await pageBytes('active-content'));
    const before = probe.requests.length;
    for (const args of [[], ['--format', 'json'], ['--front-matter', '--explain']]) {
      const run = await runDeclutter([path, ...args]);
      expect(run.code).toBe(0);
      expect(run.stdout.toString('utf-8')).not.toContain('EXECUTED');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(probe.requests.slice(before)).toEqual([]);
  });
});
