// Around extract: the element a page marks as its article's body with schema.org microdata (`itemprop=articleBody`)
// is where the article comes from when Readability's pick holds almost none of it.

import type { PipelineContext } from '../types.js';
import { releaseDocument } from './parse.js';
import { articleOrNone, emptyMetadata, extractArticle, type ExtractedArticle } from './extract.js';
import { elementsMatching } from './elements-by-tag.js';
import { totalLength, visibleProse } from './visible-prose.js';
import { collapseWhitespace, MISSED_BELOW_SHARE, shareOfRunsIn } from './text-runs.js';
import { containerDocument } from './container-document.js';

/** A marked body with less prose is a teaser or a summary; the extraction is left as it is. */
const MIN_BODY_CHARS = 500;
/** What the page's HTML holds when some element may be marked as the article's body. */
const MAY_MARK_BODY = /itemprop\s*=\s*["']?[^"'>]*articlebody/i;

/**
 * Readability scores blocks by their own prose and can prefer a long comment thread, a list of other stories or a
 * sidebar to the article; a page that marks one element as `itemprop=articleBody` has said where the article is.
 * The marked element is copied before Readability changes the page; when the article Readability chose holds less
 * than a fifth of its prose, Readability runs again on the copy alone and its article is taken (the page's metadata
 * as the first run read it), with a warning. A page marking several bodies, or a short one, is left alone, and
 * so is a page whose site config names its container. `html` is the page's text as decoded.
 */
export function withMicrodataBody(
  document: Document,
  ctx: PipelineContext,
  html: string,
  extract: () => ExtractedArticle,
): ExtractedArticle {
  // A look at the page's text first: walking every element for the attribute costs twenty times as much.
  if (!MAY_MARK_BODY.test(html)) return extract();
  const marked = elementsMatching(document, '[itemprop~=articleBody i]');
  const [only] = marked;
  if (marked.length !== 1 || only === undefined) return extract();
  const prose = visibleProse(only);
  const proseChars = totalLength(prose);
  if (proseChars < MIN_BODY_CHARS) return extract();
  // Copied into a page of its own first: Readability moves the page's nodes into its article and removes what it
  // leaves. Without the page's <head>, which only the metadata would read (taken from the first run).
  const copy = containerDocument(document, [only], { head: false });
  try {
    const article = articleOrNone(extract);
    if (article?.fromSiteBody) return article;
    const found = article ? collapseWhitespace(article.content.textContent ?? '') : '';
    const share = shareOfRunsIn(prose, found, MISSED_BELOW_SHARE);
    if (article && share >= MISSED_BELOW_SHARE) return article;
    // Kept as the page made it: Readability moves its pick out of the copy and strips what it judges unlikely.
    const markedCopy = copy.body.firstElementChild?.cloneNode(true) as Element;
    const fromBody = articleOrNone(() => extractArticle(copy, ctx));
    // Readability may pick the same block again inside the body (a table's cells outscore the prose beside it):
    // then the marked body itself, as the page made it, is the article.
    const content =
      fromBody &&
      shareOfRunsIn(prose, collapseWhitespace(fromBody.content.textContent ?? ''), MISSED_BELOW_SHARE) >=
        MISSED_BELOW_SHARE
        ? fromBody.content
        : markedCopy;
    ctx.warnings.push(
      `the article found held ${Math.round(share * 100)} % of the body the page marks (itemprop=articleBody, ` +
        `${proseChars} characters of prose): that body was read as the article`,
    );
    return { content, metadata: article?.metadata ?? fromBody?.metadata ?? emptyMetadata() };
  } finally {
    releaseDocument(copy);
  }
}
