// Around extract: on a page that holds several stories, the page's own story is the <article> under the headline
// its title names; it is read when Readability picked another story.

import { NoArticleError } from '../errors.js';
import type { PipelineContext } from '../types.js';
import { releaseDocument } from './parse.js';
import { articleOrNone, extractArticle, type ExtractedArticle } from './extract.js';
import { closestMatching, elementsWithTags } from './elements-by-tag.js';
import { collapseWhitespace, MISSED_BELOW_SHARE, shareOfRunsIn } from './text-runs.js';
import { containerDocument } from './container-document.js';
import { headTitles, isPageHeadline } from './page-titles.js';
import { totalLength, visibleProse } from './visible-prose.js';

/** An <article> under the headline with less prose holds a teaser, the story's body being elsewhere. */
const MIN_STORY_CHARS = 500;
/** What the page's HTML holds when its headline may sit in an <article>: both tags (two scans, no backtracking). */
const MAY_HOLD_ARTICLE = /<article[\s>]/i;
const MAY_HOLD_HEADLINE = /<h1[\s>]/i;

/**
 * News sites that load the next stories as the reader scrolls save pages holding four or five `<article>`s, each
 * with its own `<h1>`; Readability scores them by their prose and may return the longest, which is another story.
 * The page's `<title>` and og:title name its own: the `<article>` around the `<h1>` they hold (the longest such
 * heading, when one is longest). When Readability's article took none of that story's elements and holds under a
 * fifth of its prose, Readability runs again on the story alone, and its article is taken when it holds more than
 * that, with a warning. When Readability took part of the story (its body, beside a longer comment thread in the
 * same <article>; a box of it), its article stands.
 * `html` is the page's text as decoded.
 */
export function withHeadlineArticle(
  document: Document,
  ctx: PipelineContext,
  html: string,
  extract: () => ExtractedArticle,
): ExtractedArticle {
  if (!MAY_HOLD_ARTICLE.test(html) || !MAY_HOLD_HEADLINE.test(html)) return extract();
  const story = headlineArticle(document);
  if (story === undefined) return extract();
  const prose = visibleProse(story);
  const proseChars = totalLength(prose);
  if (proseChars < MIN_STORY_CHARS) return extract();
  // Its elements, to tell afterwards whether Readability's article holds any of them: Readability moves the nodes it
  // takes into its article (the same nodes, not copies) and leaves the rest of the page in place.
  const storyElements = new Set(elementsWithTags(story, ['*']));
  const article = articleOrNone(extract);
  if (article?.fromSiteBody) return article;
  const orNone = (): ExtractedArticle => {
    if (article) return article;
    throw new NoArticleError();
  };
  // Read again only when Readability took nothing from the story (no paragraph, no table, no box) and it is still in
  // the page, so the page is not copied before every extraction: the story as Readability's pass left it (scripts
  // gone, text blocks as paragraphs, its title heading and byline taken out) is what is copied.
  if (!story.isConnected || (article && tookAny(article.content, storyElements))) return orNone();
  const found = article ? collapseWhitespace(article.content.textContent ?? '') : '';
  const share = shareOfRunsIn(prose, found, MISSED_BELOW_SHARE);
  if (share >= MISSED_BELOW_SHARE) return orNone();
  // A page of its own, without the page's <head>, which only the metadata would read (taken from the first run).
  const copy = containerDocument(document, [story], { head: false });
  try {
    const fromStory = articleOrNone(() => extractArticle(copy, ctx));
    const storyFound = fromStory ? collapseWhitespace(fromStory.content.textContent ?? '') : '';
    if (!fromStory || shareOfRunsIn(prose, storyFound, MISSED_BELOW_SHARE) < MISSED_BELOW_SHARE) return orNone();
    ctx.warnings.push(
      `the article found held ${Math.round(share * 100)} % of the <article> under the page's headline ` +
        `(${proseChars} characters of prose): that story was read as the article`,
    );
    return { content: fromStory.content, metadata: article?.metadata ?? fromStory.metadata };
  } finally {
    releaseDocument(copy);
  }
}

/**
 * The `<article>` around the page's headline: the `<h1>` that the page's title or og:title holds, or that holds
 * one of them (titles add or drop a site's name), the longest when several do ("Knowledge on Air" in the site's
 * header, the episode's name in the post); none when two tie or the headline is in no `<article>`.
 */
function headlineArticle(document: Document): Element | undefined {
  const titles = headTitles(document);
  let best: Element | undefined;
  let bestLength = 0;
  let tied = false;
  for (const heading of elementsWithTags(document, ['h1'])) {
    const text = collapseWhitespace(heading.textContent ?? '');
    if (!isPageHeadline(text, titles)) continue;
    if (text.length > bestLength) [best, bestLength, tied] = [heading, text.length, false];
    else if (text.length === bestLength) tied = true;
  }
  if (best === undefined || tied) return undefined;
  return closestMatching(best, 'article') ?? undefined;
}

/** Whether `content` is or holds one of `elements`. */
function tookAny(content: Element, elements: ReadonlySet<Element>): boolean {
  if (elements.has(content)) return true;
  return elementsWithTags(content, ['*']).some((element) => elements.has(element));
}
