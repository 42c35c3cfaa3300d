// trim-edges: removes the blocks at the start and/or end of the article that meet the rule's conditions.

import { compileConditions, type CompiledConditions, type CompiledRule } from '../compile-rules.js';
import { elementMeetsConditions, normalisedText, paragraphMeetsConditions } from '../conditions.js';
import { contentIn, type ContentKind } from '../content.js';
import type { Rule } from '../rule-types.js';
import { splitSelectorList } from '../selector-needs.js';
import type { RecordChange, RuleAction } from './action-types.js';
import { STANDFIRST_ATTRIBUTE } from '../../stages/standfirst.js';
import { elementMatches, firstMatching } from '../../stages/elements-by-tag.js';

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
 * The article's blocks in document order: elements matching the rule's selector that hold no other block with text,
 * except lists, tables, quotes and figures (and teaser cards), which stay whole (a list of links is one block). A
 * wrapper (div, section, …) with blocks inside counts by those blocks, and loose text beside them becomes a block
 * of its own (see wrapLoose). One walk over the tree: no selector engine, no sorting.
 */
function blocksOf(root: Element, selector: string): Element[] {
  const matches = matcherFor(selector);
  const rootLength = normalisedText(root).length;
  const blocks: Element[] = [];
  /** Appends the blocks under `parent` (wrapping its loose text when it holds blocks); true when it found any. */
  const collect = (parent: Element, into: Element[]): boolean => {
    const before = into.length;
    let loose: ChildNode[] = [];
    let sawBlock = false;
    const flushLoose = (): void => {
      if (sawBlock) {
        const paragraph = wrapLoose(parent, loose);
        if (paragraph) into.push(paragraph);
      }
      loose = [];
    };
    for (const child of Array.from(parent.childNodes)) {
      if (child.nodeType !== 1) {
        loose.push(child);
        continue;
      }
      const element = child as Element;
      const inner: Element[] = [];
      if (matches(element)) {
        const splits = CONTAINERS.has(element.tagName) && !isCard(element, root, rootLength);
        if (!splits || !collect(element, inner) || !inner.some((block) => normalisedText(block) !== '')) {
          inner.length = 0;
          inner.push(element);
        }
      } else if (!collect(element, inner)) {
        loose.push(child); // inline content (a span, a link, an image): part of the loose run around it
        continue;
      }
      // Loose text before the first block is only known to sit beside blocks now.
      sawBlock = true;
      flushLoose();
      into.push(...inner);
    }
    flushLoose();
    return into.length > before;
  };
  collect(root, blocks);
  return blocks;
}

/** A selector that is a plain list of tag names is matched by name; anything else as elementMatches matches it. */
function matcherFor(selector: string): (element: Element) => boolean {
  const parts = splitSelectorList(selector).map((part) => part.toUpperCase());
  if (parts.every((part) => /^[A-Z][A-Z0-9]*$/.test(part))) {
    const names = new Set(parts);
    return (element) => names.has(element.tagName);
  }
  return (element) => elementMatches(element, selector);
}

/**
 * Text that sits loose in a wrapper beside its blocks (`<div><h2>Headline</h2><span>Published …</span></div>`, as
 * Readability often leaves a headline and its date) belongs to no block, so it could be neither trimmed nor seen. A
 * run of such inline content with text is wrapped in a paragraph of its own, which is how the Markdown shows it anyway.
 */
function wrapLoose(parent: Element, run: readonly ChildNode[]): Element | undefined {
  if (!run.some((node) => (node.textContent ?? '').trim() !== '')) return undefined;
  const paragraph = parent.ownerDocument.createElement('p');
  parent.insertBefore(paragraph, run[0] ?? null);
  for (const node of run) paragraph.append(node);
  return paragraph;
}

/** Longest text of an <article> inside the article that still counts as one teaser card rather than a wrapper. */
const MAX_CARD_CHARS = 600;

