// The trafilatura-dev scorer: Python's whitespace normalisation, segment containment, sums over pages, Markdown text.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { halfOf, selectHalf } from '../bench/aeb-data.js';
import { loadSet, parseSets } from '../bench/bench-sets.js';
import { markdownToText } from '../bench/markdown-to-text.js';
import { scoreSegmentRun } from '../bench/score-segment-run.js';
import { normaliseWhitespace, scoreSegments, summariseSegments } from '../bench/segment-metric.js';
import { DEFAULT_TRAFILATURA_DIR, loadTrafilaturaPages, type TrafilaturaPage } from '../bench/trafilatura-data.js';
import { requires, sharedData, systemTool } from './support/requirements.js';

/** Debian's interpreter (the first python3 on PATH may be another one). */
const PYTHON = '/usr/bin/python3';
const python = systemTool(PYTHON, { debian: 'python3', name: 'Debian python3' });
const trafilaturaDev = sharedData('datasets/trafilatura-dev', { file: 'cases.json' });

describe('whitespace normalisation, as Python re.sub(r"\\s+", " ", t).strip()', () => {
  it('collapses every run of Python whitespace to one space and strips the ends', () => {
    expect(normaliseWhitespace('  a \t\n b\r\n\fc\v ')).toBe('a b c');
    // Python's \s beyond JavaScript's: the information separators U+001C–U+001F and NEL U+0085.
    expect(normaliseWhitespace('a\x1cb\x1dc\x1ee\x1ff\x85g')).toBe('a b c e f g');
    // Both languages: no-break space, ideographic space, line and paragraph separators, en quad… hair space.
    expect(normaliseWhitespace('\u00a0a\u3000b\u2028c\u2029d\u2000\u200ae\u202ff\u205fg\u1680')).toBe('a b c d e f g');
  });

  it('keeps what Python does not count as whitespace: BOM, zero-width space and joiners', () => {
    expect(normaliseWhitespace('\ufeffa\u200bb\u200dc\u00adx')).toBe('\ufeffa\u200bb\u200dc\u00adx');
    expect(normaliseWhitespace('\ufeff')).toBe('\ufeff');
    expect(normaliseWhitespace(' \n\t ')).toBe('');
  });

  requires(python).it('agrees with Python on strings mixing every whitespace candidate', () => {
    const candidates = [
      ...'\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u180e',
      ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
      'a',
      'é',
      '語',
    ];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const samples = Array.from({ length: 300 }, () =>
      Array.from(
        { length: 1 + Math.floor(random() * 12) },
        () => candidates[Math.floor(random() * candidates.length)],
      ).join(''),
    );
    const python = spawnSync(
      PYTHON,
      ['-c', 'import json,re,sys\nprint(json.dumps([re.sub(r"\\s+", " ", t).strip() for t in json.load(sys.stdin)]))'],
      { input: JSON.stringify(samples), encoding: 'utf-8' },
    );
    expect(python.status, python.stderr).toBe(0);
    expect(samples.map(normaliseWhitespace)).toEqual(JSON.parse(python.stdout));
  });
});

describe('segment scoring', () => {
  const page = {
    with: ['The council voted\non Tuesday.', 'Work starts in spring.'],
    without: ['Impressum', 'Share on Facebook', 'voted'],
  };

  it('counts a with segment found as tp (else fn) and a without segment found as fp (else tn)', () => {
    const text = 'The  council voted on Tuesday.\n\nWork starts in spring.\n\nShare on Facebook';
    expect(scoreSegments(page, text)).toEqual({
      tp: 2,
      fp: 2,
      fn: 0,
      tn: 1,
      missed: [],
      leaked: ['Share on Facebook', 'voted'],
    });
  });

  it('matches case-sensitively, by substring, across block boundaries once whitespace is normalised', () => {
    expect(scoreSegments(page, 'the council voted on tuesday. Work starts in spring. impressum')).toMatchObject({
      tp: 1,
      fn: 1,
      fp: 1,
      missed: ['The council voted\non Tuesday.'],
      leaked: ['voted'],
    });
    expect(scoreSegments({ with: ['spring. Share'], without: [] }, 'Work starts in spring.\n\nShare')).toMatchObject({
      tp: 1,
    });
    // Normalised on both sides: a segment with a no-break space matches a text with a newline.
    expect(scoreSegments({ with: ['a\u00a0b'], without: [] }, 'a\nb').tp).toBe(1);
    // Python's whitespace, not JavaScript's: a BOM is a character to match, U+0085 a space.
    expect(scoreSegments({ with: ['a b'], without: [] }, 'a\ufeffb').tp).toBe(0);
    expect(scoreSegments({ with: ['a b'], without: [] }, 'a\x85b').tp).toBe(1);
  });

  it('gives a failed or empty page no hit: every with segment missed, every without segment a tn', () => {
    const nothing = { tp: 0, fp: 0, fn: 2, tn: 3, missed: page.with, leaked: [] };
    expect(scoreSegments(page, undefined)).toEqual(nothing);
    expect(scoreSegments(page, '')).toEqual(nothing);
    expect(scoreSegments(page, ' \n ')).toEqual(nothing);
  });

  it('sums tp/fp/fn/tn over pages before taking precision, recall and F1', () => {
    const summary = summariseSegments([
      { tp: 3, fp: 0, fn: 0, tn: 3 },
      { tp: 0, fp: 2, fn: 3, tn: 1 },
      { tp: 1, fp: 1, fn: 1, tn: 1 },
    ]);
    expect(summary).toEqual({
      tp: 4,
      fp: 3,
      fn: 4,
      tn: 5,
      precision: 4 / 7,
      recall: 4 / 8,
      f1: 8 / 15,
      accuracy: 9 / 16,
    });
    expect(summariseSegments([])).toEqual({ tp: 0, fp: 0, fn: 0, tn: 0, precision: 0, recall: 0, f1: 0, accuracy: 0 });
  });
});

