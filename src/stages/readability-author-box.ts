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

import { isProse } from '../rules/content.js';

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
  const marked: Element[] = [];
  for (const element of document.body?.querySelectorAll('[class*=author], [id*=author]') ?? []) {
    const names = `${typeof element.className === 'string' ? element.className : ''} ${element.id}`;
    if (AUTHOR_BOX.test(names) && !prose(followingSiblings(element))) {
      element.classList.add(MARK);
      marked.push(element);
    }
  }
  if (marked.length === 0) return () => undefined;
  const internals = reader as UnlikelyInternals;
  // REGEXPS is Readability's shared table: the instance gets its own copy, never the prototype's changed.
  const unlikely = internals.REGEXPS.unlikelyCandidates;
  internals.REGEXPS = {
    ...internals.REGEXPS,
    unlikelyCandidates: new RegExp(`${unlikely.source}|${MARK}`, unlikely.flags),
  };
  return (article) => {
    for (const element of marked) unmark(element);
    // Readability's retries re-parse the page from its HTML, so the article may hold copies of marked boxes.
    for (const element of article?.querySelectorAll(`.${MARK}`) ?? []) unmark(element);
  };
}

function unmark(element: Element): void {
  element.classList.remove(MARK);
  if (element.getAttribute('class') === '') element.removeAttribute('class');
}

function* followingSiblings(element: Element): Generator<Element> {
  for (let sibling = element.nextElementSibling; sibling; sibling = sibling.nextElementSibling) yield sibling;
}

/** True when one of the elements is or holds a paragraph of prose. */
function prose(elements: Iterable<Element>): boolean {
  for (const element of elements) {
    if (element.tagName === 'P' ? isProse(element) : Array.from(element.getElementsByTagName('p')).some(isProse))
      return true;
  }
  return false;
}
