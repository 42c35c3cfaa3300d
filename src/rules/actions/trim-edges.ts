// trim-edges: removes the blocks at the start and/or end of the article that meet the rule's conditions.

import { compileConditions, type CompiledConditions, type CompiledRule } from '../compile-rules.js';
import { elementMeetsConditions, normalisedText, paragraphMeetsConditions } from '../conditions.js';
import type { Rule } from '../rule-types.js';
import type { RuleAction } from './action-types.js';

// `orWhen` and `until` are compiled once per rule object, like `when` (rules are immutable after loading).
const compiledAlternatives = new WeakMap<Rule, CompiledConditions[]>();
const compiledUntil = new WeakMap<Rule, CompiledConditions | null>();

function untilConditions(rule: CompiledRule): CompiledConditions | undefined {
  let until = compiledUntil.get(rule.rule);
  if (until === undefined) {
    until = rule.rule.until === undefined ? null : compileConditions(rule.rule.until);
    compiledUntil.set(rule.rule, until);
  }
  return until ?? undefined;
}

/** `when` and every `orWhen` set: a block meeting any of them is trimmed. */
function conditionSets(rule: CompiledRule): CompiledConditions[] {
  let alternatives = compiledAlternatives.get(rule.rule);
  if (!alternatives) {
    alternatives = (rule.rule.orWhen ?? []).map(compileConditions);
    compiledAlternatives.set(rule.rule, alternatives);
  }
  return [rule.when, ...alternatives];
}

const CONTAINERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'ASIDE', 'HEADER', 'FOOTER', 'NAV']);

/**
 * The article's blocks (elements matching the rule's selector) in document order: block elements that hold text and contain no other block element
 * with text, except lists, tables, quotes and figures, which stay whole (a list of links is one block).
 */
function blocksOf(root: Element, selector: string): Element[] {
  wrapLooseText(root, selector);
  const blocks: Element[] = [];
  // jsdom returns the matches of a selector list group by group on a detached article, not in document order.
  const candidates = Array.from(root.querySelectorAll(selector)).sort((a, b) =>
    a.compareDocumentPosition(b) & 4 /* b follows a */ ? -1 : 1,
  );
  for (const element of candidates) {
    if (blocks.at(-1)?.contains(element)) continue; // inside a list, table, quote or figure already taken
    if (CONTAINERS.has(element.tagName) && !isCard(element, root) && hasBlockChild(element, selector)) continue; // a wrapper: its blocks count
    blocks.push(element);
  }
  return blocks;
}

/**
 * Text that sits loose in a wrapper beside its blocks (`<div><h2>Headline</h2><span>Published …</span></div>`, as
 * Readability often leaves a headline and its date) belongs to no block, so it could be neither trimmed nor seen. Each
 * run of such inline content is wrapped in a paragraph of its own, which is how the Markdown shows it anyway.
 */
function wrapLooseText(root: Element, selector: string): void {
  const wrappers = [root, ...root.querySelectorAll(Array.from(CONTAINERS).join(','))];
  for (const wrapper of wrappers) {
    const children = Array.from(wrapper.childNodes);
    const isBlock = (node: ChildNode): boolean =>
      node.nodeType === 1 &&
      ((node as Element).matches(selector) || (node as Element).querySelector(selector) !== null);
    if (!children.some(isBlock)) continue;
    let run: ChildNode[] = [];
    const flush = (): void => {
      if (run.some((node) => (node.textContent ?? '').trim() !== '')) {
        const paragraph = wrapper.ownerDocument.createElement('p');
        wrapper.insertBefore(paragraph, run[0] ?? null);
        for (const node of run) paragraph.append(node);
      }
      run = [];
    };
    for (const child of children) {
      if (isBlock(child)) flush();
      else run.push(child);
    }
    flush();
  }
}

/** Longest text of an <article> inside the article that still counts as one teaser card rather than a wrapper. */
const MAX_CARD_CHARS = 600;

