// heading-block: removes a heading ("Related", "Search Trends", …) together with the link blocks it introduces.

import { compileConditions, type CompiledConditions, type CompiledRule } from '../compile-rules.js';
import {
  elementMeetsConditions,
  normalisedText,
  paragraphMeetsConditions,
  textMeetsConditions,
} from '../conditions.js';
import { contentIn } from '../content.js';
import type { Rule } from '../rule-types.js';
import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';
import { elementsWithTags, firstMatching } from '../../stages/elements-by-tag.js';

// `following` is compiled once per rule object, like `when` (rules are immutable after loading).
const compiledFollowing = new WeakMap<Rule, CompiledConditions>();

function followingConditions(rule: CompiledRule): CompiledConditions {
  let compiled = compiledFollowing.get(rule.rule);
  if (!compiled) {
    compiled = compileConditions(rule.rule.following ?? {});
    // A block of prose or a photo after the heading is the article again: the run of introduced blocks ends there.
    if (rule.when.spareContent) compiled.spareContent = true;
    compiledFollowing.set(rule.rule, compiled);
  }
  return compiled;
}

/**
 * The heading's block, for a heading inside wrappers that hold nothing else (`<div><h3>Related</h3></div>`):
 * the outermost such wrapper, so the blocks it introduces are its siblings.
 */
function headingBlock(heading: Element, root: Element): Element {
  const text = normalisedText(heading);
  let block = heading;
  while (block.parentElement && block.parentElement !== root && normalisedText(block.parentElement) === text) {
    block = block.parentElement;
  }
  return block;
}

/**
 * The siblings after `block` that meet `following`, in order, stopping at the first that does not. When the
 * block is the last thing in its container the search goes on after the container (a heading that closes
 * a wrapper introduces what comes after the wrapper), but never past the article root.
 */
function introducedBlocks(block: Element, root: Element, following: CompiledConditions): Element[] {
  let cursor: Element = block;
  while (!hasContentAfter(cursor) && cursor.parentElement && cursor.parentElement !== root) {
    cursor = cursor.parentElement;
  }
  const blocks: Element[] = [];
  for (let node = cursor.nextSibling; node; node = node.nextSibling) {
    if (node.nodeType === 3) {
      if ((node.textContent ?? '').trim()) break; // loose text is content the heading does not own
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (!normalisedText(element)) {
      // A photo linked to its full-size file is the article again (the content guard), not a teaser.
      if (following.spareContent && contentIn(element) !== undefined) break;
      // A block of linked pictures with no text is a row of teaser cards: as link-dense as it gets.
      if (firstMatching(element, 'a img, a picture')) blocks.push(element);
      else if (firstMatching(element, 'img, picture, video, iframe')) break;
      continue;
    }
    if (!elementMeetsConditions(element, following) && !(following.matches === undefined && isCardRow(element))) {
      break;
    }
    blocks.push(element);
  }
  return blocks;
}

/** The most text a teaser card may show besides its picture: a date and a section ("06. Aug 2020 // Tips"). */
const MAX_CARD_LABEL_CHARS = 40;

/**
 * True when `element` is a row of teaser cards whose headlines Readability dropped (it strips a wrapper whose
 * class reads as page furniture, such as `headerCon`, and a lone "More" link): each card is a picture linked to
 * another page, and what text is left is a short label per card (a date and a section), no prose. The link-density
 * test cannot see such a row, as its links now hold pictures only.
 */
function isCardRow(element: Element): boolean {
  let cards = 0;
  for (const link of elementsWithTags(element, ['a'])) {
    if (link.hasAttribute('href') && firstMatching(link, 'img, picture')) cards += 1;
  }
  if (cards === 0 || normalisedText(element).length > cards * MAX_CARD_LABEL_CHARS) return false;
  return contentIn(element) === undefined;
}

const HEADING_TAGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/**
 * True when what comes right after the heading's block is another heading, a block that opens with one, or
 * another heading this rule matches: the heading's own section is empty (its links are loaded by script).
 */
function introducesNothing(block: Element, root: Element, when: CompiledRule['when']): boolean {
  let cursor: Element = block;
  while (!hasContentAfter(cursor) && cursor.parentElement && cursor.parentElement !== root) {
    cursor = cursor.parentElement;
  }
  let next = cursor.nextElementSibling;
  while (next && !normalisedText(next)) next = next.nextElementSibling;
  if (!next) return false;
  if (HEADING_TAGS.has(next.tagName) || elementMeetsConditions(next, when)) return true;
  return opensWithHeading(next);
}

/** True when the first text inside `element` sits in a heading (the block opens with its own title). */
function opensWithHeading(element: Element): boolean {
  let current = element;
  for (;;) {
    let next: Element | undefined;
    for (const child of current.childNodes) {
      if (child.nodeType === 3 && (child.textContent ?? '').trim()) return false; // text before any heading
      if (child.nodeType === 1 && normalisedText(child)) {
        next = child as Element;
        break;
      }
    }
    if (!next) return false;
    if (HEADING_TAGS.has(next.tagName)) return true;
    current = next;
  }
}

function hasContentAfter(node: Node): boolean {
  for (let next = node.nextSibling; next; next = next.nextSibling) {
    if ((next.textContent ?? '').trim()) return true;
  }
  return false;
}

/** True when no text follows `node` anywhere inside `root` (the heading closes the article). */
function isLastText(node: Element, root: Element): boolean {
  for (let at: Element | null = node; at && at !== root; at = at.parentElement) {
    if (hasContentAfter(at)) return false;
  }
  return true;
}

export const headingBlockAction: RuleAction = {
  name: 'heading-block',
  phases: ['post', 'text'],
  applyToDom(root, rule, record) {
    const following = followingConditions(rule);
    for (const heading of selectTargets(root, rule)) {
      if (heading === root || !root.contains(heading)) continue;
      const block = headingBlock(heading, root);
      const introduced = introducedBlocks(block, root, following);
      // A heading that introduces nothing is clutter only when nothing comes after it at all, or when the
      // next thing is a heading of its own (the heading's section is empty); never for a rule that matches
      // any heading by its shape (requireFollowing), as "Part one" over "Chapter 1" is no empty section.
      if (introduced.length === 0) {
        if (rule.rule.requireFollowing === true) continue;
        if (!isLastText(block, root) && !introducesNothing(block, root, rule.when)) continue;
      }
      for (const element of [block, ...introduced]) {
        record({ element });
        element.remove();
      }
    }
  },
  applyToText(paragraphs, rule, record) {
    const following = followingConditions(rule);
    const dropped = new Set<number>();
    paragraphs.forEach((_, index) => {
      if (dropped.has(index) || !paragraphMeetsConditions(paragraphs, index, rule.when)) return;
      let end = index + 1;
      while (end < paragraphs.length && textMeetsConditions(paragraphs[end] ?? '', following)) end += 1;
      if (end === index + 1 && (end < paragraphs.length || rule.rule.requireFollowing === true)) return;
      for (let at = index; at < end; at += 1) dropped.add(at);
    });
    return paragraphs.filter((paragraph, index) => {
      if (!dropped.has(index)) return true;
      record({ text: paragraph });
      return false;
    });
  },
};
