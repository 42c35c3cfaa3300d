// After extract: when the page's own structured data (JSON-LD `articleBody`) holds the article and the body the
// extraction found holds almost none of it, the structured text stands in, with a warning.

import { NoArticleError } from '../errors.js';
import type { PipelineContext } from '../types.js';
import { articleOrNone, emptyMetadata, type ExtractedArticle } from './extract.js';
import { elementsWithTags } from './elements-by-tag.js';
import { readJsonLd, type JsonLdBlocks } from './json-ld.js';
import { collapseWhitespace, MISSED_BELOW_SHARE, shareOfRunsIn } from './text-runs.js';
import { plainText } from './markup-text.js';
import { headTitles, isPageHeadline } from './page-titles.js';
import { appendStructuredSteps } from './structured-recipe.js';

/** What the page's HTML holds when its JSON-LD may carry an article's text or a recipe's steps. */
const MAY_HOLD_TEXT = /"(?:articleBody|Recipe|HowTo)"/;
/** Shorter structured text is a teaser or a summary, not the article: the extraction is left as it is. */
const MIN_BODY_CHARS = 500;

interface StructuredArticle {
  headline: string;
  body: string;
}

/**
 * Pages whose text is built by scripts (single-page news apps, pages behind a client-side paywall) often ship
 * the whole article in a JSON-LD `articleBody` while their HTML body holds a shell, a teaser or a list of other
 * stories; Readability then picks whatever prose the shell has. Taken only when the structured article is the
 * page's own (its headline is the page's title or heading), is long enough to be an article, and the extraction
 * holds less than a fifth of it, so an article the body does carry is never touched. The structured text replaces
 * the extraction (what it held was not the article) and the output says so in a warning; an image the extraction
 * opened with, before any text, is the story's photo and is kept above it. `html` is the page's text as decoded.
 */
export function withStructuredBodyFallback(
  document: Document,
  ctx: PipelineContext,
  html: string,
  extract: () => ExtractedArticle,
): ExtractedArticle {
  // A look at the page's text first (most pages hold neither), then the scripts are read before Readability
  // removes them. JSON is parsed only when the extraction looks short or a recipe may be missing.
  if (!MAY_HOLD_TEXT.test(html)) return extract();
  const jsonLd = readJsonLd(document);
  if (jsonLd.texts.length === 0) return extract();
  // Not the title Readability finds: it may take it from this very JSON-LD.
  const titles = pageTitles(document);
  const article = articleOrNone(extract);
  if (article?.fromSiteBody) return article;
  const extracted = collapseWhitespace(article?.content.textContent ?? '');
  const isOwn = (headline: string): boolean => isPageHeadline(headline, titles);
  // No articleBody in the scripts can be longer than the text found: nothing to parse.
  const structured =
    article && extracted.length >= jsonLd.texts.reduce((sum, text) => sum + text.length, 0)
      ? undefined
      : ownStructuredArticle(jsonLd, isOwn, extracted.length);
  if (!structured || shareOfRunsIn(structured.body, extracted, MISSED_BELOW_SHARE) >= MISSED_BELOW_SHARE) {
    if (!article) throw new NoArticleError();
    // The article stands; a recipe card it left out is added from the same data.
    appendStructuredSteps(article.content, jsonLd, isOwn, extracted, ctx);
    return article;
  }
  const content = document.createElement('div');
  const leadImage = article ? leadImageOf(article.content) : undefined;
  if (leadImage) content.append(leadImage);
  for (const text of structured.body.split(/\n+/)) {
    const paragraph = collapseWhitespace(text);
    if (!paragraph) continue;
    const element = document.createElement('p');
    element.textContent = paragraph;
    content.append(element);
  }
  ctx.warnings.push(
    `the page body holds little of its article (${extracted.length} characters found): the output is the article text ` +
      `of the page's structured data (JSON-LD articleBody, ${structured.body.length} characters)`,
  );
  const metadata = article?.metadata ?? {
    ...emptyMetadata(),
    title: structured.headline,
    url: ctx.baseUrl,
    lang: document.documentElement.getAttribute('lang') ?? undefined,
  };
  return { content, metadata };
}

/** The figure, picture or image that comes before any text in `content`, if one does. */
function leadImageOf(content: Element): Element | undefined {
  const walker = content.ownerDocument.createTreeWalker(content, 0x1 | 0x4 /* elements and text */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      if ((node.textContent ?? '').trim()) return undefined;
      continue;
    }
    const name = (node as Element).localName;
    if (name === 'figure' || name === 'picture' || name === 'img') return node as Element;
  }
  return undefined;
}

/** The longest JSON-LD article on the page whose headline is the page's own, when it is longer than the extraction. */
function ownStructuredArticle(
  jsonLd: JsonLdBlocks,
  isOwn: (headline: string) => boolean,
  extractedChars: number,
): StructuredArticle | undefined {
  let best: StructuredArticle | undefined;
  for (const { articleBody, headline, name } of jsonLd.objects()) {
    if (typeof articleBody !== 'string') continue;
    const title = typeof headline === 'string' ? headline : typeof name === 'string' ? name : '';
    // The text may carry markup (`<p>`, `<br>`) or entities: read as the words a reader sees, one block per line.
    const found = { headline: collapseWhitespace(title), body: plainText(articleBody) };
    if (found.body.length < MIN_BODY_CHARS || found.body.length <= extractedChars) continue;
    if (!isOwn(found.headline)) continue;
    if (!best || found.body.length > best.body.length) best = found;
  }
  return best;
}

/** The page's title, og:title and first-level headings, collapsed: what an article's own headline matches. */
function pageTitles(document: Document): string[] {
  const headings = elementsWithTags(document, ['h1']).map((heading) => collapseWhitespace(heading.textContent ?? ''));
  return [...headTitles(document), ...headings.filter((heading) => heading.length > 0)];
}
