// Turns validated rules into their runnable form once (regular expressions compiled at load, not per page).

import type { Rule, RuleConditions, RuleSet } from './rule-types.js';
import { selectorParts, type SelectorPart } from './selector-needs.js';

export interface CompiledConditions {
  text?: RegExp;
  notText?: RegExp;
  minChars?: number;
  maxChars?: number;
  minLinkDensity?: number;
  maxLinkDensity?: number;
  has?: string;
  hasText?: RegExp;
  notHas?: string;
  matches?: string;
  adjacentText?: RegExp;
}

export interface CompiledRule {
  rule: Rule;
  /** The set the rule came from (for the trace and `rules list`). */
  setId: string;
  /** True when that set is a site set (it has `match`): the trace and the report say so, whatever the rule's id. */
  site: boolean;
  when: CompiledConditions;
  /** The selector list split up, each with the tokens it needs (for the cheap pre-check). */
  selectorParts: SelectorPart[];
}

export interface CompiledRuleSet {
  set: RuleSet;
  rules: CompiledRule[];
  hostPatterns: string[];
  path: RegExp | undefined;
}

export function compileRuleSet(set: RuleSet): CompiledRuleSet {
  return {
    set,
    rules: set.rules.map((rule) => ({
      rule,
      setId: set.id,
      site: set.match !== undefined,
      when: compileConditions(rule.when ?? {}),
      selectorParts: rule.selector !== undefined ? selectorParts(rule.selector) : [],
    })),
    hostPatterns: (set.match?.hosts ?? []).map((host) => host.toLowerCase()),
    path: set.match?.path !== undefined ? new RegExp(set.match.path, 'iu') : undefined,
  };
}

export function compileConditions(when: RuleConditions): CompiledConditions {
  const compiled: CompiledConditions = {};
  if (when.text !== undefined) compiled.text = new RegExp(when.text, 'iu');
  if (when.notText !== undefined) compiled.notText = new RegExp(when.notText, 'iu');
  if (when.hasText !== undefined) compiled.hasText = new RegExp(when.hasText, 'iu');
  if (when.adjacentText !== undefined) compiled.adjacentText = new RegExp(when.adjacentText, 'iu');
  if (when.has !== undefined) compiled.has = when.has;
  if (when.notHas !== undefined) compiled.notHas = when.notHas;
  if (when.matches !== undefined) compiled.matches = when.matches;
  if (when.minChars !== undefined) compiled.minChars = when.minChars;
  if (when.maxChars !== undefined) compiled.maxChars = when.maxChars;
  if (when.minLinkDensity !== undefined) compiled.minLinkDensity = when.minLinkDensity;
  if (when.maxLinkDensity !== undefined) compiled.maxLinkDensity = when.maxLinkDensity;
  return compiled;
}
