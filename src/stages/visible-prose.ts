// The paragraphs of prose a reader sees in an element: what says whether an extraction found an article's sentences.

import { closestMatching, elementsMatching } from './elements-by-tag.js';
import { collapseWhitespace } from './text-runs.js';

/** A paragraph of prose, not a caption, a label or a date line. */
const MIN_PARAGRAPH_CHARS = 80;

/**
 * The text of each visible `<p>` under `element` that is long enough to be prose, whitespace collapsed. Not all its
 * text: a long table or list inside it (a page's data, a list of links) or a hidden glossary tooltip is no measure
 * of whether Readability found the article's sentences.
 */
export function visibleProse(element: Element): string[] {
  return elementsMatching(element, 'p')
    .filter((paragraph) => closestMatching(paragraph, '[hidden], [aria-hidden="true"]') === null)
    .map((paragraph) => collapseWhitespace(paragraph.textContent ?? ''))
    .filter((text) => text.length >= MIN_PARAGRAPH_CHARS);
}

/** The characters of `paragraphs` together. */
export function totalLength(paragraphs: readonly string[]): number {
  return paragraphs.reduce((sum, text) => sum + text.length, 0);
}
