// Rule ids as paths: what a switch (--disable-rule, a set's `disable` list) names, which ids exist, and
// the closest known ids to one that does not.
//
// Rule and set ids are `/`-separated paths (`captions/fold`, `consent/cmp`, `site/example.com`). A switch
// names an id and everything below it: `captions` switches off every rule whose id starts `captions/`
// and every set whose id does, `captions/fold` the rule `captions/fold` and `captions/fold/alt-copy`.
// Segments are compared whole: `caption` switches off nothing under `captions/`.

import { distance } from 'fastest-levenshtein';
import type { RuleSet } from './rule-types.js';

/** A test for "is this rule or set id switched off", built once from the switched-off ids. */
export function switchedOff(ids: Iterable<string>): (id: string) => boolean {
  const off = new Set(ids);
  if (off.size === 0) return () => false;
  return (id) => {
    if (off.has(id)) return true;
    for (let slash = id.indexOf('/'); slash !== -1; slash = id.indexOf('/', slash + 1)) {
      if (off.has(id.slice(0, slash))) return true;
    }
    return false;
  };
}

/**
 * Every id a switch can name for these sets: each set's id, each rule's id, and every `/`-prefix of
 * them (the groups). The one place the list of switchable ids is made.
 */
export function knownRuleIds(sets: readonly RuleSet[]): Set<string> {
  const known = new Set<string>();
  const add = (id: string): void => {
    known.add(id);
    for (let slash = id.indexOf('/'); slash !== -1; slash = id.indexOf('/', slash + 1)) known.add(id.slice(0, slash));
  };
  for (const set of sets) {
    add(set.id);
    for (const rule of set.rules) add(rule.id);
  }
  return known;
}

export interface UnknownRuleId {
  id: string;
  /** The closest known ids, best first (may be empty). */
  closest: string[];
}

/** The ids that name no known rule, set or group, each with the closest known ids. */
export function findUnknownRuleIds(ids: readonly string[], known: ReadonlySet<string>): UnknownRuleId[] {
  const unknown: UnknownRuleId[] = [];
  for (const id of new Set(ids)) {
    if (!known.has(id)) unknown.push({ id, closest: closestRuleIds(id, known) });
  }
  return unknown;
}

const MAX_SUGGESTIONS = 3;

/**
 * Known ids a user probably meant: the same last segment or the id inside a longer one (`generic/captions`
 * → `captions`, `fold` → `captions/fold`), else the ids within a few typing mistakes (`captoins` → `captions`).
 */
export function closestRuleIds(id: string, known: Iterable<string>): string[] {
  const wanted = id.toLowerCase().replace(/\/+$/, '');
  const lastSegment = wanted.slice(wanted.lastIndexOf('/') + 1);
  const scored: { id: string; score: number }[] = [];
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const candidateLast = lower.slice(lower.lastIndexOf('/') + 1);
    // Names that share a whole segment rank before mere spelling neighbours; shorter ids (groups) first.
    if (lower === wanted) scored.push({ id: candidate, score: 0 });
    else if (candidateLast === lastSegment || lower === lastSegment || lower.split('/').includes(wanted)) {
      scored.push({ id: candidate, score: 1 + lower.length / 1000 });
    } else {
      const edits = distance(wanted, lower);
      const allowed = Math.max(2, Math.floor(wanted.length / 4));
      if (edits <= allowed) scored.push({ id: candidate, score: 2 + edits });
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, MAX_SUGGESTIONS)
    .map((entry) => entry.id);
}

/** One line for unknown ids: `unknown rule id "captoins" (closest: captions); …`. */
export function describeUnknownRuleIds(unknown: readonly UnknownRuleId[]): string {
  return unknown
    .map(({ id, closest }) => `unknown rule id "${id}"${closest.length > 0 ? ` (closest: ${closest.join(', ')})` : ''}`)
    .join('; ');
}
