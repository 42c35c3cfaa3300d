// The contract every rule action implements.

import type { CompiledRule } from '../compile-rules.js';
import type { ActionName, RulePhase } from '../rule-types.js';

/**
 * Records one change in the trace: the element (or text) it touched. `text`, when given with an element, is what
 * the trace shows instead of the element's text; `selector` names what found it when the rule cannot tell.
 */
export type RecordChange = (change: { element?: Element; text?: string; selector?: string }) => void;

export interface RuleAction {
  name: ActionName;
  /** Phases the action can run in. */
  phases: readonly RulePhase[];
  /** Applies the rule to a DOM tree (pre and post phases). */
  applyToDom?: (root: Element, rule: CompiledRule, record: RecordChange) => void;
  /** Applies the rule to the paragraphs of a text dump (text phase); returns the kept paragraphs. */
  applyToText?: (paragraphs: readonly string[], rule: CompiledRule, record: RecordChange) => string[];
}
