// dedupe: keeps the first of several matching elements (or neighbouring lines) with the same text, removes the rest.

import type { CompiledRule } from '../compile-rules.js';
import { TRAILING_CREDIT } from '../credits.js';
import { normalisedText, paragraphMeetsConditions } from '../conditions.js';
import type { RecordChange, RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';
import { closestMatching, elementsMatching, firstMatching } from '../../stages/elements-by-tag.js';

type Similarity = CompiledRule['rule']['similarity'];

/**
 * True when `element` holds a picture of the page (not a `<noscript>` copy): it is the wrapper of a photo and its
 * caption (WordPress's `div.wp-caption` matches a caption selector too), never a copy to remove.
 */
function holdsPicture(element: Element): boolean {
  return firstMatching(element, 'img, picture, video') !== null && !closestMatching(element, 'noscript');
}

/**
 * The rule's targets to compare, in document order: a target that holds a picture is replaced by the matches inside
 * it that hold none (its caption line). Eleven photos sharing one caption are eleven photos; only their caption
 * lines are copies.
 */
function comparedTargets(root: Element, rule: CompiledRule): Element[] {
  const compared: Element[] = [];
  const selector = rule.rule.selector;
  for (const target of selectTargets(root, rule)) {
    if (target === root) continue;
    if (!holdsPicture(target)) {
      compared.push(target);
      continue;
    }
    if (selector === undefined) continue;
    let last: Element | undefined;
    for (const inner of elementsMatching(target, selector)) {
      if (holdsPicture(inner) || last?.contains(inner)) continue;
      compared.push(inner);
      last = inner;
    }
  }
  return compared;
}

/** Text with case, punctuation, symbols and spacing removed: what a reader would call "the same words". */
export function looseKey(text: string): string {
  return text.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');
}

/**
 * The comparison key. "near" ignores case, punctuation, spacing and a trailing credit such as
 * "/VCG", "Photo: Jane Doe" or "(Reuters)", so a caption and its credited copy count as one.
 */
export function dedupeKey(text: string, similarity: Similarity): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (similarity !== 'near') return collapsed;
  const withoutCredit = collapsed.replace(TRAILING_CREDIT, '');
  // A text that is nothing but a credit keeps its words (two identical credit lines are still one).
  return looseKey(withoutCredit) || looseKey(collapsed);
}

/** Shortest text that may count as a credit line repeated at the end of a caption ("Photo: AP" is 7). */
const MIN_CREDIT_KEY = 6;

/**
 * Near mode only: a short text that is exactly the tail of a longer kept text is that caption's credit line
 * printed a second time ("… in Kyiv. Photo: Jane Doe" then "Photo: Jane Doe"). Tails only, never middles,
 * so a short caption that merely occurs inside a longer one is not taken for a copy.
 */
function isTailOf(shorter: string, longer: string): boolean {
  return shorter.length >= MIN_CREDIT_KEY && shorter.length < longer.length && longer.endsWith(shorter);
}

/** True when no text lies between the end of `before` and the start of `after` (images and spacing may). */
function nothingBetween(before: Element, after: Element): boolean {
  // A walk in document order from just past `before` to `after`, stopping at the first text. (A DOM
  // Range does the same, but jsdom locates range boundaries by sibling index: quadratic on long runs.)
  let node: Node | null = nextOutside(before);
  while (node && node !== after) {
    if (node.contains(after)) {
      node = node.firstChild;
      continue;
    }
    if ((node.textContent ?? '').trim()) return false;
    node = nextOutside(node);
  }
  return node === after;
}

/** The node after `node` in document order, skipping its subtree. */
function nextOutside(node: Node): Node | null {
  for (let current: Node | null = node; current; current = current.parentNode) {
    if (current.nextSibling) return current.nextSibling;
  }
  return null;
}

/**
 * `scope: adjacent`: a match goes when it repeats the match just before it with no text in between, the way
 * desktop, mobile and noscript copies of one caption follow each other. Text that repeats further apart
 * (a refrain, a chorus) is never compared.
 */
function dedupeNeighbours(root: Element, rule: CompiledRule, record: RecordChange): void {
  let previous: { element: Element; key: string } | undefined;
  for (const element of comparedTargets(root, rule)) {
    const key = dedupeKey(normalisedText(element), rule.rule.similarity);
    if (!key) continue;
    if (previous && previous.key === key && nothingBetween(previous.element, element)) {
      record({ element });
      element.remove();
      continue; // the kept copy stays the one later copies are compared with
    }
    previous = { element, key };
  }
}

export const dedupeAction: RuleAction = {
  name: 'dedupe',
  phases: ['post', 'text'],
  applyToDom(root, rule, record) {
    if (rule.rule.scope === 'adjacent') {
      dedupeNeighbours(root, rule, record);
      return;
    }
    const similarity = rule.rule.similarity;
    const seen = new Set<string>();
    const kept: { element: Element; loose: string }[] = [];
    const drop = (element: Element): void => {
      record({ element });
      element.remove();
    };
    for (const element of comparedTargets(root, rule)) {
      if (!root.contains(element)) continue;
      const text = normalisedText(element);
      const key = dedupeKey(text, similarity);
      if (!key) continue;
      if (seen.has(key)) {
        drop(element);
        continue;
      }
      if (similarity === 'near') {
        const loose = looseKey(text);
        if (kept.some((earlier) => isTailOf(loose, earlier.loose))) {
          drop(element);
          continue;
        }
        // The credit came first and the full caption after it: the credit is the copy.
        for (const earlier of kept.filter((candidate) => isTailOf(candidate.loose, loose))) {
          kept.splice(kept.indexOf(earlier), 1);
          if (root.contains(earlier.element)) drop(earlier.element);
        }
        kept.push({ element, loose });
      }
      seen.add(key);
    }
  },
  /**
   * Text dumps have no markup to say what is a caption, so only neighbours count: a line equal to the line
   * just before it (within a paragraph or across a blank line) goes. A poem's refrain or a chorus repeated
   * stanza after stanza is never next to itself, so it stays.
   */
  applyToText(paragraphs, rule, record) {
    const similarity = rule.rule.similarity;
    const lines = paragraphs.flatMap((paragraph, index) =>
      paragraph.split('\n').map((line) => ({ paragraph: index, text: line.trim() })),
    );
    const texts = lines.map((line) => line.text);
    const keep = lines.map(() => true);
    let previousKey = '';
    lines.forEach((line, index) => {
      const key = dedupeKey(line.text, similarity);
      if (key && key === previousKey && paragraphMeetsConditions(texts, index, rule.when)) {
        keep[index] = false;
        record({ text: line.text });
        return;
      }
      if (key) previousKey = key;
    });
    if (keep.every(Boolean)) return [...paragraphs];
    return paragraphs
      .map((original, paragraph) => {
        const own = lines.flatMap((line, index) => (line.paragraph === paragraph ? [{ line, kept: keep[index] }] : []));
        // A paragraph that lost no line is passed on as it came.
        return own.every((entry) => entry.kept)
          ? original
          : own
              .filter((entry) => entry.kept)
              .map((entry) => entry.line.text)
              .join('\n');
      })
      .filter((paragraph) => paragraph.length > 0);
  },
};
