// Every rule set declutter knows — built-in, then the user's — and the check that the ids a user switches
// off exist. `rules list` and --disable-rule both read this one list, so a new kind of set is added here.

import { InvalidRuleError, UsageError } from '../errors.js';
import { BUILT_IN_ARTEFACT_PATH, readArtefact, readBuiltInRuleFiles } from './built-in-artefact.js';
import { describeUnknownRuleIds, findUnknownRuleIds, knownRuleIds, type UnknownRuleId } from './rule-ids.js';
import type { RuleSet } from './rule-types.js';

/** The rule sets a run can use: the built-in ones in load order, then the user's (`--rules`). */
export async function knownRuleSets(userRules: readonly RuleSet[] = []): Promise<RuleSet[]> {
  // The build's artefact when it is current: the main thread of a batch then never loads jsdom (which
  // validating the YAML needs) just to check an id.
  const builtIn =
    readArtefact(BUILT_IN_ARTEFACT_PATH, readBuiltInRuleFiles()) ??
    (await import('./load-rules.js')).builtInRuleSets().map((compiled) => compiled.set);
  return [...builtIn, ...userRules];
}

/**
 * Refuses ids that name no rule, set or group: those given to --disable-rule (a UsageError) and those in
 * a user set's `disable` list (an InvalidRuleError naming the file), each with the closest known ids.
 */
export async function checkRuleSwitches(options: {
  disabledRules: readonly string[];
  userRules: readonly RuleSet[];
}): Promise<void> {
  const sets = await knownRuleSets(options.userRules);
  const unknown = await findUnknownIds(options.disabledRules, sets);
  if (unknown.length > 0) {
    throw new UsageError(`--disable-rule: ${describeUnknownRuleIds(unknown)}; \`declutter rules list\` shows the ids`);
  }
  for (const set of options.userRules) {
    const unknownInSet = await findUnknownIds(set.disable ?? [], sets);
    if (unknownInSet.length > 0) {
      throw new InvalidRuleError(`${set.source}: field 'disable': ${describeUnknownRuleIds(unknownInSet)}`);
    }
  }
}

/**
 * The ids among `ids` that name no rule, set or group of `sets` nor a Full-Text RSS site config's
 * (`site/<host>`, `site/<host>/<directive>`, for the built-in configs and those in `sets`). The built-in
 * configs' names are read only when an unknown id is under `site/`: they are 2,000 files, not rule sets.
 */
export async function findUnknownIds(ids: readonly string[], sets: readonly RuleSet[]): Promise<UnknownRuleId[]> {
  const known = knownRuleIds(sets);
  const unknown = findUnknownRuleIds(ids, known);
  if (!unknown.some(({ id }) => id === 'site' || id.startsWith('site/'))) return unknown;
  const [{ builtInSiteConfigNames }, { SITE_DIRECTIVE_IDS }, { SITE_RULE_DIRECTIVES }] = await Promise.all([
    import('../sites/built-in-sites.js'),
    import('./select-rules.js'),
    import('../sites/parse-site-config.js'),
  ]);
  const hosts = [
    ...builtInSiteConfigNames(),
    ...sets.flatMap((set) => (set.site !== undefined ? [set.site.host] : [])),
  ];
  known.add('site');
  for (const host of hosts) {
    known.add(`site/${host}`);
    for (const directive of [...SITE_RULE_DIRECTIVES, ...SITE_DIRECTIVE_IDS]) known.add(`site/${host}/${directive}`);
  }
  return findUnknownRuleIds(ids, known);
}
