// Classes a stage puts on the page's elements while one Readability instance runs, so that one of Readability's
// class patterns (read as `className + " " + id`) picks them out, and what takes them off again.

import { elementsMatching } from './elements-by-tag.js';

/** Cached per mark and pattern: each extended pattern is built once per process, not once per page. */
const extendedPatterns = new Map<string, WeakMap<RegExp, RegExp>>();

/** Readability's `pattern` that also matches the class `mark`. */
export function patternWithMark(pattern: RegExp, mark: string): RegExp {
  let byPattern = extendedPatterns.get(mark);
  if (!byPattern) {
    byPattern = new WeakMap();
    extendedPatterns.set(mark, byPattern);
  }
  let extended = byPattern.get(pattern);
  if (!extended) {
    extended = new RegExp(`${pattern.source}|${mark}`, pattern.flags);
    byPattern.set(pattern, extended);
  }
  return extended;
}

/**
 * Puts the class `mark` on `elements` and returns what takes it off again: the page's marks on the first call, and on
 * a call that passes it, the copies in the article Readability built (its retries re-parse the page from its HTML, so
 * the article may hold copies of marked elements). An element that had no class is left with none.
 */
export function markForReadability(elements: Iterable<Element>, mark: string): (article?: Element) => void {
  const marked = [...elements];
  for (const element of marked) element.classList.add(mark);
  return (article) => {
    for (const element of marked.splice(0)) unmark(element, mark);
    for (const element of article ? elementsMatching(article, markSelector(mark)) : []) unmark(element, mark);
  };
}

function unmark(element: Element, mark: string): void {
  element.classList.remove(mark);
  if (element.getAttribute('class') === '') element.removeAttribute('class');
}

/**
 * The elements wearing `mark`, as a selector: the class as an attribute test compared as written, which the plain
 * look-ups take in any document mode (simple-selectors.ts), where `.mark` in a quirks-mode page needs jsdom's engine.
 */
export function markSelector(mark: string): string {
  return `[class~=${mark} s]`;
}
