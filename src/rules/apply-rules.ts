// Applies the rules selected for a page to a DOM tree or to the paragraphs of a text dump, tracing each change.

import { locateElement } from '../stages/page-places.js';
import type { PipelineContext, TraceEntry } from '../types.js';
import { actionFor } from './actions/index.js';
import type { RecordChange } from './actions/action-types.js';
import { xpathSourceOf } from './actions/select-targets.js';
import type { CompiledRule } from './compile-rules.js';
import { forgetTexts, normalisedText } from './conditions.js';
import { selectRules, type SelectedRules } from './select-rules.js';
import { elementMatches } from '../stages/elements-by-tag.js';

const PREVIEW_CHARS = 80;
const NO_SETS: ReadonlySet<string> = new Set();

/**
 * The rules selected for one pipeline run, kept beside its context so the stages share one selection
 * (selection compiles user sets and looks up the host's site config). A WeakMap rather than a field on
 * PipelineContext keeps this cache private to the rules engine and gone with the context. Keyed on the
 * URL too: the pipeline settles the base URL (from <base> or canonical) before any rule runs, and a
 * different URL would need a different selection.
 */
const selections = new WeakMap<PipelineContext, { url: string | undefined; rules: SelectedRules }>();

/** The rules selected for the page at `url` (by default the page's base URL). */
export function selectedRulesFor(ctx: PipelineContext, url: string | undefined = ctx.baseUrl): SelectedRules {
  const cached = selections.get(ctx);
  if (cached && cached.url === url) return cached.rules;
  const rules = selectRules(url, ctx.options);
  selections.set(ctx, { url, rules });
  return rules;
}

function rulesFor(ctx: PipelineContext): SelectedRules {
  return selectedRulesFor(ctx);
}

/** What a rule is, for the report: its action, why it exists and the set it came from. */
export interface RuleDescription {
  action: string;
  why: string;
  setId: string;
}

/** The rules selected for this run, by id (the report names each removal's rule and says why it exists). */
export function describeRules(ctx: PipelineContext): Map<string, RuleDescription> {
  const described = new Map<string, RuleDescription>();
  if (!ctx.options.rules) return described;
  const selected = rulesFor(ctx);
  for (const rule of [...selected.pre, ...selected.post, ...selected.text]) {
    described.set(rule.rule.id, { action: rule.rule.action, why: rule.rule.why, setId: rule.setId });
  }
  return described;
}

/**
 * Runs the DOM rules of one phase over `root`, recording each change in `ctx.trace`; the rules of the sets
 * named in `skipSets` do not run (a site config found stale on this page, see src/sites/site-strip-guard.ts).
 */
export function applyDomRules(
  root: Element,
  phase: 'pre' | 'post',
  ctx: PipelineContext,
  skipSets: ReadonlySet<string> = NO_SETS,
): void {
  forgetTexts();
  for (const rule of rulesFor(ctx)[phase]) {
    if (skipSets.has(rule.setId)) continue;
    actionFor(rule.rule.action).applyToDom?.(root, rule, recorder(rule, ctx));
  }
}

/** Runs the text-phase rules over the paragraphs of a text dump. */
export function applyTextRules(paragraphs: string[], ctx: PipelineContext): string[] {
  let kept = paragraphs;
  for (const rule of rulesFor(ctx).text) {
    const apply = actionFor(rule.rule.action).applyToText;
    if (apply) kept = apply(kept, rule, recorder(rule, ctx));
  }
  return kept;
}

function recorder(rule: CompiledRule, ctx: PipelineContext): RecordChange {
  return ({ element, text, selector: given }) => {
    const entry: TraceEntry = {
      ruleId: rule.rule.id,
      phase: rule.rule.phase,
      action: rule.rule.action,
      preview: preview(text ?? (element ? normalisedText(element) : '')),
    };
    const selector = given ?? (element ? matchedSelector(rule, element) : rule.rule.selector);
    if (selector !== undefined) entry.selector = selector;
    if (rule.site) entry.site = rule.setId;
    // Where the element was in the page as parsed; read before the action changes it (record comes first).
    if (element && ctx.places) {
      const { path, parts } = locateElement(ctx.places, element);
      if (path !== undefined) entry.path = path;
      if (parts !== undefined) entry.parts = parts;
    }
    ctx.trace.push(entry);
  };
}

/**
 * The selector of the rule's list that matched the element, so a trace line reads `#onetrust-consent-sdk`
 * rather than a list of hundreds. Called before the action changes the element; falls back to the whole list.
 */
function matchedSelector(rule: CompiledRule, element: Element): string | undefined {
  if (rule.xpathPlans.length > 0) return xpathSourceOf(element) ?? rule.rule.xpath?.join(' | ');
  if (rule.selectorParts.length < 2) return rule.rule.selector;
  const part = rule.selectorParts.find((candidate) => {
    try {
      return elementMatches(element, candidate.source);
    } catch {
      return false;
    }
  });
  return part?.source ?? rule.rule.selector;
}

function preview(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > PREVIEW_CHARS ? `${collapsed.slice(0, PREVIEW_CHARS - 1)}…` : collapsed;
}
