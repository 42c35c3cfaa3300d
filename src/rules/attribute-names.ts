// The data-* attribute names the rules can test, so the parse stage keeps those and drops the others.

import { builtInRuleSets } from './load-rules.js';
import type { Rule, RuleSet } from './rule-types.js';

// Rule fields that hold regular expressions or prose, not selectors: a backslash there is no escape.
const NOT_SELECTORS: ReadonlySet<string> = new Set(['id', 'why', 'text', 'notText', 'hasText', 'adjacentText']);
const DATA_NAME = /data-[\w-]*/gi;

/**
 * Every data-* attribute name in any string of any rule of the built-in sets and `userRules`
 * (lower-cased), or undefined when a selector field holds a backslash: an escape could spell a name
 * (`[data\-x]`), so then every attribute must stay. All sets, whatever the page and the disabled
 * ids, so the answer does not depend on the URL. Any field but the regular-expression and prose
 * ones is read as a selector, so a selector field added with a new action is covered too.
 */
export function dataAttributesNamedByRules(userRules: readonly RuleSet[]): ReadonlySet<string> | undefined {
  builtInNames ??= namesIn(builtInRuleSets().map((compiled) => compiled.set));
  if (builtInNames === ESCAPED) return undefined;
  if (userRules.length === 0) return builtInNames;
  const user = namesIn(userRules);
  return user === ESCAPED ? undefined : new Set([...builtInNames, ...user]);
}

const ESCAPED = Symbol('escaped');
let builtInNames: ReadonlySet<string> | typeof ESCAPED | undefined;

function namesIn(sets: readonly RuleSet[]): ReadonlySet<string> | typeof ESCAPED {
  const names = new Set<string>();
  for (const rule of sets.flatMap((set): readonly Rule[] => set.rules)) {
    if (!collect(rule, undefined, names)) return ESCAPED;
  }
  return names;
}

/** Adds the names in `value` (a rule or part of one) to `names`; false on a backslash in a selector field. */
function collect(value: unknown, field: string | undefined, names: Set<string>): boolean {
  if (typeof value === 'string') {
    if (!NOT_SELECTORS.has(field ?? '') && value.includes('\\')) return false;
    for (const match of value.matchAll(DATA_NAME)) names.add(match[0].toLowerCase());
    return true;
  }
  if (Array.isArray(value)) return value.every((item) => collect(item, field, names));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(([key, item]) => collect(item, key, names));
  }
  return true;
}
