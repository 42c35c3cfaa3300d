// Every built-in rule earns its place: a fixture lists it, it is selected for that fixture's URL, and
// switching it off changes the Markdown there. A rule that does nothing fails.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeclutterError, declutter } from '../src/index.js';
import { builtInRuleSets } from '../src/rules/load-rules.js';
import { selectRules } from '../src/rules/select-rules.js';
import { discoverFixtures, fixtureOptions, type Fixture } from './support/fixtures.js';

const fixtures = discoverFixtures();
const builtInRules = builtInRuleSets().flatMap(({ rules }) => rules.map(({ rule }) => rule));
const knownIds = new Set(builtInRules.map((rule) => rule.id));

/** The Markdown, or the error: a rule without which the page has no article at all changes the output too. */
function markdownOf(fixture: Fixture, disabledRules: readonly string[]): string {
  const options = fixtureOptions(fixture);
  try {
    return declutter(readFileSync(fixture.sourcePath), {
      ...options,
      disabledRules: [...(options.disabledRules ?? []), ...disabledRules],
    }).markdown;
  } catch (error) {
    if (error instanceof DeclutterError) return `(no output: ${error.code})`;
    throw error;
  }
}

describe('rule coverage', () => {
  it('has built-in rules to cover', () => {
    expect(builtInRules.length).toBeGreaterThan(0);
  });

  it('fixtures name only rules that exist', () => {
    for (const fixture of fixtures) {
      for (const id of fixture.meta.rules ?? [])
        expect(knownIds.has(id), `${fixture.id} lists unknown rule ${id}`).toBe(true);
    }
  });

  // One run per fixture with every rule on, shared by all the rules it lists.
  const withAllRules = new Map<string, string>();
  const baseline = (fixture: Fixture): string => {
    let markdown = withAllRules.get(fixture.id);
    if (markdown === undefined) {
      markdown = markdownOf(fixture, []);
      withAllRules.set(fixture.id, markdown);
    }
    return markdown;
  };

  for (const rule of builtInRules) {
    it(rule.id, () => {
      const covering = fixtures.filter((fixture) => fixture.meta.rules?.includes(rule.id));
      expect(covering.length, `no fixture lists ${rule.id} in meta.json "rules"`).toBeGreaterThan(0);
      for (const fixture of covering) {
        const options = fixtureOptions(fixture);
        const selected = selectRules(options.url, {
          userRules: [],
          disabledRules: options.disabledRules ?? [],
        })[rule.phase].some((compiled) => compiled.rule.id === rule.id);
        expect(selected, `${rule.id} is not selected for ${fixture.id} (${options.url ?? 'no url'})`).toBe(true);
        expect(markdownOf(fixture, [rule.id]), `${rule.id} changes nothing in ${fixture.id}`).not.toBe(
          baseline(fixture),
        );
      }
    });
  }
});
