// After extract: when the page's own structured data (JSON-LD `articleBody`) holds the article and the body the
// extraction found holds almost none of it, the structured text stands in, with a warning.

import { NoArticleError } from '../errors.js';
import type { PipelineContext } from '../types.js';
import { articleOrNone, type ExtractedArticle } from './extract.js';
import { elementsWithTags } from './elements-by-tag.js';
import { shareOfRunsIn } from './text-runs.js';
import { plainText } from './markup-text.js';
import { appendStructuredSteps } from './structured-recipe.js';

/** What the page's HTML holds when its JSON-LD may carry an article's text or a recipe's steps. */
const MAY_HOLD_TEXT = /"(?:articleBody|Recipe|HowTo)"/;
/** Shorter structured text is a teaser or a summary, not the article: the extraction is left as it is. */
const MIN_BODY_CHARS = 500;
/** The extraction is judged wrong only when it holds less than this share of the structured text's word runs. */
const MAX_SHARE_FOUND = 0.2;
/** JSON-LD nests objects (`@graph`, `mainEntity`, lists); deeper than this is no article's own description. */
const MAX_DEPTH = 6;

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
 * opened with, before any text, is the story's photo and is kept above it. `html` is the page's text as parsed.
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
  const scripts = elementsWithTags(document, ['script'])
    .filter((script) => (script.getAttribute('type') ?? '').trim().toLowerCase() === 'application/ld+json')
    .map((script) => script.textContent ?? '');
  if (scripts.length === 0) return extract();
  // Not the title Readability finds: it may take it from this very JSON-LD.
  const titles = pageTitles(document);
  const article = articleOrNone(extract);
  if (article?.fromSiteBody) return article;
  const extracted = collapse(article?.content.textContent ?? '');
  const isOwn = (headline: string): boolean => isPageHeadline(headline, titles);
  // No articleBody in the scripts can be longer than the text found: nothing to parse.
  const structured =
    article && extracted.length >= scripts.reduce((sum, script) => sum + script.length, 0)
      ? undefined
      : ownStructuredArticle(scripts, isOwn, extracted.length);
  if (!structured || shareOfRunsIn(structured.body, extracted, MAX_SHARE_FOUND) >= MAX_SHARE_FOUND) {
    if (!article) throw new NoArticleError();
    // The article stands; a recipe card it left out is added from the same data.
    appendStructuredSteps(article.content, scripts, isOwn, extracted, ctx);
    return article;
  }
  const content = document.createElement('div');
  const leadImage = article ? leadImageOf(article.content) : undefined;
  if (leadImage) content.append(leadImage);
  for (const text of structured.body.split(/\n+/)) {
    const paragraph = collapse(text);
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
    title: structured.headline,
    author: undefined,
    siteName: undefined,
    published: undefined,
    url: ctx.baseUrl,
    lang: document.documentElement.getAttribute('lang') ?? undefined,
    excerpt: undefined,
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
  scripts: readonly string[],
  isOwn: (headline: string) => boolean,
  extractedChars: number,
): StructuredArticle | undefined {
  let best: StructuredArticle | undefined;
  for (const script of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(script);
    } catch {
      continue; // a broken JSON-LD block is the page's mistake; the extraction stands
    }
    for (const found of structuredArticles(data, 0)) {
      if (found.body.length < MIN_BODY_CHARS || found.body.length <= extractedChars) continue;
      if (!isOwn(found.headline)) continue;
      if (!best || found.body.length > best.body.length) best = found;
    }
  }
  return best;
}

function* structuredArticles(data: unknown, depth: number): Generator<StructuredArticle> {
  if (depth > MAX_DEPTH || typeof data !== 'object' || data === null) return;
  if (Array.isArray(data)) {
    for (const item of data) yield* structuredArticles(item, depth + 1);
    return;
  }
  const record = data as Record<string, unknown>;
  const { articleBody, headline, name } = record;
  if (typeof articleBody === 'string') {
    const title = typeof headline === 'string' ? headline : typeof name === 'string' ? name : '';
    // The text may carry markup (`<p>`, `<br>`) or entities: read as the words a reader sees, one block per line.
    yield { headline: collapse(title), body: plainText(articleBody) };
  }
  for (const value of Object.values(record)) yield* structuredArticles(value, depth + 1);
}

/** The page's title, og:title and first-level headings, collapsed: what an article's own headline matches. */
function pageTitles(document: Document): string[] {
  const titles = [document.title];
  for (const meta of document.head ? elementsWithTags(document.head, ['meta']) : []) {
    if ((meta.getAttribute('property') ?? meta.getAttribute('name'))?.toLowerCase() === 'og:title') {
      titles.push(meta.getAttribute('content') ?? '');
    }
  }
  for (const heading of elementsWithTags(document, ['h1'])) titles.push(heading.textContent ?? '');
  return titles.map(collapse).filter((title) => title.length > 0);
}

/**
 * A headline is the page's when a page title holds it or it holds the title (titles add or drop a site's name).
 * A trailing ellipsis is cut first: sites shorten JSON-LD headlines (search engines show about 110 characters).
 */
function isPageHeadline(headline: string, titles: readonly string[]): boolean {
  const wanted = headline.replace(/\s*(?:\.{3}|…)$/, '').toLowerCase();
  if (wanted.length < 10) return false;
  return titles.some((title) => {
    const lower = title.toLowerCase();
    return lower.includes(wanted) || (lower.length >= 10 && wanted.includes(lower));
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
