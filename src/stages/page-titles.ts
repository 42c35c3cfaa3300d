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

/** Shorter headlines ("News", a site's name) match too many titles to say a page is theirs. */
const MIN_HEADLINE_CHARS = 10;

/**
 * A headline is the page's when a page title holds it or it holds the title (titles add or drop a site's name).
 * A trailing ellipsis is cut first: sites shorten JSON-LD headlines (search engines show about 110 characters).
 */
export function isPageHeadline(headline: string, titles: readonly string[]): boolean {
  const wanted = headline.replace(/\s*(?:\.{3}|…)$/, '').toLowerCase();
  if (wanted.length < MIN_HEADLINE_CHARS) return false;
  return titles.some((title) => {
    const lower = title.toLowerCase();
    return lower.includes(wanted) || (lower.length >= MIN_HEADLINE_CHARS && wanted.includes(lower));
  });
}