/**
 * An <article> inside the extracted article is a self-contained unit of its own: a short one holding little of the
 * article's text is a teaser card for another story (kicker, linked headline, standfirst) and is judged whole, like a
 * list; a long one is a wrapper.
 */
function isCard(element: Element, root: Element, rootLength: number): boolean {
  if (element === root || element.tagName !== 'ARTICLE') return false;
  const length = normalisedText(element).length;
  // The story itself in its own <article> (a short page) holds most of the text: that is a wrapper, not a card.
  return length <= MAX_CARD_CHARS && length < rootLength / 2;
}

/**
 * What trim-edges passes over: photos, data tables (an infobox) and links to sound or video files; prose at the edges
 * is what edge rules are for.
 */
const SPARED_AT_EDGES: ReadonlySet<ContentKind | undefined> = new Set(['image', 'table', 'media']);

/**
 * Removes blocks from one end: while they meet the conditions, or, with `until`, every block meeting them in the
 * edge zone, which ends at the first block meeting `until` (the first paragraph of prose). Blocks without text
 * (images) are passed over, and with `spare` so is a block that would go but holds a content image or a data
 * table (a lead photo with its credit line, an infobox of links). `until` is only given when some block meets it.
 */
function trim(
  blocks: readonly Element[],
  accept: (block: Element) => boolean,
  until: ((block: Element) => boolean) | undefined,
  spare: boolean,
): Element[] {
  const removed: Element[] = [];
  for (const block of blocks) {
    if (!normalisedText(block)) continue;
    // A standfirst put back in front of the article (stages/standfirst.ts) is where the article's start was: the
    // trim goes on past it, as it did before it was put back, and only takes it when it is itself edge matter.
    if (block.hasAttribute(STANDFIRST_ATTRIBUTE)) {
      if (accept(block)) removed.push(block);
      continue;
    }
    if (until?.(block)) break;
    if (accept(block)) {
      if (!spare || !SPARED_AT_EDGES.has(contentIn(block))) removed.push(block);
    } else if (!until) break;
  }
  return removed;
}

const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const HEADING_SELECTOR = 'h1, h2, h3, h4, h5, h6';

/** A heading, or a block around one (a page builder's `<p><h2>…</h2></p>`). */
function isOrHoldsHeading(block: Element): boolean {
  return HEADINGS.has(block.tagName) || firstMatching(block, HEADING_SELECTOR) !== null;
}

/**
 * A heading directly before a block that stays introduces it: it is the article's own section title ("History",
 * "1968 to today: …", "At a glance" over a table), not a label or date line of the page, however short it is or
 * whatever date it names. Such headings (a run of them, too) are taken back out of `removed`. A heading whose next
 * block goes as well (a "Related" heading over its trimmed list) still goes.
 */
function keepIntroducingHeadings(blocks: readonly Element[], removed: Set<Element>): void {
  let nextStays = false;
  for (let index = blocks.length - 1; index >= 0; index -= 1) {
    const block = blocks[index];
    if (block === undefined || !normalisedText(block)) continue;
    if (removed.has(block) && nextStays && HEADINGS.has(block.tagName)) removed.delete(block);
    nextStays = !removed.has(block);
  }
}

/** A sentence of five words or more ending in a colon: it announces what comes next ("… sign this petition:"). */
const INTRODUCING_SENTENCE = /^\S+(?:\s+\S+){4,}:$/u;

/**
 * The block right after a sentence that ends in a colon is what the sentence announces ("… please all sign this
 * petition:" over the petition's link, "And the posts I mentioned:" over their list): it stays with the sentence,
 * however link-dense it is. A short label ending in a colon ("Further information:", "Related:") is no such
 * sentence, and a block that is itself a label, a heading or a block around a heading is not announced content.
 */
function keepIntroducedBlocks(blocks: readonly Element[], removed: Set<Element>): void {
  let previous: { block: Element; text: string } | undefined;
  for (const block of blocks) {
    const text = normalisedText(block);
    if (!text) continue;
    if (
      previous !== undefined &&
      removed.has(block) &&
      !removed.has(previous.block) &&
      !text.endsWith(':') &&
      !isOrHoldsHeading(block) &&
      INTRODUCING_SENTENCE.test(previous.text)
    )
      removed.delete(block);
    previous = { block, text };
  }
}

