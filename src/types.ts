// The shapes that flow between pipeline stages and out of the library.

import type { RuleSet } from './rules/rule-types.js';
import type { PagePlaces } from './stages/page-places.js';

export type InputFormat = 'html' | 'text';
export type OutputFormat = 'markdown' | 'text' | 'json';

/** Options accepted by `declutter()`. Every field is optional; defaults live in `resolveOptions`. */
export interface DeclutterOptions {
  /** Page URL: resolves relative links and selects site rules. Wins over `<base>` and canonical. */
  url?: string;
  /** Charset to use when the bytes carry no BOM (e.g. from an HTTP Content-Type). */
  charset?: string;
  /** `auto` sniffs; `html` or `text` force the input kind. */
  inputFormat?: InputFormat | 'auto';
  /** Start the Markdown with the title as a `#` heading (default true). */
  title?: boolean;
  /** Run the clutter rules (default true); false gives plain Readability for comparison. */
  rules?: boolean;
  /**
   * Use the built-in site rules (default true): the Full-Text RSS site configs (rules/ftr-site-config/) and
   * rules/sites/. Rule files passed in `userRules` apply either way.
   */
  siteRules?: boolean;
  /** Extra rule sets layered over the built-in ones. */
  userRules?: readonly RuleSet[];
  /** Rule ids to switch off. */
  disabledRules?: readonly string[];
  /** Refuse inputs larger than this many bytes (default 20 MB). */
  maxBytes?: number;
  /**
   * Record in each trace entry where its element was in the page as parsed (`path`, or `parts`). Off by default:
   * noting the place of every node costs about 5 % more CPU per page. On with `report`.
   */
  tracePaths?: boolean;
  /**
   * Also build `result.report`: an inert HTML page showing the page as parsed with every removal marked, the
   * article Readability chose and the Markdown beside it. `images: true` shows the page's images (fetched by
   * whoever opens the report) instead of placeholders.
   */
  report?: boolean | ReportOptions;
}

export interface ReportOptions {
  /** Show the page's http(s) images instead of placeholders with their alt text and URL. */
  images?: boolean;
}

export interface ResolvedOptions {
  url: string | undefined;
  charset: string | undefined;
  inputFormat: InputFormat | 'auto';
  title: boolean;
  rules: boolean;
  siteRules: boolean;
  userRules: readonly RuleSet[];
  disabledRules: readonly string[];
  maxBytes: number;
  tracePaths: boolean;
  report: Required<ReportOptions> | undefined;
}

/**
 * Why the charset was chosen: a byte order mark, the `charset` option, the page's `<meta>`, valid UTF-8, a
 * confident detection, the windows-1252 fallback, or `utf-8-over-meta`: the `<meta>` named another charset, but the
 * bytes are valid UTF-8 that the declared charset would turn into mojibake (a page saved as UTF-8 by a scraper).
 */
export type EncodingSource = 'bom' | 'option' | 'meta' | 'utf-8' | 'utf-8-over-meta' | 'detected' | 'fallback';

export interface DecodedInput {
  text: string;
  encoding: string;
  encodingSource: EncodingSource;
}

/** One removal or change made by a rule, for `--explain`. */
export interface TraceEntry {
  ruleId: string;
  phase: 'pre' | 'post' | 'text';
  action: string;
  selector?: string;
  preview: string;
  /**
   * How a site config's body directive (`site/<host>/body`) turned out: `used` (the article came from its
   * container), `no-match` (no expression selected an element) or `stale` (its container held far less
   * text than the whole page gives); in both last cases the whole page was used. On `site/<host>/strip`
   * with action `strip-check`, `stale`: its removals would have taken most of the page's prose, so none
   * of the config's DOM rules ran.
   */
  outcome?: 'used' | 'no-match' | 'stale';
  /** For a site rule: the id of its site set (the host), so a report shows it as a site rule whatever its id. */
  site?: string;
  /**
   * Where the element was in the page as parsed (after the prune pass, before any rule): child steps from the root,
   * `html>body>div:nth-child(3)>p`, a CSS selector that selects exactly that element there. Recorded with the
   * `tracePaths` (or `report`) option; absent for text dumps and for elements made after parsing (see `parts`).
   */
  path?: string;
  /**
   * For an element made after parsing (a paragraph Readability or a rule wrapped around loose text): the page
   * content it held, as runs of child nodes of page elements.
   */
  parts?: PagePart[];
}

/** A stretch of one page element's content: its child nodes `from` to `to` (0-based, inclusive). */
export interface PagePart {
  /** The element's path, as in `TraceEntry.path`. */
  path: string;
  from: number;
  to: number;
}

export type StageName = 'decode' | 'parse' | 'preClean' | 'extract' | 'postClean' | 'markdown';
export type StageTimings = Partial<Record<StageName, number>>;

/** Per-call state handed to every stage: options, the trace, timings and warnings. */
export interface PipelineContext {
  readonly options: ResolvedOptions;
  /** The base URL once known (option > `<base href>` > canonical/og:url). */
  baseUrl: string | undefined;
  readonly trace: TraceEntry[];
  readonly timings: StageTimings;
  readonly warnings: string[];
  /** The places of the parsed page's nodes, so the trace can say where each element was (set at parse). */
  places?: PagePlaces;
}

export interface ArticleMetadata {
  title: string | undefined;
  author: string | undefined;
  siteName: string | undefined;
  published: string | undefined;
  url: string | undefined;
  lang: string | undefined;
  excerpt: string | undefined;
}

/**
 * Further pages of the article a site config's single_page_link / next_page_link found (absolute http(s) URLs).
 * Returned for the caller: the library fetches nothing; the CLI follows them for URL inputs with
 * `--follow-pages N` (src/fetch/follow-pages.ts).
 */
export interface PageLinks {
  /** The name of the site config that found them (`example.com`, `.example.com`): the hosts it covers may be followed. */
  site: string;
  /** The whole article on one page. */
  singlePage?: string;
  /** The article's next page. */
  nextPage?: string;
}

export interface DeclutterResult {
  markdown: string;
  /** The same content as plain text: no Markdown syntax, blocks separated by blank lines. */
  text: string;
  metadata: ArticleMetadata;
  encoding: string;
  encodingSource: EncodingSource;
  inputFormat: InputFormat;
  trace: TraceEntry[];
  timings: StageTimings;
  warnings: string[];
  /** Set when the page's site config names further pages of the article (see PageLinks). */
  pageLinks?: PageLinks;
  /** The inert HTML report (with the `report` option). */
  report?: string;
}
