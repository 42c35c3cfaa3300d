// The shapes that flow between pipeline stages and out of the library.

import type { RuleSet } from './rules/rule-types.js';

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
  /** Extra rule sets layered over the built-in ones. */
  userRules?: readonly RuleSet[];
  /** Rule ids to switch off. */
  disabledRules?: readonly string[];
  /** Refuse inputs larger than this many bytes (default 20 MB). */
  maxBytes?: number;
}

export interface ResolvedOptions {
  url: string | undefined;
  charset: string | undefined;
  inputFormat: InputFormat | 'auto';
  title: boolean;
  rules: boolean;
  userRules: readonly RuleSet[];
  disabledRules: readonly string[];
  maxBytes: number;
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
}
