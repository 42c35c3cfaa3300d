// Turns validated rules into their runnable form once (regular expressions compiled at load, not per page).

import type { ActionName, Rule, RuleConditions, RuleSet } from './rule-types.js';
import { selectorParts, type SelectorPart } from './selector-needs.js';
import { planNodes, type NodePlan } from './xpath/plan-xpath.js';

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
  notBefore?: string;
  minLinksToHeadings?: number;
  /**
   * Not written in files: the element must hold no article content (see content.ts). Set on the `when` of rules
   * that spare content and judge whole elements (remove, heading-block); trim-edges spares by blocks itself.
   */
  spareContent?: boolean;
}

export interface CompiledRule {
  rule: Rule;
  /** The set the rule came from (for the trace and `rules list`). */
  setId: string;
  /**
   * True when that set is a site set (it has `match`, or is a Full-Text RSS site config): the trace and the
   * report say so, whatever the rule's id.
   */
  site: boolean;
  when: CompiledConditions;
  /** The rule's `spareContent` with its default resolved (see sparesContent). */
  spareContent: boolean;
  /** The selector list split up, each with the tokens it needs (for the cheap pre-check). */
  selectorParts: SelectorPart[];
  /** Each XPath expression with how it is found (CSS where exact, else jsdom's evaluator). */
  xpathPlans: { source: string; plan: NodePlan }[];
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
      site: set.match !== undefined || set.site !== undefined,
      when: {
        ...compileConditions(rule.when ?? {}),
        ...(sparesContent(rule) && rule.action !== 'trim-edges' ? { spareContent: true } : {}),
      },
      spareContent: sparesContent(rule),
      selectorParts: rule.selector !== undefined ? selectorParts(rule.selector) : [],
      xpathPlans: (rule.xpath ?? []).map((source) => ({ source, plan: planNodes(source) })),
    })),
    hostPatterns: (set.match?.hosts ?? []).map((host) => host.toLowerCase()),
    path: set.match?.path !== undefined ? new RegExp(set.match.path, 'iu') : undefined,
  };
}

/** The actions that can spare content (Rule.spareContent): validation allows it on these, post rules default to it. */
export const SPARING_ACTIONS: readonly ActionName[] = ['remove', 'heading-block', 'trim-edges'];

/**
 * Whether a rule leaves elements holding article content alone: as it says, else yes for the post-phase actions
 * that remove (the article is what is left there), and no before Readability, where a consent banner's logo and
 * sentence of prose are the banner itself.
 */
export function sparesContent(rule: Rule): boolean {
  if (rule.spareContent !== undefined) return rule.spareContent;
  return rule.phase === 'post' && SPARING_ACTIONS.includes(rule.action);
}

export function compileConditions(when: RuleConditions): CompiledConditions {
  const compiled: CompiledConditions = {};
  if (when.text !== undefined) compiled.text = new RegExp(when.text, 'iu');
  if (when.notText !== undefined) compiled.notText = new RegExp(when.notText, 'iu');
  if (when.hasText !== undefined) compiled.hasText = new RegExp(when.hasText, 'iu');
  if (when.adjacentText !== undefined) compiled.adjacentText = new RegExp(when.adjacentText, 'iu');
  if (when.has !== undefined) compiled.has = when.has;
  if (when.notHas !== undefined) compiled.notHas = when.notHas;
  if (when.notBefore !== undefined) compiled.notBefore = when.notBefore;
  if (when.matches !== undefined) compiled.matches = when.matches;
  if (when.minChars !== undefined) compiled.minChars = when.minChars;
  if (when.maxChars !== undefined) compiled.maxChars = when.maxChars;
  if (when.minLinkDensity !== undefined) compiled.minLinkDensity = when.minLinkDensity;
  if (when.maxLinkDensity !== undefined) compiled.maxLinkDensity = when.maxLinkDensity;
  if (when.minLinksToHeadings !== undefined) compiled.minLinksToHeadings = when.minLinksToHeadings;
  return compiled;
}
