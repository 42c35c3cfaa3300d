// The bench's scorer: AEB metric reproduces the published table; stripper, leak finder and gate behave.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPages, loadPublishedOutputs } from '../bench/aeb-data.js';
import { countShingles, scorePage, summarise, tokenize } from '../bench/aeb-metric.js';
import { judge, readFloor } from '../bench/gate.js';
import { leakedBlocks } from '../bench/leaked-blocks.js';
import { findLeaks, teaserPhrase } from '../bench/leaks.js';
import { markdownToText } from '../bench/markdown-to-text.js';
import type { ScoredRun } from '../bench/score-run.js';
import { requires, sharedData, sharedPath } from './support/requirements.js';

const aeb = sharedData('datasets/scrapinghub-aeb', { file: 'ground-truth.json' });
const AEB_DIR = sharedPath('datasets/scrapinghub-aeb');

interface PublishedRow {
  name: string;
  version: string;
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
}

/** The result rows of the benchmark's README (name, version, F1, precision, recall, accuracy). */
function readmeRows(): PublishedRow[] {
  const readme = readFileSync(join(AEB_DIR, 'README.rst'), 'utf-8');
  const row = /^ {4}(\S+)\s+(.+?)\s+(\d\.\d{3}) ± \S+\s+(\d\.\d{3}) ± \S+\s+(\d\.\d{3}) ± \S+\s+(\d\.\d{3}) ± \S+\s*$/;
  return readme.split('\n').flatMap((line) => {
    const m = row.exec(line);
    if (!m) return [];
    const [, name = '', version = '', f1, precision, recall, accuracy] = m;
    return [
      {
        name,
        version,
        f1: Number(f1),
        precision: Number(precision),
        recall: Number(recall),
        accuracy: Number(accuracy),
      },
    ];
  });
}

/** Published files whose README row has another name. */
const README_NAME: Record<string, string> = { newspaper: 'newspaper4k' };

requires(aeb).describe('AEB metric against the published results', () => {
  const pages = loadPages(AEB_DIR);
  const outputs = loadPublishedOutputs(AEB_DIR);
  const rows = readmeRows();

  it('finds the dataset, its 181 pages and the published outputs', () => {
    expect(pages).toHaveLength(181);
    expect(outputs.map((o) => o.name)).toEqual(expect.arrayContaining(['readability_js', 'trafilatura']));
    expect(rows.length).toBeGreaterThan(20);
  });

  for (const output of outputs) {
    it(`reproduces the README figures for ${output.name}`, () => {
      const name = README_NAME[output.name] ?? output.name;
      const row = rows.find((r) => r.name === name && (output.version === undefined || r.version === output.version));
      expect(row, `README row for ${name} ${output.version ?? ''}`).toBeDefined();
      const summary = summarise(
        pages.map((page) => scorePage({ truth: page.truth, predicted: output.predictions.get(page.id) ?? '' })),
      );
      const rounded = (value: number): number => Number(value.toFixed(3));
      expect({
        f1: rounded(summary.f1),
        precision: rounded(summary.precision),
        recall: rounded(summary.recall),
        accuracy: rounded(summary.accuracy),
      }).toEqual({ f1: row?.f1, precision: row?.precision, recall: row?.recall, accuracy: row?.accuracy });
    });
  }
});

