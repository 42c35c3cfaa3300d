// Stage 4: Readability on the cleaned page itself → the article element and its metadata (with its lead figure and
// the sibling sections of a split text put back).

import { Readability } from '@mozilla/readability';
import { InputError, NoArticleError } from '../errors.js';
import { oneLineWithoutControls } from '../markdown/controls.js';
import { normalisedText } from '../rules/conditions.js';
import type { ArticleMetadata, PipelineContext } from '../types.js';
import { cleanByline } from './byline.js';
import { findLeadFigures, restoreLeadFigure } from './lead-figure.js';
import { findInnerFigures, restoreInnerFigures } from './inner-figure.js';
import { readPageText, restoreStandfirst } from './standfirst.js';
import { isMostlyAuthorBox, useAuthorBoxAsUnlikely } from './readability-author-box.js';
import { useEmbeddedPostsAsLikely } from './readability-embedded-posts.js';
import { useQualifiedHiddenClasses } from './readability-class-weight.js';
import { findSectionRuns, joinSectionRuns } from './sibling-sections.js';
import { useJsdomFastPaths } from './readability-fast-paths.js';
import { useTitleHeadingBeforeProse } from './readability-title-heading.js';
import { useListArticleAsTooShort } from './readability-list-article.js';
import { useStrictestPassWhenAllShort } from './readability-short-passes.js';
import { useKeptIngredients } from './readability-ingredients.js';
import { keepPlacesThroughReadability } from './readability-places.js';

export interface ExtractedArticle {
  /** The article body; classes are kept so post-clean rules can still select on them. */
  content: Element;
  metadata: ArticleMetadata;
  /** Set when the content is the site config's `body` container (src/sites/site-body.ts), not Readability's pick. */
  fromSiteBody?: true;
}

/** The extraction, or undefined when the page has no article (NoArticleError); any other error is thrown on. */
export function articleOrNone(extract: () => ExtractedArticle): ExtractedArticle | undefined {
  try {
    return extract();
  } catch (error) {
    if (error instanceof NoArticleError) return undefined;
    throw error;
  }
}

/** Metadata with every field unknown: text dumps, and pages only their description stands in for. */
export function emptyMetadata(): ArticleMetadata {
  return {
    title: undefined,
    author: undefined,
    siteName: undefined,
    published: undefined,
    url: undefined,
    lang: undefined,
    excerpt: undefined,
  };
}

/**
 * Runs Readability on the page and returns the article as an element. Readability mutates the
 * document it is given; no clone is taken because nothing reads the page after this stage (post-clean
 * and Markdown work on the returned article, the base URL is chosen at parse, the page's `lang` is
 * read here before Readability runs). A clone cost about a twelfth of the pipeline's CPU on AEB pages.
 * Callers that need the page afterwards must clone it themselves.
 */
