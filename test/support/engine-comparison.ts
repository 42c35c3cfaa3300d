// What the plain selector tests (simple-selectors.ts, compiled-selectors.ts) are checked against: jsdom's own
// engine, on the built-in rules' selectors, over fixture pages and real pages.

import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { expect, it } from 'vitest';
import { builtInRuleSets } from '../../src/rules/load-rules.js';
import { elementMatches } from '../../src/stages/elements-by-tag.js';
import { requires, sharedData, sharedPath } from './requirements.js';

/** Every selector the built-in rules hand to the look-ups: targets and every condition's, `until` and `orWhen` too. */
export function builtInRuleSelectors(): string[] {
  const selectors = new Set<string>();
  for (const set of builtInRuleSets()) {
    for (const { rule } of set.rules) {
      if (rule.selector !== undefined) selectors.add(rule.selector);
      for (const when of [rule.when, rule.until, ...(rule.orWhen ?? [])]) {
        for (const selector of [when?.has, when?.notHas, when?.matches, when?.notBefore]) {
          if (selector !== undefined) selectors.add(selector);
        }
      }
    }
  }
  return [...selectors];
}

/** Every element of `document` matches each selector through elementMatches exactly when jsdom's engine says so. */
export function expectSameMatchesAsEngine(document: Document, selectors: readonly string[], where: string): void {
  const elements = [...document.querySelectorAll('*')];
  for (const selector of selectors) {
    const engine = elements.filter((element) => element.matches(selector));
    const plain = elements.filter((element) => elementMatches(element, selector));
    expect(plain, `${selector} on ${where}`).toEqual(engine);
  }
}

/** Each fixture page's source, parsed, with its path. */
export function* fixturePages(): Generator<{ path: string; document: Document }> {
  const sources = readdirSync('fixtures', { recursive: true, encoding: 'utf8' }).filter((path) =>
    path.endsWith('source.html'),
  );
  expect(sources.length).toBeGreaterThan(50);
  for (const path of sources) yield { path, document: new JSDOM(readFileSync(join('fixtures', path))).window.document };
}

/** Every `nth` gzipped page of a folder under ../shared (sorted by name), parsed, with its file name. */
export function* sharedPages(folder: string, nth: number): Generator<{ path: string; document: Document }> {
  const dir = sharedPath(folder);
  const files = readdirSync(dir)
    .sort()
    .filter((_, index) => index % nth === 0);
  for (const path of files) {
    // A quiet console: jsdom reports the pages' own stylesheets it cannot parse, which is not news here.
    const page = new JSDOM(gunzipSync(readFileSync(join(dir, path))), { virtualConsole: new VirtualConsole() });
    yield { path, document: page.window.document };
  }
}

/** The tests that `selectors` match as the engine does: every fixture page, every 20th trafilatura-dev page, every 10th AEB page. */
export function itMatchesAsTheEngineOnPages(selectors: readonly string[]): void {
  it('match as the engine does on every fixture page', () => {
    for (const { path, document } of fixturePages()) expectSameMatchesAsEngine(document, selectors, path);
  }, 300_000);
  const sets = [
    {
      data: sharedData('datasets/trafilatura-dev', { file: 'cases.json' }),
      pages: 'datasets/trafilatura-dev/pages',
      nth: 20,
      what: 'varied real pages (every 20th of trafilatura-dev)',
    },
    {
      data: sharedData('datasets/scrapinghub-aeb', { file: 'ground-truth.json' }),
      pages: 'datasets/scrapinghub-aeb/html',
      nth: 10,
      what: 'news pages (every 10th of AEB)',
    },
  ];
  for (const { data, pages, nth, what } of sets) {
    requires(data).it(
      `match as the engine does on ${what}`,
      () => {
        for (const { path, document } of sharedPages(pages, nth)) expectSameMatchesAsEngine(document, selectors, path);
      },
      300_000,
    );
  }
}
