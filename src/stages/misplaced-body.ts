// Before Readability: the article sitting in an element Readability always throws away (a <noscript> holding the
// page, an <aside> holding the headline and its text) is released into an ordinary element, so the page is not empty.

import type { PipelineContext } from '../types.js';
import { closestMatching, elementsMatching } from './elements-by-tag.js';

/**
 * Readability deletes every <noscript> (it assumes a browser that runs scripts) and every <aside> inside the
 * container it picks. Some pages put the whole article in one of them: a site whose scriptless version is the page
 * itself, wrapped in one <noscript>; a CMS that marks the article block up as an <aside> under <main>. Readability
 * then finds nothing at all. declutter runs no scripts, so a reader of its output is the scriptless reader the
 * <noscript> is written for; and an <aside> holding the page's only <h1> with prose under it is the article, not a
 * side note. Each is turned into a <div> (children, attributes and place kept) and said in a warning.
 */
export function releaseMisplacedBody(document: Document, ctx: PipelineContext): void {
  const body = document.body;
  if (!body) return;
  // The body's text is read only for a <noscript> long enough to be the page: most pages have none.
  let bodyText: number | undefined;
  for (const noscript of elementsMatching(body, 'noscript')) {
    // Most of the page's text, not a "please enable JavaScript" line or a tracking pixel beside the real page.
    const inside = textLength(noscript);
    if (inside < MIN_PROSE_CHARACTERS) continue;
    bodyText ??= textLength(body);
    if (inside * 2 > bodyText) {
      retag(noscript, 'div');
      ctx.warnings.push(`the page's text is inside <noscript> (${inside} of ${bodyText} characters): read as the page`);
    }
  }
  const headlines = elementsMatching(body, 'h1');
  const headline = headlines.length === 1 ? headlines[0] : undefined;
  const aside = headline ? closestMatching(headline, 'aside') : null;
  if (aside && hasProseParagraph(aside)) {
    retag(aside, 'div');
    ctx.warnings.push("the page's only <h1> and its text are inside an <aside>: read as the article");
  }
}

/** A block of prose, not a teaser line: what an article under its headline has and a sidebar box rarely does. */
const MIN_PROSE_CHARACTERS = 200;

function hasProseParagraph(element: Element): boolean {
  return elementsMatching(element, 'p').some((paragraph) => textLength(paragraph) >= MIN_PROSE_CHARACTERS);
}

function textLength(element: Element): number {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

/** Replaces `element` by a `tagName` element with the same attributes and children, in the same place. */
function retag(element: Element, tagName: string): void {
  const replacement = element.ownerDocument.createElement(tagName);
  for (const attribute of Array.from(element.attributes)) replacement.setAttribute(attribute.name, attribute.value);
  while (element.firstChild) replacement.appendChild(element.firstChild);
  element.replaceWith(replacement);
}