/**
 * A label beside its value in a row of a data sheet ("Pack sizes" | "50 g, tube"; rows of a label cell and a value
 * cell, as a product or fact sheet lays them out in divs) is the sheet's, however short: a row's label whose value
 * stays is taken back out of `removed`. A row is a wrapper of exactly two elements, the label first, in a run of
 * wrappers alike (same tag and class, two elements each); a kicker over its headline has no such run around it.
 */
function keepRowLabels(blocks: readonly Element[], removed: Set<Element>): void {
  for (const block of blocks) {
    if (!removed.has(block)) continue;
    const row = block.parentElement;
    const value = block.nextElementSibling;
    if (!row || row.firstElementChild !== block || row.childElementCount !== 2 || !value) continue;
    if (!isRowLike(row, row.previousElementSibling) && !isRowLike(row, row.nextElementSibling)) continue;
    if (normalisedText(value) === '' || [...removed].some((gone) => value.contains(gone) || gone.contains(value)))
      continue;
    removed.delete(block);
  }
}

/** True when `other` is a row like `row`: same tag and class, two elements. */
function isRowLike(row: Element, other: Element | null): boolean {
  return (
    other !== null &&
    other.tagName === row.tagName &&
    other.className === row.className &&
    other.childElementCount === 2
  );
}

/** Media a wrapper left without text may still hold for the reader: never removed with it. */
const MEDIA = 'video, audio, iframe, object, embed, svg, canvas, math, table';

/**
 * A wrapper whose text all went with the trimmed blocks (an author box: its bio went, its avatar stays behind; a
 * byline box and the author's photo) goes too, up to the article root, unless it still holds a content image or
 * other media: the picture of a box that is gone is part of the box.
 */
function removeEmptiedWrappers(parents: ReadonlySet<Element>, root: Element, record: RecordChange): void {
  for (let wrapper of parents) {
    let emptiest: Element | undefined;
    while (wrapper !== root && root.contains(wrapper)) {
      if (normalisedText(wrapper) !== '' || contentIn(wrapper) !== undefined || firstMatching(wrapper, MEDIA)) break;
      emptiest = wrapper;
      if (!wrapper.parentElement) break;
      wrapper = wrapper.parentElement;
    }
    if (!emptiest) continue;
    record({ element: emptiest }); // traced like the blocks: every removal is
    emptiest.remove();
  }
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
    const untilWhen = untilConditions(rule);
    // With no block of prose at all (a deals list, a table page) there is no edge zone to speak of: trimming then
    // stops at the first block that does not meet the conditions, as without `until`.
    const until =
      untilWhen && blocks.some((block) => elementMeetsConditions(block, untilWhen))
        ? (block: Element): boolean => elementMeetsConditions(block, untilWhen)
        : undefined;
    const removed = new Set<Element>();
    const accept = (block: Element): boolean => sets.some((when) => elementMeetsConditions(block, when));
    const spare = rule.spareContent;
    if (edge !== 'end') for (const block of trim(blocks, accept, until, spare)) removed.add(block);
    if (edge !== 'start') for (const block of trim([...blocks].reverse(), accept, until, spare)) removed.add(block);
    if (spare) keepRowLabels(blocks, removed);
    if (spare) keepIntroducingHeadings(blocks, removed);
    if (spare) keepIntroducedBlocks(blocks, removed);
    // Never empty the article: an article that is all edge is left for the reader to judge.
    if (removed.size === blocks.filter((block) => normalisedText(block)).length) return;
    const emptied = new Set<Element>();
    for (const block of removed) {
      record({ element: block });
      if (block.parentElement) emptied.add(block.parentElement);
      block.remove();
    }
    removeEmptiedWrappers(emptied, root, record);
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
