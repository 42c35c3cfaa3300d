// Finds the elements a DOM rule applies to: matching its selector and meeting its conditions.

import type { CompiledRule } from '../compile-rules.js';
import { elementMeetsConditions } from '../conditions.js';

/**
 * Elements under `root` (or root itself) matching the rule's selector and conditions, in document order,
 * outermost first: a match inside an element that is already a target is skipped.
 */
export function selectTargets(root: Element, rule: CompiledRule): Element[] {
  const selector = rule.rule.selector;
  if (selector === undefined) return [];
  const candidates = root.matches(selector)
    ? [root, ...root.querySelectorAll(selector)]
    : [...root.querySelectorAll(selector)];
  const targets: Element[] = [];
  for (const candidate of candidates) {
    if (targets.some((target) => target.contains(candidate))) continue;
    if (elementMeetsConditions(candidate, rule.when)) targets.push(candidate);
  }
  return targets;
}
