// The pipeline, in order, in one place:
//
//   bytes ─decode─▶ string ─sniff─▶ html | text
//   html: ─parse─▶ Document ─preClean─▶ Document ─extract─▶ Article ─postClean─▶ Article ─markdown─▶ string
//   text: ─split─▶ paragraphs ─textClean─▶ paragraphs ─markdown─▶ string
//
// decode     picks the charset (BOM → --charset → <meta>, unless valid UTF-8 it would garble → strict UTF-8 →
//            detection → windows-1252).
// parse      jsdom with no scripts and no loading, after dropping what the pipeline never reads.
// preClean   the site config reads title, author, date and page links off the page (site-page.ts);
//            then pre-phase rules on the whole page (consent notices, hidden-dialog fixes, the site
//            config's strip/dissolve lines) before Readability.
// extract    first, an article Readability would delete whole (a <noscript> holding the page, an <aside> holding
//            its only <h1>) becomes a plain <div> (misplaced-body.ts); then Readability on the page itself (nothing
//            reads the page after it); the article comes back
//            as an element with its classes, with the lead figure put back when Readability left the photo
//            standing just before the text it chose, and a photo it left between two blocks it took put back between
//            them (inner-figure.ts). With a site config's `body`, Readability on that
//            container unless it holds far less than the whole page (site-body.ts). When Readability's pick holds
//            under half of the element the page marks `itemprop=articleBody`, that element is read instead; a
//            marked Recipe's steps or the marked description of the Product the headline names are added to it
//            when it holds too little of them (microdata-body.ts). On a forum thread (schema.org
//            DiscussionForumPosting) whose article holds only some posts, every post's text is read (thread-posts.ts).
//            When the article took nothing from the
//            <article> under the headline the page's title names (a page of several stories), that story is read
//            instead (headline-article.ts).
//            When the body holds almost none of the article the page's JSON-LD `articleBody` carries, that text
//            stands in (structured-body.ts), and the steps of a JSON-LD Recipe or HowTo it lacks are added
//            (structured-recipe.ts); when it yields no text, or less than the page's <meta> description, the
//            description stands in or goes first; each with a warning.
// The site config's find_string/replace_string lines run inside parse, on the decoded text.
// postClean  post-phase rules on the article (repeated captions, trending/related footers).
// markdown   hast → mdast (our handlers, src/markdown/) → title heading once → GFM Markdown + plain text.
// Rendering to markdown/text/json with front matter is the caller's step (render.ts).
//
// With `tracePaths` (and `report`), parse also notes where every node of the page was, so each trace entry can say
// where its element was in the page as parsed; with `report`, a copy of the page as parsed is kept, and what of it
// ended up in Readability's article is noted before postClean, for the report built last (src/report/).

import { performance } from 'node:perf_hooks';
import { buildReport } from './report/build-report.js';
import { applyDomRules, applyTextRules, describeRules, selectedRulesFor } from './rules/apply-rules.js';
import { extractWithSiteBody, sparedPostSets } from './sites/site-body.js';
import { readSitePage, type SitePageFacts } from './sites/site-page.js';
import { staleSiteRemovals } from './sites/site-strip-guard.js';
import { findBaseUrl } from './stages/base-url.js';
import { withDescriptionFallback } from './stages/description-fallback.js';
import { releaseMisplacedBody } from './stages/misplaced-body.js';
import { withStructuredBodyFallback } from './stages/structured-body.js';
import { withMicrodataBody } from './stages/microdata-body.js';
import { withHeadlineArticle } from './stages/headline-article.js';
import { withThreadPosts } from './stages/thread-posts.js';
import { indexPage, placesWithin } from './stages/page-places.js';
import { decodeHtml } from './stages/decode.js';
import { parseHtml, releaseDocument } from './stages/parse.js';
import { sniffInputFormat } from './stages/sniff.js';
import { splitParagraphs } from './stages/text-dump.js';
import { emptyMetadata } from './stages/extract.js';
import { articleToMdast, composeMarkdown, paragraphsToMdast } from './stages/to-markdown.js';
import type { Root as MdastRoot } from 'mdast';
import type { DeclutterResult, PipelineContext, ResolvedOptions, StageName } from './types.js';
import { InputTooLargeError, NoArticleError } from './errors.js';
import { withoutSiteName } from './stages/site-name-title.js';

/** What a caller may watch while the pipeline runs (src/pages/article-pages.ts joins the pages of an article). */
export interface PipelineObserver {
  /** Called with a copy of an HTML page's article as a Markdown tree, before the title heading is added. */
  onArticleTree?: (tree: MdastRoot) => void;
}

