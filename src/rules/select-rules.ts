// Decides which rules run on a page, and in what order: the one place precedence is decided.

import { compileRuleSet, type CompiledRule, type CompiledRuleSet } from './compile-rules.js';
import { builtInRuleSets } from './load-rules.js';
import { switchedOff } from './rule-ids.js';
import type { RulePhase, RuleSet } from './rule-types.js';

export type RulesByPhase = Record<RulePhase, CompiledRule[]>;

/**
 * Precedence: built-in generic sets, then built-in site sets for the page's host, then user sets
 * (generic or matching), each in file order. A rule is dropped when its id, its set's id or a group
 * above either (`captions` for `captions/fold`) is in `disabledRules` or in the `disable` list of any set
 * that applies to the page. A user set with the id of a built-in set replaces it.
 */
export function selectRules(
  url: string | undefined,
  options: { userRules: readonly RuleSet[]; disabledRules: readonly string[] },
  builtIns: readonly CompiledRuleSet[] = builtInRuleSets(),
): RulesByPhase {
  const user = options.userRules.map(compileUserSet);
  const replaced = new Set(user.map((compiled) => compiled.set.id));
  const all = [...builtIns.filter((compiled) => !replaced.has(compiled.set.id)), ...user];
  const location = parseLocation(url);
  const applicable = all.filter((compiled) => setApplies(compiled, location));
  const ordered = [
    ...applicable.filter((compiled) => !compiled.set.match && !user.includes(compiled)),
    ...applicable.filter((compiled) => compiled.set.match && !user.includes(compiled)),
    ...applicable.filter((compiled) => user.includes(compiled)),
  ];
  // A set switched off by id takes its own `disable` list with it. An id switches off everything at or
  // below it (`captions` every `captions/…` rule and set; src/rules/rule-ids.ts).
  const offByUser = switchedOff(options.disabledRules);
  const active = ordered.filter((compiled) => !offByUser(compiled.set.id));
  const isOff = switchedOff([...options.disabledRules, ...active.flatMap((compiled) => compiled.set.disable ?? [])]);
  const byPhase: RulesByPhase = { pre: [], post: [], text: [] };
  for (const compiled of active) {
    if (isOff(compiled.set.id)) continue;
    for (const rule of compiled.rules) {
      if (!isOff(rule.rule.id)) byPhase[rule.rule.phase].push(rule);
    }
  }
  return byPhase;
}

// User sets are compiled once per set object, not once per page.
const compiledUserSets = new WeakMap<RuleSet, CompiledRuleSet>();

function compileUserSet(set: RuleSet): CompiledRuleSet {
  let compiled = compiledUserSets.get(set);
  if (!compiled) {
    compiled = compileRuleSet(set);
    compiledUserSets.set(set, compiled);
  }
  return compiled;
}

interface PageLocation {
  host: string;
  path: string;
}

function parseLocation(url: string | undefined): PageLocation | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname.toLowerCase().replace(/\.$/, ''), path: parsed.pathname };
  } catch {
    return undefined;
  }
}

/** Generic sets apply everywhere; site sets only to their hosts (and path, when given). */
export function setApplies(compiled: CompiledRuleSet, location: PageLocation | undefined): boolean {
  if (!compiled.set.match) return true;
  if (!location) return false;
  const hostMatches = compiled.hostPatterns.some((pattern) =>
    pattern.startsWith('*.')
      ? location.host.endsWith(pattern.slice(1))
      : location.host === pattern || location.host.endsWith(`.${pattern}`),
  );
  return hostMatches && (!compiled.path || compiled.path.test(location.path));
}
