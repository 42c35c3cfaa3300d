// Extraction stage: Readability on the page itself, with tag lookups that skip jsdom's selector engine.

import { readFileSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.js';
import { extractArticle } from '../src/stages/extract.js';
import type { PipelineContext } from '../src/types.js';

function context(): PipelineContext {
  return { options: resolveOptions({}), baseUrl: undefined, trace: [], timings: {}, warnings: [] };
}

function parse(html: string): Document {
  return new JSDOM(html, { virtualConsole: new VirtualConsole(), url: 'https://example.test/a/b.html' }).window
    .document;
}

/** What Readability alone makes of the page, with its own querySelectorAll lookups. */
function plainReadability(html: string): string | undefined {
  const article = new Readability<Node>(parse(html), {
    keepClasses: true,
    serializer: (node) => node,
    maxElemsToParse: 250_000,
  }).parse();
  const content = article?.content;
  return content && content.nodeType === 1 ? (content as Element).outerHTML : undefined;
}

function ours(html: string): string | undefined {
  try {
    return extractArticle(parse(html), context()).content.outerHTML;
  } catch {
    return undefined;
  }
}

const paragraph = (n: number): string =>
  `<p>Paragraph ${n} of the story tells how the harbour council met the fishing cooperative, and what they agreed about the winter moorings and the new breakwater.</p>`;

describe('extractArticle', () => {
  it('gives the same article as Readability alone on every HTML fixture page', () => {
    const pages = globSync('fixtures/**/source.html');
    expect(pages.length).toBeGreaterThan(10);
    for (const path of pages) {
      const html = readFileSync(path, 'utf8');
      expect(ours(html), path).toBe(plainReadability(html));
    }
  });

  it('matches tag names as a selector does: HTML case-insensitively, SVG by exact name, in document order', () => {
    // Readability looks up upper-case lists (SPAN, LI, …) and mixed lists (ul, ol) when it scores lists.
    const html = `<html><body><div class="content"><h2>Part</h2>${paragraph(1)}<ul><li>one item with words</li></ul>${paragraph(2)}<OL><LI>two</LI></OL><svg><a href="#x"><text>svg link</text></a></svg>${paragraph(3)}<ul class="links"><li><a href="/1">a</a></li><li><a href="/2">b</a></li></ul>${paragraph(4)}</div></body></html>`;
    expect(ours(html)).toBe(plainReadability(html));
  });

  it('reads the page language before Readability runs on the page', () => {
    const html = `<html lang="nl"><body><article>${paragraph(1)}${paragraph(2)}${paragraph(3)}</article></body></html>`;
    expect(extractArticle(parse(html), context()).metadata.lang).toBe('nl');
  });
});
