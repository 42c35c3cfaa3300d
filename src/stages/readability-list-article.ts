// Readability's "enough text?" check, with a list of links and items counted as no article at all.

// After each pass Readability keeps the article it built when its text is 500 characters or more; shorter, it
// parses the page again with one flag fewer (unlikely candidates kept, then class weights off, then no conditional
// cleaning) and, when every pass falls short, takes the longest. A sidebar of headline lists, a poll and a list of
// events is "enough text" by that count: on a forum page whose posts Readability strips as comments, the first pass
// returns the sidebar, and nothing later is tried. An article whose text is mostly list items and links, holding no
// paragraph of prose, no content image and no data table, is a navigation list, so here it counts as too short and
// Readability goes on to its next pass. It counts as one character short of enough, so that when no later pass finds
// an article either, the choice among the short passes (readability-short-passes.ts: the earliest, unless a later one
// is half again as long) still picks this one: the page then comes out as it did without this check. Written against
// @mozilla/readability 0.6.0 (the check in `_grabArticle` against `_charThreshold`, after the paging
// `div#readability-page-1` is made, is its one `_getInnerText` call on an element outside the page whose first child
// is that div).

import { normalisedText } from '../rules/conditions.js';
import { contentIn } from '../rules/content.js';
import { closestMatching, elementsWithTags } from './elements-by-tag.js';

/** Above this share of its text in list items and links, an article without content is a list of links. */
const MAX_LIST_SHARE = 0.5;

interface TextLengthInternals {
  _getInnerText: (element: Element, normalizeSpaces?: boolean) => string;
  /** A pass's article shorter than this is retried (the `charThreshold` option, else Readability's 500). */
  _charThreshold: number;
}

/** Installs the check on one Readability instance. */
export function useListArticleAsTooShort(reader: object): void {
  const internals = reader as TextLengthInternals;
  const ownText = internals._getInnerText.bind(internals);
  internals._getInnerText = (element, normalizeSpaces) => {
    const text = ownText(element, normalizeSpaces);
    const enough = internals._charThreshold;
    if (text.length < enough || !isPassArticle(element) || !isListOfLinks(element)) return text;
    return text.slice(0, enough - 1);
  };
}

/** True for the article a pass has just built: a detached element whose first child is Readability's page div. */
function isPassArticle(element: Element): boolean {
  return element.parentNode === null && element.firstElementChild?.id === 'readability-page-1';
}

/** True when `article` holds no content and most of its text is in list items and links. */
function isListOfLinks(article: Element): boolean {
  if (contentIn(article) !== undefined) return false;
  return textInListsAndLinks(article) > MAX_LIST_SHARE * normalisedText(article).length;
}

/** Characters of `element`'s text inside list items or links, each counted at its outermost one. */
function textInListsAndLinks(element: Element): number {
  let characters = 0;
  for (const item of elementsWithTags(element, ['li', 'a'])) {
    const outer = item.parentElement ? closestMatching(item.parentElement, 'li, a') : null;
    if (outer && element.contains(outer)) continue;
    characters += normalisedText(item).length;
  }
  return characters;
}