describe('Markdown to scored text (trafilatura-dev keeps alt text)', () => {
  it('keeps link text, alt text and code; drops URLs, titles and syntax', () => {
    const markdown = [
      '# A **bold** title',
      'See [the report](https://example.com/r "Report title") and ![a chart of rents](c.png "Chart title") _now_.',
      '![Lead photo: the harbour at dawn](lead.jpg)',
      'Escaped \\*stars\\* and `inline code` and <https://example.com/bare>.',
      '```js\nlet x = 1;\n```',
      '| city | rent |\n| --- | --- |\n| Kiel | 9,50 € |',
      '<p>Raw <img alt="raw alt" src="x.png"> html</p>',
    ].join('\n\n');
    const text = normaliseWhitespace(markdownToText(markdown, { imageAlt: true }));
    expect(text).toBe(
      'A bold title See the report and a chart of rents now. Lead photo: the harbour at dawn ' +
        'Escaped *stars* and inline code and https://example.com/bare. let x = 1; city rent Kiel 9,50 € Raw raw alt html',
    );
    // AEB's text, for comparison, has no alt text.
    expect(markdownToText('![alt words](a.png) text')).toBe('text');
  });

  it('scores a run of Markdown outputs, counting empty and failed pages as lost', () => {
    const pages: TrafilaturaPage[] = [
      { id: 'a', url: undefined, htmlPath: '', with: ['the report', 'a chart of rents'], without: ['example.com'] },
      { id: 'b', url: undefined, htmlPath: '', with: ['Body text'], without: ['Menu'] },
      { id: 'c', url: undefined, htmlPath: '', with: ['Body text'], without: ['Menu'] },
    ];
    const run = scoreSegmentRun(pages, [
      { markdown: 'See [the report](https://example.com/r).\n\n![a chart of rents](c.png)', error: undefined },
      { markdown: '![](spacer.gif)\n\n---', error: undefined },
      { markdown: '', error: 'NoArticleError: no article content found' },
    ]);
    expect(run.pages.map(({ id, tp, fp, fn, tn, empty }) => ({ id, tp, fp, fn, tn, empty }))).toEqual([
      { id: 'a', tp: 2, fp: 0, fn: 0, tn: 1, empty: false },
      { id: 'b', tp: 0, fp: 0, fn: 1, tn: 1, empty: true },
      { id: 'c', tp: 0, fp: 0, fn: 1, tn: 1, empty: true },
    ]);
    expect(run.pages[2]?.error).toMatch(/NoArticleError/);
    expect(run).toMatchObject({ lost: 2, pagesMissing: 2, pagesLeaking: 0 });
    expect(run.summary).toMatchObject({ tp: 2, fp: 0, fn: 2, tn: 3, precision: 1, recall: 0.5 });
  });

  it('parses --set', () => {
    expect(parseSets(undefined)).toEqual(['aeb', 'trafilatura']);
    expect(parseSets('all')).toEqual(['aeb', 'trafilatura']);
    expect(parseSets('trafilatura')).toEqual(['trafilatura']);
    expect(() => parseSets('news')).toThrow(/--set must be "aeb", "trafilatura" or "all", not "news"/);
  });
});

requires(trafilaturaDev).describe('the trafilatura-dev set', () => {
  it('loads 499 pages, each with its segments and gzipped page, and its address where it has one', () => {
    const pages = loadTrafilaturaPages(DEFAULT_TRAFILATURA_DIR);
    expect(pages).toHaveLength(499);
    expect(new Set(pages.map((page) => page.id)).size).toBe(499);
    expect(pages.every((page) => page.with.length > 0 && page.without.length > 0)).toBe(true);
    // Addresses only: trafilatura's corpus keys (`hard::site.html`) are not passed as --url.
    expect(pages.filter((page) => page.url !== undefined)).toHaveLength(483);
    expect(pages.every((page) => page.url === undefined || /^https?:\/\/[^/]/.test(page.url))).toBe(true);
    expect(pages[0]).toMatchObject({
      id: 'die-partei.net.luebeck',
      url: expect.stringContaining('die-partei.net') as unknown,
    });
  });

  it('splits into the same tune and check halves by hash as AEB', () => {
    const pages = loadTrafilaturaPages(DEFAULT_TRAFILATURA_DIR);
    const tune = selectHalf(pages, 'tune');
    expect([tune.length, selectHalf(pages, 'check').length]).toEqual([257, 242]);
    expect(tune.every((page) => halfOf(page.id) === 'tune')).toBe(true);
    // A set's score of one half reads only that half's outputs.
    const set = loadSet('trafilatura', { limit: 20 });
    const outputs = set.pages.map((page) => ({ markdown: halfOf(page.id) === 'tune' ? 'x' : '', error: undefined }));
    expect(set.score(outputs, 'tune').empty).toEqual([]);
    expect(set.score(outputs, 'check').empty).toHaveLength(set.pages.filter((p) => halfOf(p.id) === 'check').length);
  });

  it('gives full marks to a text made of every page’s with segments (no without segment sits inside one)', () => {
    const pages = loadTrafilaturaPages(DEFAULT_TRAFILATURA_DIR);
    const summary = summariseSegments(pages.map((page) => scoreSegments(page, page.with.join('\n\n'))));
    expect(summary).toMatchObject({ fn: 0, fp: 0, precision: 1, recall: 1, f1: 1 });
  });
});
