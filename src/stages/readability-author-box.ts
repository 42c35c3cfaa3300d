// An author box after the post is, for Readability's first pass, an unlikely candidate, as a sidebar or a comment
// thread is.
//
// Themes put an author box after the post: a photo, the author's name and a bio of a few paragraphs ("Ich bin Jessie,
// 32 Jahre jung, …"). Readability's patterns know none of its names, so on a short post (a gift list, a few lines
// around a gallery) the bio's long paragraphs outscore the post's own and the bio comes out as the article. Here the
// first pass drops, before scoring, an element whose class or id names an author box (the names edges/end-matter's
// author box takes), as it drops `related` or `sidebar` blocks, unless more of the article's prose follows it in its
// own parent: a magazine's "tested by" box between two sections is the article's. Readability's retries, which keep
// unlikely candidates, still find a bio when the page holds too little else, and the end-matter rule trims a box that
// stands inside the container chosen.
// Written against @mozilla/readability 0.6.0 (`REGEXPS.unlikelyCandidates`, read as `className + " " + id`).

import { holdsProse } from '../rules/content.js';
import { closestMatching, elementsMatching } from './elements-by-tag.js';
import { markForReadability, markSelector, patternWithMark } from './readability-marks.js';

interface UnlikelyInternals {
  REGEXPS: { unlikelyCandidates: RegExp } & Record<string, RegExp>;
}

/** An author box's names: `author-bio`, `author-box`, `authorbox`, `author-card`, `author-info`, `about-author`, … */
const AUTHOR_BOX = /author-?(?:bio|box|card|info|description)|about-author/i;
/** The class the boxes taken for unlikely wear while Readability runs; Readability's pattern is given it. */
const MARK = 'declutter-unlikely-author-box';

/**
 * Marks the page's author boxes that no prose follows and makes one Readability instance's first pass drop them.
 * Returns what takes the marks off again (from the page and from the article Readability built).
 */
export function useAuthorBoxAsUnlikely(reader: object, document: Document): (article?: Element) => void {
  const boxes: Element[] = [];
  for (const element of document.body ? elementsMatching(document.body, '[class*=author s], [id*=author s]') : []) {
    const names = `${typeof element.className === 'string' ? element.className : ''} ${element.id}`;
    if (AUTHOR_BOX.test(names) && !followedByProse(element)) boxes.push(element);
  }
  if (boxes.length === 0) return () => undefined;
  const internals = reader as UnlikelyInternals;
  // REGEXPS is Readability's shared table: the instance gets its own copy, never the prototype's changed.
  internals.REGEXPS = {
    ...internals.REGEXPS,
    unlikelyCandidates: patternWithMark(internals.REGEXPS.unlikelyCandidates, MARK),
  };
  return markForReadability(boxes, MARK);
}

/**
 * True when most of `article`'s text is in author boxes this stage marked: a retry that kept the boxes built its
 * article from the bio, so the post the first pass found (however short) is the article, not the bio.
 */
export function isMostlyAuthorBox(article: Element): boolean {
  const total = (article.textContent ?? '').trim().length;
  if (total === 0) return false;
  let inBoxes = 0;
  const marked = markSelector(MARK);
  for (const box of elementsMatching(article, marked)) {
    if (!(box.parentElement && closestMatching(box.parentElement, marked)))
      inBoxes += (box.textContent ?? '').trim().length;
  }
  return inBoxes > total / 2;
}

/** True when a later sibling of `element` is or holds a paragraph of prose. */
function followedByProse(element: Element): boolean {
  for (let sibling = element.nextElementSibling; sibling; sibling = sibling.nextElementSibling)
    if (holdsProse(sibling)) return true;
  return false;
}