describe('AEB metric on hand-made pages', () => {
  it('tokenizes like Python `\\w`: letters and digits of any script, underscore, case kept', () => {
    expect(tokenize('Naïve café, 東京 2020_x! Ünïcode—dash')).toEqual([
      'Naïve',
      'café',
      '東京',
      '2020_x',
      'Ünïcode',
      'dash',
    ]);
    // A combining accent is not a word character in Python either: it splits the token.
    expect(tokenize('cafe\u0301s')).toEqual(['cafe', 's']);
  });

  it('makes 4-token shingles, and one shorter shingle for short texts', () => {
    expect([...countShingles(tokenize('a b c d e a b c d'))]).toEqual([
      ['a b c d', 2],
      ['b c d e', 1],
      ['c d e a', 1],
      ['d e a b', 1],
      ['e a b c', 1],
    ]);
    expect([...countShingles(tokenize('Hello world'))]).toEqual([['Hello world', 1]]);
    expect(countShingles([]).size).toBe(0);
  });

  it('scores one page: TP/FP/FN from shingle counts, normalised to sum to 1', () => {
    // truth shingles {abcd, bcde}, predicted {abcd, bcdx}: one of each kind.
    const score = scorePage({ truth: 'a b c d e', predicted: 'a b c d x' });
    expect(score.tp).toBeCloseTo(1 / 3);
    expect(score.fp).toBeCloseTo(1 / 3);
    expect(score.fn).toBeCloseTo(1 / 3);
    expect(score.exact).toBe(false);
    expect(scorePage({ truth: 'Hello world', predicted: 'hello world' })).toEqual({
      tp: 0,
      fp: 0.5,
      fn: 0.5,
      exact: false,
    });
    expect(scorePage({ truth: 'One, two.', predicted: '**One** two' }).exact).toBe(true);
  });

  it('averages precision over pages with output and recall over pages with truth', () => {
    const perfect = scorePage({ truth: 'w x y z q', predicted: 'w x y z q' });
    const empty = scorePage({ truth: 'w x y z q', predicted: '' });
    const summary = summarise([perfect, empty]);
    expect(summary.precision).toBe(1); // the empty page has TP+FP = 0: not in the precision average
    expect(summary.recall).toBe(0.5);
    expect(summary.f1).toBeCloseTo(2 / 3);
    expect(summary.accuracy).toBe(0.5);
  });
});

describe('markdownToText', () => {
  it('keeps link text without the URL, drops images and syntax', () => {
    const text = markdownToText(
      '# Title\n\nSee [the report](https://example.com/r "Report") and ![chart](c.png) _now_.\n\n- **one**\n- `two`',
    );
    expect(text).toBe('Title\n\nSee the report and  now.\n\none\n\ntwo');
  });

  it('keeps table cells and raw-HTML text apart, and code blocks as text', () => {
    const text = markdownToText(
      '| a | b |\n|---|---|\n| 5040 | 7 |\n\n<table><tr><td>12</td><td>34</td></tr></table>\n\n```js\nlet x = 1;\n```',
    );
    expect(tokenize(text)).toEqual(['a', 'b', '5040', '7', '12', '34', 'let', 'x', '1']);
  });

  it('turns a hard line break into a newline, so words do not fuse', () => {
    expect(tokenize(markdownToText('first\\\nsecond'))).toEqual(['first', 'second']);
  });
});

describe('leak finder', () => {
  it('finds teaser lines, repeated paragraphs and consent text the truth lacks', () => {
    const output =
      'Body text here.\n\nA caption.\n\nA caption.\n\nRead more: Other story\n\nWe use cookies to improve it.';
    const leaks = findLeaks({ output, truth: 'Body text here.\n\nA caption.' });
    expect(leaks.teasers).toEqual(['Read more: Other story']);
    expect(leaks.repeated).toEqual(['A caption.']);
    expect(leaks.consent).toEqual(['we use cookies']);
  });

  it('does not count what the truth has too', () => {
    const text = 'Read more: Other story\n\nWe use cookies to bake.';
    expect(findLeaks({ output: text, truth: text })).toEqual({ consent: [], repeated: [], teasers: [] });
  });

  it('takes a one-word phrase only on its own, and multilingual phrases', () => {
    expect(teaserPhrase('Related')).toBe('related');
    expect(teaserPhrase('Related to the case, police said more.')).toBeUndefined();
    expect(teaserPhrase('Lesen Sie auch: Der Hafen')).toBe('lesen sie auch');
    expect(teaserPhrase('Readers said so.')).toBeUndefined();
  });
});

