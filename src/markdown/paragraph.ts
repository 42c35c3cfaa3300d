// <p> → a paragraph, or the blocks it holds when it holds blocks.

import type { Element, ElementContent } from 'hast';
import { defaultHandlers, type Handle } from 'hast-util-to-mdast';
import { CLOSES_P } from '../stages/html-sets.js';

const HEADINGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** True when, at any depth, the children hold a block HTML never lets a `<p>` hold: a heading or a tag that closes one. */
function holdsBlock(children: readonly ElementContent[]): boolean {
  return children.some(
    (child) =>
      child.type === 'element' &&
      (CLOSES_P.has(child.tagName) || HEADINGS.has(child.tagName) || holdsBlock(child.children)),
  );
}

/**
 * A `<p>` is phrasing only in valid HTML, but Readability turns a `<div>` whose children are headings into a `<p>`
 * (headings are not among the blocks it looks for), so a comment box's "Comment" heading and its note arrive as
 * `<p><h2>…</h2><h3>…</h3></p>`. Written as one paragraph the two headings ran together on one line ("## Comment###
 * Log in to …"); a `<p>` holding blocks is converted as the blocks it holds, each on its own lines.
 */
export const handleParagraph: Handle = (state, node: Element) =>
  holdsBlock(node.children) ? state.toFlow(state.all(node)) : defaultHandlers.p(state, node);