/** Runs every stage on one input and returns the Markdown with metadata, trace and timings. */
export function runPipeline(
  input: Uint8Array | string,
  options: ResolvedOptions,
  observer: PipelineObserver = {},
): DeclutterResult {
  const ctx: PipelineContext = { options, baseUrl: options.url, trace: [], timings: {}, warnings: [] };
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > options.maxBytes) {
    throw new InputTooLargeError(`input is ${size} bytes, over the ${options.maxBytes}-byte limit (--max-bytes)`);
  }
  const decoded =
    typeof input === 'string'
      ? { text: input, encoding: 'utf-8', encodingSource: 'option' as const }
      : timed(ctx, 'decode', () => decodeHtml(input, ctx));
  const inputFormat = options.inputFormat === 'auto' ? sniffInputFormat(decoded.text) : options.inputFormat;
  const base = { encoding: decoded.encoding, encodingSource: decoded.encodingSource, inputFormat };

  if (inputFormat === 'text') {
    const paragraphs = timed(ctx, 'postClean', () => {
      const split = splitParagraphs(decoded.text);
      return options.rules ? applyTextRules(split, ctx) : split;
    });
    if (paragraphs.length === 0) throw new NoArticleError();
    const { markdown, text } = timed(ctx, 'markdown', () =>
      composeMarkdown(undefined, paragraphsToMdast(paragraphs, ctx), { titleHeading: false }),
    );
    const result: DeclutterResult = {
      ...base,
      markdown,
      text,
      metadata: emptyMetadata(),
      trace: ctx.trace,
      timings: ctx.timings,
      warnings: ctx.warnings,
    };
    if (options.report) {
      result.report = buildReport({
        page: { kind: 'text', text: decoded.text },
        result,
        rules: describeRules(ctx),
        images: false,
      });
    }
    return result;
  }

  const document = timed(ctx, 'parse', () => {
    const parsed = parseHtml(decoded.text, ctx);
    // The place of every node as parsed, for the trace's paths (and the report), before anything moves.
    if (options.tracePaths) ctx.places = indexPage(parsed.documentElement);
    return parsed;
  });
  try {
    ctx.baseUrl = findBaseUrl(document, ctx);
    // The report shows the page as parsed: a copy taken before any rule or Readability changes it.
    const asParsed = options.report ? document.documentElement.cloneNode(true) : undefined;
    const site = options.rules ? selectedRulesFor(ctx).site : undefined;
    let facts: SitePageFacts = {};
    if (options.rules) {
      timed(ctx, 'preClean', () => {
        facts = readSitePage(document, ctx, site);
        const skip = site
          ? staleSiteRemovals(document.documentElement, selectedRulesFor(ctx).pre, site, ctx)
          : undefined;
        applyDomRules(document.documentElement, 'pre', ctx, skip);
      });
    }
    const article = timed(ctx, 'extract', () =>
      withDescriptionFallback(document, ctx, () =>
        withStructuredBodyFallback(document, ctx, decoded.text, () =>
          // The story under the page's headline around the body it marks: the marked body is the surer sign.
          withHeadlineArticle(document, ctx, decoded.text, () =>
            withMicrodataBody(document, ctx, decoded.text, () =>
              // A forum thread's posts, when Readability kept only some of them.
              withThreadPosts(document, ctx, decoded.text, () => {
                // The article inside a <noscript> or an <aside>, which Readability deletes whole: released first.
                releaseMisplacedBody(document, ctx);
                return extractWithSiteBody(document, ctx, site);
              }),
            ),
          ),
        ),
      ),
    );
    const inArticle = options.report && ctx.places ? placesWithin(ctx.places, article.content) : undefined;
    // A `prune: no` container the config vouches for keeps what the post rules would prune by structure.
    const spared = sparedPostSets(article, site);
    if (options.rules) timed(ctx, 'postClean', () => applyDomRules(article.content, 'post', ctx, spared));
    // The site config's title, author and date, when they matched, over what Readability found.
    const metadata = {
      ...article.metadata,
      // The page's own title loses the site's name beside it; a site config's title is taken as it matched.
      title:
        facts.title ??
        withoutSiteName(article.metadata.title, { siteName: article.metadata.siteName, url: options.url }),
      ...(facts.author !== undefined ? { author: facts.author } : {}),
      ...(facts.published !== undefined ? { published: facts.published } : {}),
    };
    const { markdown, text } = timed(ctx, 'markdown', () => {
      const tree = articleToMdast(article.content, ctx);
      observer.onArticleTree?.(structuredClone(tree));
      return composeMarkdown(metadata.title, tree, { titleHeading: options.title });
    });
    const result: DeclutterResult = {
      ...base,
      markdown,
      text,
      metadata,
      trace: ctx.trace,
      timings: ctx.timings,
      warnings: ctx.warnings,
      ...(facts.pageLinks ? { pageLinks: facts.pageLinks } : {}),
    };
    if (options.report && asParsed && inArticle) {
      result.report = buildReport({
        page: { kind: 'html', root: asParsed as Element, inArticle },
        result,
        rules: describeRules(ctx),
        images: options.report.images,
      });
    }
    return result;
  } finally {
    // Also when a stage throws (no article, too many elements): the page must not outlive the call.
    releaseDocument(document);
  }
}

function timed<T>(ctx: PipelineContext, stage: StageName, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    ctx.timings[stage] = (ctx.timings[stage] ?? 0) + performance.now() - start;
  }
}
