// Rule ids as paths: what a switch turns off, which ids exist, the closest ones to a typo, and the
// built-in ids a user would guess (`captions`, `consent`, `related`, `captions/fold`).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';
import { UsageError, InvalidRuleError } from '../src/errors.js';
import { builtInRuleSets } from '../src/rules/load-rules.js';
import { checkRuleSwitches, knownRuleSets } from '../src/rules/rule-catalogue.js';
import { closestRuleIds, findUnknownRuleIds, knownRuleIds, switchedOff } from '../src/rules/rule-ids.js';
import type { RuleSet } from '../src/rules/rule-types.js';

const WHY = 'Exists for this test and nothing else.';

function set(id: string, ruleIds: string[], extra: Partial<RuleSet> = {}): RuleSet {
  return {
    source: `rules/${id}.yaml`,
    id,
    rules: ruleIds.map((ruleId) => ({ id: ruleId, phase: 'post', action: 'remove', selector: 'p', why: WHY })),
    ...extra,
  };
}

describe('switchedOff', () => {
  it('switches off the id itself and everything below it, whole segments only', () => {
    const off = switchedOff(['captions', 'related/heading-block', 'site/example.com']);
    expect(off('captions')).toBe(true);
    expect(off('captions/fold')).toBe(true);
    expect(off('captions/fold/alt-copy')).toBe(true);
    expect(off('captionsx/fold')).toBe(false);
    expect(off('caption')).toBe(false);
    expect(off('related/heading-block')).toBe(true);
    expect(off('related/heading-block-2')).toBe(false);
    expect(off('related/led-block')).toBe(false);
    expect(off('site/example.com')).toBe(true);
    expect(off('site/example.co')).toBe(false);
  });

  it('switches off nothing when given nothing', () => {
    expect(switchedOff([])('captions/fold')).toBe(false);
  });
});

describe('known ids and the closest ones', () => {
  const known = knownRuleIds([
    set('captions', ['captions/dedupe', 'captions/fold', 'captions/fold/alt-copy']),
    set('consent/cmp', ['consent/cmp']),
    set('consent/text', ['consent/text-banner']),
    set('related', ['related/heading-block']),
  ]);

  it('knows set ids, rule ids and every group above them', () => {
    expect([...known].sort()).toEqual([
      'captions',
      'captions/dedupe',
      'captions/fold',
      'captions/fold/alt-copy',
      'consent',
      'consent/cmp',
      'consent/text',
      'consent/text-banner',
      'related',
      'related/heading-block',
    ]);
  });

  it('suggests the id a user meant: an old set id, a bare rule name, a typo', () => {
    expect(closestRuleIds('generic/captions', known)[0]).toBe('captions');
    expect(closestRuleIds('fold', known)[0]).toBe('captions/fold');
    expect(closestRuleIds('captoins', known)).toEqual(['captions']);
    expect(closestRuleIds('relatd', known)).toEqual(['related']);
    expect(closestRuleIds('consent/text-baner', known)[0]).toBe('consent/text-banner');
    expect(closestRuleIds('xyzzy', known)).toEqual([]);
  });

  it('finds each unknown id once, with its suggestions, and passes known ones', () => {
    expect(findUnknownRuleIds(['captions', 'captoins', 'captoins', 'consent/cmp'], known)).toEqual([
      { id: 'captoins', closest: ['captions'] },
    ]);
  });
});

describe('built-in ids', () => {
  const sets = builtInRuleSets().map((compiled) => compiled.set);
  const known = knownRuleIds(sets);

  it('name each generic set by the group of its rules, so the guessable id switches the set off', () => {
    expect(sets.filter((s) => !s.match).map((s) => s.id)).toEqual([
      'captions',
      'consent/cmp',
      'consent/text',
      'edges',
      'related',
      'ui',
    ]);
    for (const ruleSet of sets.filter((s) => !s.match)) {
      const group = ruleSet.id.split('/')[0] ?? '';
      for (const rule of ruleSet.rules) expect(rule.id.startsWith(`${group}/`), rule.id).toBe(true);
    }
  });

  it('offer the groups a user would guess', () => {
    for (const id of ['captions', 'consent', 'related', 'edges', 'ui', 'captions/fold'])
      expect(known.has(id), id).toBe(true);
  });

  it('leave no `disable` list naming an unknown id', () => {
    for (const ruleSet of sets) expect(findUnknownRuleIds(ruleSet.disable ?? [], known), ruleSet.id).toEqual([]);
  });
});

describe('checkRuleSwitches', () => {
  it('refuses an unknown --disable-rule id as a usage error naming the closest ids', async () => {
    await expect(checkRuleSwitches({ disabledRules: ['captions', 'generic/captions'], userRules: [] })).rejects.toThrow(
      UsageError,
    );
    await expect(checkRuleSwitches({ disabledRules: ['generic/captions'], userRules: [] })).rejects.toThrow(
      '--disable-rule: unknown rule id "generic/captions" (closest: captions',
    );
    await expect(
      checkRuleSwitches({ disabledRules: ['captions', 'consent', 'captions/fold'], userRules: [] }),
    ).resolves.toBeUndefined();
  });

  it("accepts ids of the user's own sets, and refuses an unknown id in a user set's disable list", async () => {
    const mine = set('mine', ['mine/promo'], { disable: ['related/heading-block', 'mine/promo'] });
    await expect(checkRuleSwitches({ disabledRules: ['mine'], userRules: [mine] })).resolves.toBeUndefined();
    expect((await knownRuleSets([mine])).at(-1)).toBe(mine);
    const typo = set('typo', [], { disable: ['relatd'] });
    await expect(checkRuleSwitches({ disabledRules: [], userRules: [typo] })).rejects.toThrow(InvalidRuleError);
    await expect(checkRuleSwitches({ disabledRules: [], userRules: [typo] })).rejects.toThrow(
      `rules/typo.yaml: field 'disable': unknown rule id "relatd" (closest: related)`,
    );
  });
});

describe('one switch keeps captions as paragraphs', () => {
  const altCopyPage = readFileSync(new URL('../fixtures/rules/captions/fold-alt-copy/source.html', import.meta.url));
  const url = 'https://www.coastal-post.example/food/2026/03/island-bakery-bread-prize';
  const caption = 'Mira and Tomas Holm outside their bakery in Northholm harbour on Saturday.';
  const figurePage = `<!doctype html><html lang="en"><head><title>Harbour wall repaired</title></head><body><article>
    <h1>Harbour wall repaired</h1>
    <p>${'The harbour wall that the winter storms broke open has been rebuilt by a crew of twelve masons over three months. '.repeat(3)}</p>
    <figure><img src="https://example.com/wall.jpg" alt=""><figcaption>The rebuilt wall at low tide, seen from the pier.</figcaption></figure>
    <p>${'The town paid for the work from its reserve fund, and the masons used stone from the old quarry above the bay. '.repeat(3)}</p>
  </article></body></html>`;

  it('folds both kinds of caption onto the image by default', () => {
    expect(declutter(altCopyPage, { url }).markdown).not.toContain(`\n\n${caption}\n`);
    expect(declutter(figurePage).markdown).not.toMatch(/^The rebuilt wall at low tide/m);
  });

  it('keeps both as paragraphs with --disable-rule captions/fold', () => {
    const options = { disabledRules: ['captions/fold'] };
    expect(declutter(altCopyPage, { url, ...options }).markdown).toContain(`\n\n${caption}\n`);
    expect(declutter(figurePage, options).markdown).toMatch(/^The rebuilt wall at low tide, seen from the pier\.$/m);
  });
});
