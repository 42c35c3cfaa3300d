// heading-block: removes a heading ("Related", "Search Trends", …) together with the link blocks it introduces.

import { compileConditions, type CompiledConditions, type CompiledRule } from '../compile-rules.js';
import {
  elementMeetsConditions,
  normalisedText,
  paragraphMeetsConditions,
  textMeetsConditions,
} from '../conditions.js';
import type { Rule } from '../rule-types.js';
import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';

// `following` is compiled once per rule object, like `when` (rules are immutable after loading).
const compiledFollowing = new WeakMap<Rule, CompiledConditions>();

function followingConditions(rule: CompiledRule): CompiledConditions {
  let compiled = compiledFollowing.get(rule.rule);
  if (!compiled) {
    compiled = compileConditions(rule.rule.following ?? {});
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
    if (!normalisedText(element) && !element.querySelector('img, picture, video, iframe')) continue;
    if (!elementMeetsConditions(element, following)) break;
    blocks.push(element);
  }
  return blocks;
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
      // A heading with nothing it introduces is only clutter when nothing comes after it at all.
      if (introduced.length === 0 && !isLastText(block, root)) continue;
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
      if (end === index + 1 && end < paragraphs.length) return;
      for (let at = index; at < end; at += 1) dropped.add(at);
    });
    return paragraphs.filter((paragraph, index) => {
      if (!dropped.has(index)) return true;
      record({ text: paragraph });
      return false;
    });
  },
};
