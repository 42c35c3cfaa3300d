// Applies the rules selected for a page to a DOM tree or to the paragraphs of a text dump.

import type { PipelineContext } from '../types.js';

/** Runs the DOM rules of one phase over `root`, recording each removal in `ctx.trace`. */
export function applyDomRules(_root: Element, _phase: 'pre' | 'post', _ctx: PipelineContext): void {
  // Filled by the rules engine.
}

/** Runs the text-phase rules over the paragraphs of a text dump. */
export function applyTextRules(paragraphs: string[], _ctx: PipelineContext): string[] {
  return paragraphs;
}