export function extractArticle(
  document: Document,
  ctx: PipelineContext,
  options: { cleanConditionally?: boolean; wholePage?: Document } = {},
): ExtractedArticle {
  const pageLang = document.documentElement.getAttribute('lang');
  const reader = new Readability<Node>(document, {
    keepClasses: true,
    // Readability resolves links against documentURI; keep what it would otherwise rewrite.
    serializer: (node) => node,
    maxElemsToParse: 250_000, // backstop only: prune-html refuses pages over 200,000 elements first
  });
  useJsdomFastPaths(reader);
  // Copied before Readability changes the page: the lead photo it may leave beside the text it chooses.
  const leadFigures = findLeadFigures(document);
  // …and the photos standing between its sections, which it may leave out between two it takes.
  const innerFigures = findInnerFigures(document);
  // …and the runs of alike prose blocks whose other parts it may leave beside the one it chooses.
  const sectionRuns = findSectionRuns(document);
  const pageText = readPageText(document);
  useQualifiedHiddenClasses(reader);
  const unmarkAuthorBoxes = useAuthorBoxAsUnlikely(reader, document);
  const unmarkEmbeddedPosts = useEmbeddedPostsAsLikely(reader, document);
  useTitleHeadingBeforeProse(reader);
  useListArticleAsTooShort(reader);
  useStrictestPassWhenAllShort(reader, isMostlyAuthorBox);
  useKeptIngredients(reader);
  // `cleanConditionally: false` (a site config's `prune: no`, for a container the site config vouches for):
  // Readability keeps the tables, lists and divs its clean-up would judge by their link density and score.
  if (options.cleanConditionally === false) withoutConditionalCleaning(reader);
  const restoreBody = ctx.places ? keepPlacesThroughReadability(reader, document, ctx.places) : undefined;
  let article: ReturnType<Readability<Node>['parse']>;
  try {
    article = parseWithinLimits(reader);
  } finally {
    restoreBody?.();
    unmarkAuthorBoxes();
    unmarkEmbeddedPosts();
  }
  const content = article?.content;
  if (isElement(content)) {
    unmarkAuthorBoxes(content);
    unmarkEmbeddedPosts(content);
  }
  if (!article || !isElement(content) || !(content.textContent ?? '').trim()) throw new NoArticleError();
  joinSectionRuns(content, sectionRuns);
  const articleStart = normalisedText(content);
  restoreLeadFigure(content, leadFigures);
  restoreInnerFigures(content, innerFigures);
  // A site config's container (`wholePage` is the page it was copied from, which Readability left as it was) may
  // leave the standfirst outside it, as Readability does: when the container holds none, the whole page is read.
  if (!restoreStandfirst(content, pageText, articleStart) && options.wholePage) {
    restoreStandfirst(content, readPageText(options.wholePage), articleStart);
  }
  return {
    content,
    metadata: {
      title: clean(article.title),
      author: cleanByline(clean(article.byline)),
      siteName: clean(article.siteName),
      published: clean(article.publishedTime),
      url: ctx.baseUrl,
      lang: clean(article.lang) ?? clean(pageLang),
      excerpt: clean(article.excerpt),
    },
  };
}

/** The parts of Readability 0.6.0 that read a page's metadata (what parse() does before extracting); check when upgrading it. */
interface MetadataInternals {
  _getJSONLD(document: Document): object;
  _getArticleMetadata(jsonLd: object): {
    title?: string;
    byline?: string;
    excerpt?: string;
    siteName?: string;
    publishedTime?: string;
  };
  _articleSiteName?: string | null;
}

/**
 * The metadata Readability would give for the page without extracting its article (JSON-LD, <meta>, the
 * title); what only an extraction finds (a byline in the text, the first paragraph as excerpt) is taken
 * from `fromArticle`, an extraction of part of the page. Reads the page and leaves it as it is.
 */
export function readPageMetadata(
  document: Document,
  ctx: PipelineContext,
  fromArticle: ArticleMetadata,
): ArticleMetadata {
  const readability = new Readability<Node>(document);
  // Its JSON-LD search lists the page's scripts by tag: without the fast path that builds jsdom's selector engine.
  useJsdomFastPaths(readability);
  const reader = readability as unknown as MetadataInternals;
  const found = reader._getArticleMetadata(reader._getJSONLD(document));
  return {
    title: clean(found.title),
    author: clean(found.byline) ?? fromArticle.author,
    siteName: clean(found.siteName) ?? clean(reader._articleSiteName) ?? fromArticle.siteName,
    published: clean(found.publishedTime),
    url: ctx.baseUrl,
    lang: fromArticle.lang ?? clean(document.documentElement.getAttribute('lang')),
    excerpt: clean(found.excerpt) ?? fromArticle.excerpt,
  };
}

/** Readability 0.6.0's flags (its FLAG_CLEAN_CONDITIONALLY bit), set per instance; check when upgrading it. */
function withoutConditionalCleaning(reader: object): void {
  const internals = reader as { _flags: number; FLAG_CLEAN_CONDITIONALLY: number };
  internals._flags &= ~internals.FLAG_CLEAN_CONDITIONALLY;
}

/** Readability throws a plain Error past maxElemsToParse: that is a page too big to process, not a bug. */
function parseWithinLimits(reader: Readability<Node>): ReturnType<Readability<Node>['parse']> {
  try {
    return reader.parse();
  } catch (error) {
    if (error instanceof Error && /^Aborting parsing document; (\d+) elements found/.test(error.message)) {
      throw new InputError(`page has too many elements for extraction (${error.message.replace(/\D+/g, ' ').trim()})`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Metadata goes to terminals and YAML: whitespace collapsed and control characters (ANSI, OSC) removed. */
function clean(value: string | null | undefined): string | undefined {
  const trimmed = value === null || value === undefined ? undefined : oneLineWithoutControls(value);
  return trimmed ? trimmed : undefined;
}

function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === 1;
}
