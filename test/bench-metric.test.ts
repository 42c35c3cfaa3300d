// The bench's scorer: AEB metric reproduces the published table; stripper, leak finder and gate behave.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { loadPages, loadPublishedOutputs } from '../bench/aeb-data.js';
import { countShingles, scorePage, summarise, tokenize } from '../bench/aeb-metric.js';
import type { SetName, SetScore } from '../bench/bench-sets.js';
import { judge, readFloors, writeFloors, type GateFloors, type SetFloor } from '../bench/gate.js';
import { leakedBlocks } from '../bench/leaked-blocks.js';
import { findLeaks, teaserPhrase } from '../bench/leaks.js';
import { markdownToText } from '../bench/markdown-to-text.js';
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
  const score = (f1: number, emptyIds: readonly string[] = []): SetScore => ({
    f1,
    precision: f1,
    recall: f1,
    pages: 3,
    empty: emptyIds.map((id) => ({ id, error: id === 'p0' ? 'NoArticleError: no article content found' : undefined })),
    detail: {
      set: 'trafilatura',
      run: {
        summary: { tp: 0, fp: 0, fn: 0, tn: 0, precision: f1, recall: f1, f1, accuracy: 0 },
        pages: [],
        lost: emptyIds.length,
        pagesMissing: 0,
        pagesLeaking: 0,
      },
    },
  });
  const base = { raiseFloor: false, allowLowerFloor: false };
  const check = (set: SetName, f1: number, floor: SetFloor, emptyIds: readonly string[] = [], flags = base) =>
    judge({ ...flags, set, score: score(f1, emptyIds), floor });

  it('passes at or above the floor, fails below it or on an empty page, naming the set', () => {
    expect(check('aeb', 0.95, { f1: 0.95 }).passed).toBe(true);
    const low = check('trafilatura', 0.9499, { f1: 0.95 });
    expect(low.passed).toBe(false);
    expect(low.message).toMatch(
      /^bench gate FAILED \[trafilatura-dev\]: F1 0\.9499 .* below the trafilatura-dev floor 0\.950/,
    );
    const lost = check('aeb', 0.99, { f1: 0.95 }, ['p0']);
    expect(lost.passed).toBe(false);
    expect(lost.message).toMatch(
      /^bench gate FAILED \[AEB\]: 1 page\(s\) with empty output .*first p0 \(NoArticleError/,
    );
  });

  it('lets a page listed as known-empty stay empty, but no other', () => {
    const floor = { f1: 0.9, knownEmpty: ['p0'] };
    const known = check('trafilatura', 0.95, floor, ['p0']);
    expect(known.passed).toBe(true);
    expect(known.message).toMatch(/1 known empty page\(s\) still empty \(p0\)/);
    const other = check('trafilatura', 0.95, floor, ['p0', 'p1']);
    expect(other.passed).toBe(false);
    expect(other.message).toMatch(/1 page\(s\) with empty output not listed in knownEmpty, first p1/);
  });

  it('raises a floor (rounded down) only when asked and nothing got worse; lowers it only with the explicit flag', () => {
    const raise = { raiseFloor: true, allowLowerFloor: false };
    const lower = { raiseFloor: false, allowLowerFloor: true };
    expect(check('aeb', 0.9687, { f1: 0.95 }).newFloor).toBeUndefined();
    expect(check('aeb', 0.9687, { f1: 0.95 }, [], raise).newFloor).toMatchObject({ f1: 0.968 });
    expect(check('aeb', 0.9687, { f1: 0.968 }, [], raise).newFloor).toBeUndefined();
    // A known page that has output again leaves the list, and the F1 stays.
    expect(check('trafilatura', 0.95, { f1: 0.95, knownEmpty: ['p0', 'p1'] }, ['p1'], raise).newFloor).toEqual({
      f1: 0.95,
      knownEmpty: ['p1'],
      note: expect.stringMatching(/--raise-floor \(measured F1 0\.9500\)/) as unknown,
    });
    // Higher F1 with a new empty page: nothing written, and the gate fails.
    const mixed = check('trafilatura', 0.97, { f1: 0.95 }, ['p2'], raise);
    expect(mixed.newFloor).toBeUndefined();
    expect(mixed.passed).toBe(false);
    const low = check('aeb', 0.9, { f1: 0.968 }, [], raise);
    expect(low.passed).toBe(false);
    expect(low.newFloor).toBeUndefined();
    const allowed = check('trafilatura', 0.9, { f1: 0.968 }, ['p0'], lower);
    expect(allowed.passed).toBe(true);
    expect(allowed.newFloor).toMatchObject({ f1: 0.9, knownEmpty: ['p0'] });
  });

  it('writes only the floors that changed, keeping the other set', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gate-')), 'floor.json');
    const floors: GateFloors = { aeb: { f1: 0.97, note: 'kept' }, trafilatura: { f1: 0.85 } };
    writeFileSync(path, JSON.stringify(floors));
    const raise = { raiseFloor: true, allowLowerFloor: false };
    const outcome = check('trafilatura', 0.8912, { f1: 0.85, knownEmpty: ['p0', 'p1'] }, ['p0'], raise);
    await writeFloors(path, readFloors(path), [outcome]);
    expect(readFloors(path)).toEqual({ aeb: { f1: 0.97, note: 'kept' }, trafilatura: outcome.newFloor });
    expect(outcome.newFloor).toMatchObject({ f1: 0.891, knownEmpty: ['p0'] });
    // Laid out as Prettier would, so format:check passes after a raise.
    expect(await prettier.check(readFileSync(path, 'utf-8'), { filepath: path })).toBe(true);
    writeFileSync(path, JSON.stringify({ f1: 0.9 }));
    expect(() => readFloors(path)).toThrow(/unknown set "f1"/);
  });

  it('pins a sane floor for each set in the repo', () => {
    const floors = readFloors();
    for (const set of ['aeb', 'trafilatura'] as const) {
      expect(floors[set]?.f1, set).toBeGreaterThan(0.5);
      expect(floors[set]?.f1, set).toBeLessThanOrEqual(1);
    }
  });
});