/**
 * An <article> inside the extracted article is a self-contained unit of its own: a short one holding little of the
 * article's text is a teaser card for another story (kicker, linked headline, standfirst) and is judged whole, like a
 * list; a long one is a wrapper.
 */
function isCard(element: Element, root: Element): boolean {
  if (element === root || element.tagName !== 'ARTICLE') return false;
  const length = normalisedText(element).length;
  // The story itself in its own <article> (a short page) holds most of the text: that is a wrapper, not a card.
  return length <= MAX_CARD_CHARS && length < normalisedText(root).length / 2;
}

function hasBlockChild(element: Element, selector: string): boolean {
  return Array.from(element.querySelectorAll(selector)).some((inner) => normalisedText(inner) !== '');
}

/**
 * Removes blocks from one end: while they meet the conditions, or, with `until`, every block meeting them in the
 * edge zone, which ends at the first block meeting `until` (the first paragraph of prose). Blocks without text
 * (images) are passed over. `until` is only given when some block meets it.
 */
function trim(
  blocks: readonly Element[],
  accept: (block: Element) => boolean,
  until: ((block: Element) => boolean) | undefined,
): Element[] {
  const removed: Element[] = [];
  for (const block of blocks) {
    if (!normalisedText(block)) continue;
    if (until?.(block)) break;
    if (accept(block)) removed.push(block);
    else if (!until) break;
  }
  return removed;
}

export const trimEdgesAction: RuleAction = {
  name: 'trim-edges',
  phases: ['post', 'text'],
  applyToDom(root, rule, record) {
    if (rule.rule.selector === undefined) return;
    // The selector names the block elements: the units trimmed from the edges.
    const blocks = blocksOf(root, rule.rule.selector);
    const edge = rule.rule.edge ?? 'both';
    const sets = conditionSets(rule);
    const accept = (block: Element): boolean => sets.some((when) => elementMeetsConditions(block, when));
    const untilWhen = untilConditions(rule);
    // With no block of prose at all (a deals list, a table page) there is no edge zone to speak of: trimming then
    // stops at the first block that does not meet the conditions, as without `until`.
    const until =
      untilWhen && blocks.some((block) => elementMeetsConditions(block, untilWhen))
        ? (block: Element): boolean => elementMeetsConditions(block, untilWhen)
        : undefined;
    const removed = new Set<Element>();
    if (edge !== 'end') for (const block of trim(blocks, accept, until)) removed.add(block);
    if (edge !== 'start') for (const block of trim([...blocks].reverse(), accept, until)) removed.add(block);
    // Never empty the article: an article that is all edge is left for the reader to judge.
    if (removed.size === blocks.filter((block) => normalisedText(block)).length) return;
    for (const block of removed) {
      record({ element: block });
      block.remove();
    }
  },
  applyToText(paragraphs, rule, record) {
    const edge = rule.rule.edge ?? 'both';
    const sets = conditionSets(rule);
    const accept = (index: number): boolean => sets.some((when) => paragraphMeetsConditions(paragraphs, index, when));
    const untilWhen = untilConditions(rule);
    const until =
      untilWhen && paragraphs.some((_, index) => paragraphMeetsConditions(paragraphs, index, untilWhen))
        ? (index: number): boolean => paragraphMeetsConditions(paragraphs, index, untilWhen)
        : undefined;
    const indexes = paragraphs.map((_, index) => index);
    const removed = new Set<number>();
    const trimFrom = (order: number[]): void => {
      for (const index of order) {
        if (until?.(index)) break;
        if (accept(index)) removed.add(index);
        else if (!until) break;
      }
    };
    if (edge !== 'end') trimFrom(indexes);
    if (edge !== 'start') trimFrom([...indexes].reverse());
    if (removed.size === 0 || removed.size === paragraphs.length) return [...paragraphs];
    paragraphs.forEach((paragraph, index) => {
      if (removed.has(index)) record({ text: paragraph });
    });
    return paragraphs.filter((_, index) => !removed.has(index));
  },
};
