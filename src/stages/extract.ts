// Stage 4: Readability on a clone of the cleaned page → the article element and its metadata.

import { Readability } from '@mozilla/readability';
import { NoArticleError } from '../errors.js';
import type { ArticleMetadata, PipelineContext } from '../types.js';

export interface ExtractedArticle {
  /** The article body; classes are kept so post-clean rules can still select on them. */
  content: Element;
  metadata: ArticleMetadata;
}

/** Runs Readability on a clone (it mutates its input) and returns the article as an element. */
export function extractArticle(document: Document, ctx: PipelineContext): ExtractedArticle {
  const clone = document.cloneNode(true) as Document;
  const reader = new Readability<Node>(clone, {
    keepClasses: true,
    // Readability resolves links against documentURI; keep what it would otherwise rewrite.
    serializer: (node) => node,
    maxElemsToParse: 250_000, // backstop only: prune-html refuses pages over 200,000 elements first
  });
  const article = reader.parse();
  const content = article?.content;
  if (!article || !isElement(content) || !(content.textContent ?? '').trim()) throw new NoArticleError();
  return {
    content,
    metadata: {
      title: clean(article.title),
      author: clean(article.byline),
      siteName: clean(article.siteName),
      published: clean(article.publishedTime),
      url: ctx.baseUrl,
      lang: clean(article.lang) ?? clean(document.documentElement.getAttribute('lang')),
      excerpt: clean(article.excerpt),
    },
  };
}

function clean(value: string | null | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : undefined;
}

function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === 1;
}
