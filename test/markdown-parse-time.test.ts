// Hostile pages of punctuation give Markdown any CommonMark reader (here remark) parses in time linear in its size.

import fc from 'fast-check';
import type { Nodes } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';
import { MAX_BLOCK } from '../src/markdown/block-length.js';

const parser = unified().use(remarkParse).use(remarkGfm);

// What makes micromark super-linear when it piles up in one block: escapes between runs of
// punctuation, brackets that nest or close nothing, emphasis packed side by side, links.
const unit = fc.constantFrom(
  '\\*\\_\\`[]\\(){}#>-+!|\\~',
  '\\(){}#>-+!|\\~',
  '[',
  ']',
  '[[',
  ']]',
  '<b>[</b>',
  '<b>]</b>',
  '<em>*</em>',
  '<strong>_</strong><em>_</em>',
  '<a href="https://x.example/">[</a>',
  '*',
  '_',
  '~',
  '`',
  '!',
  '&amp;',
  '&lt;',
  '\\',
  'a',
);
// Each page has at least one of the costliest.
const costly = fc.constantFrom(']', '[[', '<b>[</b>', '<b>]</b>', '<strong>_</strong><em>_</em>');
const page = fc
  .tuple(costly, fc.array(unit, { maxLength: 5 }), fc.constantFrom('p', 'blockquote'))
  .map(([first, units, tag]) => {
    units.unshift(first);
    const body = units.join('').repeat(Math.ceil(80_000 / units.join('').length));
    return `<html><head><title>Punctuation</title></head><body><article><${tag}>${body}</${tag}></article></body></html>`;
  });

function cpuMillis(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The least CPU time of a few parses of each text, taken in turns: other work on a shared machine
 * only ever adds time, and a slow spell then falls on both texts rather than on one.
 */
function leastParseMillis(texts: readonly string[], runs = 2): number[] {
  const least = texts.map(() => Infinity);
  for (let run = 0; run < runs; run++)
    for (const [index, text] of texts.entries())
      least[index] = Math.min(
        least[index] ?? Infinity,
        cpuMillis(() => parser.parse(text)),
      );
  return least;
}

/**
 * A linear baseline of the same material: the Markdown cut into blocks of 400 characters, each of
 * which a reader parses on its own, so whatever a block costs, the whole costs its length times a
 * constant. Cutting may end an escape or a link early; that changes what is read, not how much.
 */
function choppedBaseline(markdown: string): string {
  const pieces: string[] = [];
  for (let index = 0; index < markdown.length; index += 400) {
    pieces.push(markdown.slice(index, index + 400).replace(/\n+/g, ' '));
  }
  return pieces.join('\n\n');
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child, visit);
}

describe('Markdown any reader parses in time', () => {
  it('the punctuation page of issue 16 comes out in blocks of bounded length, every character kept', () => {
    const text = '\\*\\_\\`[]\\(){}#>-+!|\\~'.repeat(3_000);
    const html = `<html><body><article><p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p></article></body></html>`;
    const { markdown } = declutter(html);
    const blocks = markdown.split('\n\n');
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(block.length).toBeLessThan(2 * MAX_BLOCK);
    const readBack: string[] = [];
    walk(parser.parse(markdown), (node) => {
      if (node.type === 'text') readBack.push(node.value);
    });
    expect(readBack.join('').replace(/\s/g, '')).toBe(text);
  });

  it('writes no brackets that nest deep or close nothing, yet keeps brackets of prose as written', () => {
    const html = (inner: string): string => `<html><body><article><p>${inner}</p></article></body></html>`;
    expect(declutter(html(`${'['.repeat(50)}${']'.repeat(50)} and a] b]`)).markdown).toBe(
      `[[${'\\['.repeat(48)}]]${'\\]'.repeat(48)} and a\\] b\\]`,
    );
    expect(
      declutter(html('See [[wiki]], [1] and <b>[</b><a href="https://e.example/">source</a><b>]</b>.')).markdown,
    ).toBe('See [[wiki]], [1] and **[**[source](https://e.example/)**]**.');
  });

  // ~30 s of CPU: 5 pages of ~80 KB, each converted once and parsed four times. A page is several times
  // MAX_BLOCK, so output left in one block would show: without the bound, a page here took 9 times its
  // baseline; with it, at most 1.6 times.
  it('parses declutter output of adversarial punctuation pages within a bound proportional to its size', () => {
    fc.assert(
      fc.property(page, (html) => {
        const { markdown } = declutter(html, { url: 'https://x.example/a' });
        expect(markdown.length, 'the punctuation is the article').toBeGreaterThan(10_000);
        const [baseline = 0, actual = Infinity] = leastParseMillis([choppedBaseline(markdown), markdown]);
        // Linear output costs about what its chopped copy costs; quadratic output of this size
        // costs 5 to 50 times more (nested brackets: 6 s where the baseline takes 0.2 s). The
        // factor is generous for a loaded machine; the constant covers start-up noise.
        expect(actual, `${markdown.length} characters of ${markdown.slice(0, 120)}`).toBeLessThan(4 * baseline + 300);
      }),
      { numRuns: 5, seed: 16, endOnFailure: true },
    );
  }, 240_000);
});
