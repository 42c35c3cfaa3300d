// Finds the elements a DOM rule applies to: matching its selector and meeting its conditions.

import type { CompiledRule } from '../compile-rules.js';
import { elementMeetsConditions, normalisedText } from '../conditions.js';
import { applicableSelector, tokensOf } from '../selector-needs.js';
import { evaluateElements } from '../xpath/evaluate-xpath.js';
import { elementMatches, elementsMatching, rootAndElementsMatching } from '../../stages/elements-by-tag.js';

/**
 * Which of a rule's XPath expressions found each element, for the trace (apply-rules reads it right after
 * the rule selected its targets).
 */
const xpathSources = new WeakMap<Element, string>();

/** The XPath expression that selected `element` for the rule that last selected it, if one did. */
export function xpathSourceOf(element: Element): string | undefined {
  return xpathSources.get(element);
}

/** Targets selected ahead of their rule's turn, by page root: each is handed out once (see preselectTargets). */
const preselected = new WeakMap<Element, Map<CompiledRule, readonly Element[]>>();

/**
 * Selects a rule's targets now and keeps them for the rule's own turn in the same phase on the same root,
 * so a check that weighs a rule's targets first (src/sites/site-strip-guard.ts) does not make the page pay
 * for a second selection: XPath lines are the dearest part of a site config. When the rule runs it takes
 * those of them still in the page.
 */
export function preselectTargets(root: Element, rule: CompiledRule): Element[] {
  const targets = selectTargets(root, rule);
  let kept = preselected.get(root);
  if (!kept) {
    kept = new Map();
    preselected.set(root, kept);
  }
  kept.set(rule, targets);
  return targets;
}

/**
 * Elements under `root` (or root itself) matching the rule's selector and conditions, in document order.
 * Nested matches are resolved by the rule's `pick`: `outermost` (the default) skips a match inside an
 * element that is already a target; `innermost` keeps only matches that contain no other match, so a
 * rule found by its text takes the smallest element holding that text, never a wrapper around more.
 */
export function selectTargets(root: Element, rule: CompiledRule): Element[] {
  const kept = preselected.get(root);
  const early = kept?.get(rule);
  if (kept && early) {
    kept.delete(rule);
    // The rules that ran since may have taken some of them out of the page already.
    return early.filter((target) => target === root || root.contains(target));
  }
  const matches = rule.xpathPlans.length > 0 ? xpathMatches(root, rule) : selectorMatches(root, rule);
  const candidates = inDocumentOrder(matches);
  if (rule.rule.pick === 'innermost') {
    const matching = candidates.filter((candidate) => elementMeetsConditions(candidate, rule.when));
    // In document order an element's descendants come right after it, so it contains a later match
    // exactly when it contains the next one.
    return matching.filter((element, index) => {
      const next = matching[index + 1];
      return !(next && element.contains(next));
    });
  }
  const targets: Element[] = [];
  for (const candidate of candidates) {
    // Likewise only the latest target can contain this candidate.
    if (targets.at(-1)?.contains(candidate)) continue;
    if (elementMeetsConditions(candidate, rule.when)) targets.push(candidate);
  }
  return targets;
}

function selectorMatches(root: Element, rule: CompiledRule): Element[] {
  if (rule.rule.selector === undefined) return [];
  // Only the selectors whose ids, classes, attributes and tags occur in this document (see selector-needs.ts).
  const selector = applicableSelector(rule.selectorParts, tokensOf(root));
  if (selector === undefined) return [];
  // With `has`, only ancestors of a `has` match can qualify: find those few first and test them against the
  // selector, rather than matching, reading and sorting every div on the page.
  if (rule.when.has !== undefined) {
    return [...holdersOf(root, rule.when.has, rule.when.hasText)].filter((element) =>
      elementMatches(element, selector),
    );
  }
  return rootAndElementsMatching(root, selector);
}

/** The elements any of the rule's XPath expressions selects (the first expression to find one is traced). */
function xpathMatches(root: Element, rule: CompiledRule): Element[] {
  const found = new Set<Element>();
  for (const { source, plan } of rule.xpathPlans) {
    for (const element of evaluateElements(plan, root)) {
      if (found.has(element)) continue;
      found.add(element);
      xpathSources.set(element, source);
    }
  }
  return [...found];
}

/**
 * jsdom's selector engine returns the matches of some selector lists group by group rather than in document
 * order; everything here (outermost, innermost, "keep the first copy") relies on document order.
 */
function inDocumentOrder(elements: Element[]): Element[] {
  const before = (a: Element, b: Element): boolean =>
    (a.compareDocumentPosition(b) & 4) /* Node.DOCUMENT_POSITION_FOLLOWING */ !== 0;
  for (let index = 1; index < elements.length; index++) {
    const previous = elements[index - 1];
    const current = elements[index];
    if (previous && current && !before(previous, current)) {
      return elements.sort((a, b) => (a === b ? 0 : before(a, b) ? -1 : 1));
    }
  }
  return elements;
}

/** Every element under (or equal to) `root` that has a descendant matching `has` (and `hasText`). */
function holdersOf(root: Element, has: string, hasText: RegExp | undefined): Set<Element> {
  const holders = new Set<Element>();
  for (const match of elementsMatching(root, has)) {
    if (hasText && !hasText.test(normalisedText(match))) continue;
    for (let ancestor = match.parentElement; ancestor && !holders.has(ancestor); ancestor = ancestor.parentElement) {
      holders.add(ancestor);
      if (ancestor === root) break;
    }
  }
  return holders;
}