describe('leaked blocks for the findings report', () => {
  it('marks blocks absent from the truth, with a category and a position', () => {
    const truth =
      'The council voted on the new harbour plan late on Tuesday evening.\n\nWork starts in spring next year.';
    const markdown = [
      '## Harbour plan approved',
      'Share on Facebook',
      'The council voted on the new harbour plan late on Tuesday evening.',
      'Photo: Jane Doe / Getty Images',
      'Work starts in spring next year.',
      '- [Ferry prices rise again](/a)\n- [New quay opens](/b)',
    ].join('\n\n');
    const leaked = leakedBlocks(markdown, truth, { title: 'Harbour plan approved' }).map((l) => [
      l.category,
      l.position,
      l.block.text,
    ]);
    expect(leaked).toEqual([
      ['headline repeated in the body (equals the page title)', 'before body', 'Harbour plan approved'],
      ['share / follow bar', 'before body', 'Share on Facebook'],
      ['caption / photo credit', 'inside body', 'Photo: Jane Doe / Getty Images'],
      ['link list (list items, mostly link text)', 'after body', 'Ferry prices rise again'],
      ['link list (list items, mostly link text)', 'after body', 'New quay opens'],
    ]);
  });
});

describe('bench gate', () => {
  const scored = (f1: number, emptyPages: number): ScoredRun => ({
    summary: { f1, precision: f1, recall: f1, accuracy: 0, pages: 3 },
    pages: [0, 1, 2].map((i) => ({
      id: `p${i}`,
      url: undefined,
      precision: f1,
      recall: f1,
      empty: i < emptyPages,
      error: undefined,
      leaks: { consent: [], repeated: [], teasers: [] },
    })),
    lost: emptyPages,
    leakPages: { consent: 0, repeated: 0, teasers: 0, any: 0 },
  });
  const floorFile = (f1: number): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'gate-')), 'floor.json');
    writeFileSync(path, JSON.stringify({ f1 }));
    return path;
  };
  const base = { raiseFloor: false, allowLowerFloor: false };

  it('passes at or above the floor, fails below it or on an empty page', () => {
    expect(judge({ ...base, scored: scored(0.95, 0), floor: 0.95, floorFile: floorFile(0.95) }).passed).toBe(true);
    const low = judge({ ...base, scored: scored(0.9499, 0), floor: 0.95, floorFile: floorFile(0.95) });
    expect(low.passed).toBe(false);
    expect(low.message).toMatch(/below the floor 0\.950/);
    const lost = judge({ ...base, scored: scored(0.99, 1), floor: 0.95, floorFile: floorFile(0.95) });
    expect(lost.passed).toBe(false);
    expect(lost.message).toMatch(/1 page\(s\) with empty output, first p0/);
  });

  it('raises the floor (rounded down) only when asked, and lowers it only with the explicit flag', () => {
    const path = floorFile(0.95);
    judge({ ...base, scored: scored(0.9687, 0), floor: 0.95, floorFile: path });
    expect(readFloor(path).f1).toBe(0.95);
    judge({ ...base, raiseFloor: true, scored: scored(0.9687, 0), floor: 0.95, floorFile: path });
    expect(readFloor(path).f1).toBe(0.968);
    const lower = judge({ ...base, raiseFloor: true, scored: scored(0.9, 0), floor: 0.968, floorFile: path });
    expect(lower.passed).toBe(false);
    expect(readFloor(path).f1).toBe(0.968);
    const allowed = judge({ ...base, allowLowerFloor: true, scored: scored(0.9, 0), floor: 0.968, floorFile: path });
    expect(allowed.passed).toBe(true);
    expect(readFloor(path).f1).toBe(0.9);
  });

  it('pins a sane floor in the repo', () => {
    const { f1 } = readFloor();
    expect(f1).toBeGreaterThan(0.5);
    expect(f1).toBeLessThanOrEqual(1);
  });
});
