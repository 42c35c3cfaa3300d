// Decides which rules run on a page, and in what order: the one place precedence is decided.

import { builtInSiteSetFor } from '../sites/built-in-sites.js';
import type { SiteDirectives } from '../sites/site-config-types.js';
import { siteConfigRank } from '../sites/site-hosts.js';
import { compileRuleSet, type CompiledRule, type CompiledRuleSet } from './compile-rules.js';
import { builtInRuleSets } from './load-rules.js';
import { switchedOff } from './rule-ids.js';
import type { RulePhase, RuleSet } from './rule-types.js';

export type RulesByPhase = Record<RulePhase, CompiledRule[]>;

/** The page's Full-Text RSS site config, with the directives switched off left out. */
export interface SelectedSite {
  /** `site/<host>`, the set's id. */
  id: string;
  /** The set as read from its file (its DOM rules are in the phases' lists, less those switched off). */
  set: RuleSet;
  directives: SiteDirectives;
}

export interface SelectedRules extends RulesByPhase {
  /** The site config whose body, metadata, replacements and page links apply, if any. */
  site: SelectedSite | undefined;
}

export interface SelectOptions {
  userRules: readonly RuleSet[];
  disabledRules: readonly string[];
  /** false: no built-in site rules (neither the Full-Text RSS configs nor rules/sites/); user rules still apply. */
  siteRules?: boolean;
}

/**
 * Precedence: built-in generic sets; then the page's Full-Text RSS site config (a user's, passed as a
 * .txt rule file, when one matches the host, else the built-in one, never both: the most specific file
 * by the set's naming rules); then built-in site sets (rules/sites/) for the host; then user sets (generic
 * or matching), each in file order. A rule is dropped when its id, its set's id or a group above either
 * (`captions` for `captions/fold`) is in `disabledRules` or in the `disable` list of any set that applies
 * to the page; a site config's directives (`site/<host>/body`, `…/title`, …) are rule ids for this too.
 * A user set with the id of a built-in set replaces it.
 */
export function selectRules(
  url: string | undefined,
  options: SelectOptions,
  builtIns: readonly CompiledRuleSet[] = builtInRuleSets(),
): SelectedRules {
  const siteRules = options.siteRules !== false;
  const user = options.userRules.map(compileUserSet);
  const replaced = new Set(user.map((compiled) => compiled.set.id));
  const location = parseLocation(url);
  const userSite = location ? bestSiteConfig(user, location.host) : undefined;
  const builtInSite = location && siteRules && userSite === undefined ? builtInSiteSetFor(location.host) : undefined;
  const site = userSite ?? (builtInSite && !replaced.has(builtInSite.set.id) ? builtInSite : undefined);
  const all = [
    ...builtIns.filter((compiled) => !replaced.has(compiled.set.id) && (siteRules || !compiled.set.match)),
    ...user.filter((compiled) => compiled.set.site === undefined),
  ];
  const applicable = all.filter((compiled) => setApplies(compiled, location));
  const ordered = [
    ...applicable.filter((compiled) => !compiled.set.match && !user.includes(compiled)),
    ...(site ? [site] : []),
    ...applicable.filter((compiled) => compiled.set.match && !user.includes(compiled)),
    ...applicable.filter((compiled) => user.includes(compiled)),
  ];
  // A set switched off by id takes its own `disable` list with it. An id switches off everything at or
  // below it (`captions` every `captions/…` rule and set; src/rules/rule-ids.ts).
  const offByUser = switchedOff(options.disabledRules);
  const active = ordered.filter((compiled) => !offByUser(compiled.set.id));
  const isOff = switchedOff([...options.disabledRules, ...active.flatMap((compiled) => compiled.set.disable ?? [])]);
  const selected: SelectedRules = { pre: [], post: [], text: [], site: undefined };
  for (const compiled of active) {
    if (isOff(compiled.set.id)) continue;
    for (const rule of compiled.rules) {
      if (!isOff(rule.rule.id)) selected[rule.rule.phase].push(rule);
    }
    if (compiled === site && site.set.site) {
      const directives = withoutDisabled(site.set.site, site.set.id, isOff);
      selected.site = { id: site.set.id, set: site.set, directives };
    }
  }
  return selected;
}

/** The rule ids of a site config's directives that are not DOM rules, by field. */
const DIRECTIVE_IDS = {
  body: 'body',
  prune: 'prune',
  title: 'title',
  author: 'author',
  date: 'date',
  replace: 'replace_string',
  singlePageLink: 'single_page_link',
  nextPageLink: 'next_page_link',
} as const satisfies Partial<Record<keyof SiteDirectives, string>>;

function withoutDisabled(directives: SiteDirectives, setId: string, isOff: (id: string) => boolean): SiteDirectives {
  const kept: SiteDirectives = { ...directives };
  for (const [field, directive] of Object.entries(DIRECTIVE_IDS) as [keyof typeof DIRECTIVE_IDS, string][]) {
    if (isOff(`${setId}/${directive}`)) delete kept[field];
  }
  return kept;
}

/** The id of each site-config directive that is not a DOM rule (for id validation and listings). */
export const SITE_DIRECTIVE_IDS: readonly string[] = Object.values(DIRECTIVE_IDS);

/** Of the user's site configs, the one that matches the host most specifically. */
function bestSiteConfig(user: readonly CompiledRuleSet[], host: string): CompiledRuleSet | undefined {
  let best: CompiledRuleSet | undefined;
  let bestRank = 0;
  for (const compiled of user) {
    const name = compiled.set.site?.host;
    const rank = name === undefined ? 0 : siteConfigRank(name, host);
    if (rank > bestRank) {
      best = compiled;
      bestRank = rank;
    }
  }
  return best;
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
