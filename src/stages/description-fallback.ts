// After extract: when the page body yields no article text, or less than the page's own description says, the
// description (<meta name=description>, og:description, twitter:description) stands in, with a warning, instead
// of an empty page.

import { NoArticleError } from '../errors.js';
import { oneLineWithoutControls } from '../markdown/controls.js';
import type { PipelineContext } from '../types.js';
import { emptyMetadata, type ExtractedArticle } from './extract.js';
import { firstMatching } from './elements-by-tag.js';

/**
 * Pages whose text is built by scripts (video pages, single-page apps) often carry the article's summary only in
 * their <meta> description; the body then holds nothing, or a "your browser is outdated" line. A reader expects
 * that summary rather than nothing. Taken only when the article's text is shorter than the description and does
 * not already hold it, so a real article is never touched; said in a warning.
 */
export function withDescriptionFallback(
  document: Document,
  ctx: PipelineContext,
  extract: () => ExtractedArticle,
): ExtractedArticle {
  // Read first: the page may not be whole once Readability has run on it. A few <meta> lookups in <head>.
  const description = metaDescription(document);
  const pageTitle = metaContent(document, 'meta[property="og:title"]') ?? oneLineWithoutControls(document.title);
  const pageLang = document.documentElement.getAttribute('lang') ?? undefined;
  let article: ExtractedArticle;
  try {
    article = extract();
  } catch (error) {
    if (!(error instanceof NoArticleError) || description === undefined) throw error;
    ctx.warnings.push("no article text on the page: the output is the page's description (<meta>)");
    const content = document.createElement('div');
    content.append(paragraph(document, description));
    const metadata = { ...emptyMetadata(), title: pageTitle || undefined, lang: pageLang, url: ctx.baseUrl };
    return { content, metadata: { ...metadata, excerpt: description } };
  }
  if (description === undefined) return article;
  const text = oneLineWithoutControls(article.content.textContent ?? '');
  if (description.length <= text.length || text.includes(description)) return article;
  article.content.prepend(paragraph(document, description));
  ctx.warnings.push(
    `the page body holds little text (${text.length} characters): the page's description (<meta>) is put first`,
  );
  return { ...article, metadata: { ...article.metadata, excerpt: article.metadata.excerpt ?? description } };
}

/** Where a page states its summary, in the order they are read. */
const DESCRIPTION_METAS = [
  'meta[name="description" i]',
  'meta[property="og:description" i]',
  'meta[name="twitter:description" i]',
];

/** The page's own summary: <meta name=description>, else og:description, else twitter:description. */
function metaDescription(document: Document): string | undefined {
  return pageDescriptions(document)[0];
}

/**
 * Each summary the page states, in that order, on one line, each once: they may differ (a site's slogan as the
 * description, the story's deck as og:description).
 */
export function pageDescriptions(document: Document): string[] {
  const descriptions = new Set<string>();
  for (const selector of DESCRIPTION_METAS) {
    const content = metaContent(document, selector);
    if (content !== undefined) descriptions.add(content);
  }
  return [...descriptions];
}

function metaContent(document: Document, selector: string): string | undefined {
  const content = oneLineWithoutControls(
    (document.head ? firstMatching(document.head, selector) : null)?.getAttribute('content') ?? '',
  );
  return content ? content : undefined;
}

function paragraph(document: Document, text: string): HTMLParagraphElement {
  const element = document.createElement('p');
  element.textContent = text;
  return element;
}
