// Readability's "heading that repeats the title" removal, kept to headings before the article's prose.

// While it walks the page, Readability removes the first h1 or h2 whose words are mostly the title's: the
// page's own headline, which the metadata carries. When the headline sits in a block it has already dropped
// as unlikely (an `entry-header`, a `page-header`), the first such heading it meets is a section heading
// deep in the text ("Ab wann legen Hühner Eier?" under the title "Ab wann und wie lange legen Hühner Eier?"),
// and the section loses its heading. A headline says (nearly) all of the title and comes before the text; a
// heading that says only part of the title, after a paragraph of prose, is the text's own and stays. Written against @mozilla/readability 0.6.0 (`_headerDuplicatesTitle`).

import { elementMatches, elementsWithTags } from './elements-by-tag.js';

interface TitleHeadingInternals {
  _headerDuplicatesTitle: (node: Element) => boolean;
  _textSimilarity: (textA: string, textB: string) => number;
  _getInnerText: (element: Element, normalizeSpaces?: boolean) => string;
  _articleTitle: string;
}

/** Readability's own threshold: above it, the heading's words are "the same" as the title's. */
const SAME_WORDS = 0.75;

/** A paragraph this long is the article's prose, not a kicker, a teaser line or a breadcrumb. */
const MIN_PROSE_CHARACTERS = 160;

/** Installs the limit on one Readability instance. */
export function useTitleHeadingBeforeProse(reader: object): void {
  const internals = reader as TitleHeadingInternals;
  const ownCheck = internals._headerDuplicatesTitle.bind(internals);
  internals._headerDuplicatesTitle = (node) =>
    ownCheck(node) && !(opensSection(node) && isPartOfTitle(internals, node) && followsProse(node));
}

/**
 * True when the heading opens a section of its own: an h2 followed by something other than another top heading. An
 * h1 is the page's headline however it is cut (a site config may strip part of it); a kicker over the headline, or a
 * headline over its dek set as an h2, is followed by that next heading.
 */
function opensSection(heading: Element): boolean {
  if (heading.localName !== 'h2') return false;
  const next = heading.nextElementSibling;
  return next !== null && !elementMatches(next, 'h1, h2');
}

/**
 * True when the heading says only part of the title: its words are the title's (Readability's check), but much of
 * the title is not in it. A headline, even without the site name the title carries, says nearly all of it.
 */
function isPartOfTitle(internals: TitleHeadingInternals, heading: Element): boolean {
  return internals._textSimilarity(internals._getInnerText(heading, false), internals._articleTitle) <= SAME_WORDS;
}

/** True when a paragraph of prose comes before `heading` in the page. */
function followsProse(heading: Element): boolean {
  for (const paragraph of elementsWithTags(heading.ownerDocument, ['p'])) {
    if (heading.compareDocumentPosition(paragraph) & 4 /* Node.DOCUMENT_POSITION_FOLLOWING */) return false;
    if ((paragraph.textContent ?? '').replace(/\s+/g, ' ').trim().length >= MIN_PROSE_CHARACTERS) return true;
  }
  return false;
}
