// The titles a page gives itself in its <head>: what its own headline, wherever it is, matches.

import { elementsWithTags } from './elements-by-tag.js';
import { collapseWhitespace } from './text-runs.js';

/** The page's <title> and og:title, whitespace collapsed, the empty ones left out. */
export function headTitles(document: Document): string[] {
  const titles = [document.title];
  for (const meta of document.head ? elementsWithTags(document.head, ['meta']) : []) {
    if ((meta.getAttribute('property') ?? meta.getAttribute('name'))?.toLowerCase() === 'og:title') {
      titles.push(meta.getAttribute('content') ?? '');
    }
  }
  return titles.map(collapseWhitespace).filter((title) => title.length > 0);
}
