// A site config's removals, weighed before they run: lines that would take most of the page's prose are stale.
//
// Configs go stale when sites are redesigned, and a stale `strip` can name the very container the article
// now sits in (a paywall teaser class reused for the article text, a wrapper renamed). The body directive
// falls back when its container holds far less than the whole page; but that comparison is made after the
// strips ran, so a strip that ate the article would leave both sides equally empty. So before any of the
// config's removals run, the prose their targets hold (text of paragraphs, list items, cells, quotes) is
// weighed against the page's: over STRIP_STALE_SHARE of it, and none of the config's DOM rules run (the
// generic path, as without the config).

import type { CompiledRule } from '../rules/compile-rules.js';
import { preselectTargets } from '../rules/actions/select-targets.js';
import type { PipelineContext } from '../types.js';
import { closestMatching, elementsMatching } from '../stages/elements-by-tag.js';

/** Removals taking more than this share of the page's paragraph text are taken for stale. */
export const STRIP_STALE_SHARE = 0.5;
const PROSE_BLOCKS = 'p, li, dd, td, pre, blockquote';
/** Below this much paragraph text, the page's whole text is the measure (a page without <p>). */
const MIN_PARAGRAPH_CHARS = 200;

export interface StripWeight {
  /** Characters of the page's prose (its paragraphs' text, or its whole text when it has few). */
  total: number;
  /** Of those, the characters inside what the removal rules select. */
  removed: number;
  stale: boolean;
}

/** Weighs the `remove` rules among `rules` (a site config's pre rules) on the page under `root`. */
export function weighSiteRemovals(root: Element, rules: readonly CompiledRule[]): StripWeight {
  const removals = rules.filter((rule) => rule.rule.action === 'remove');
  // Kept for the rules' own turn: the strips are selected once per page, not once to weigh and once to run.
  const targets = outermost(removals.flatMap((rule) => preselectTargets(root, rule)));
  if (targets.length === 0) return { total: 0, removed: 0, stale: false };
  // Prose blocks: paragraphs, and the list items, cells and quotes a recipe or a data story holds its text in.
  const paragraphs = elementsMatching(root, PROSE_BLOCKS).filter(
    (block) => !block.parentElement || closestMatching(block.parentElement, PROSE_BLOCKS) === null,
  );
  const paragraphChars = sumText(paragraphs);
  let total: number;
  let removed: number;
  if (paragraphChars >= MIN_PARAGRAPH_CHARS) {
    total = paragraphChars;
    const removedSet = new Set(targets);
    removed = sumText(paragraphs.filter((paragraph) => insideAny(paragraph, removedSet)));
  } else {
    total = textLength(root);
    removed = sumText(targets);
  }
  return { total, removed, stale: total > 0 && removed > STRIP_STALE_SHARE * total };
}

/** The elements not inside another of them (ancestor walks: a page's strips can select hundreds). */
function outermost(elements: readonly Element[]): Element[] {
  const unique = new Set(elements);
  return [...unique].filter((element) => !insideAny(element.parentElement, unique));
}

/** Whether `node` or one of its ancestors is in `elements`. */
function insideAny(node: Element | null, elements: ReadonlySet<Element>): boolean {
  for (let current = node; current; current = current.parentElement) if (elements.has(current)) return true;
  return false;
}

function sumText(elements: readonly Element[]): number {
  return elements.reduce((sum, element) => sum + textLength(element), 0);
}

function textLength(node: Node): number {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

/**
 * The site config's set id when its removals would take most of the page's prose (traced as stale under
 * `site/<host>/strip`), for applyDomRules to skip; an empty set otherwise.
 */
export function staleSiteRemovals(
  root: Element,
  preRules: readonly CompiledRule[],
  site: { id: string },
  ctx: PipelineContext,
): ReadonlySet<string> {
  const weight = weighSiteRemovals(
    root,
    preRules.filter((rule) => rule.setId === site.id),
  );
  if (!weight.stale) return new Set();
  ctx.trace.push({
    ruleId: `${site.id}/strip`,
    site: site.id,
    phase: 'pre',
    action: 'strip-check',
    outcome: 'stale',
    preview:
      `its removals hold ${weight.removed} of the page's ${weight.total} characters of prose; ` +
      `none of the site config's DOM rules ran`,
  });
  return new Set([site.id]);
}
