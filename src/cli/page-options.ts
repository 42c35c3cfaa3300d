// Turns parsed command-line options into library options and render options, the same for every mode.

import type { RuleSet } from '../rules/rule-types.js';
import type { PageTask } from '../batch/task.js';
import type { DeclutterOptions } from '../types.js';
import type { ProgramOptions } from './program.js';

export function toDeclutterOptions(options: ProgramOptions, userRules: readonly RuleSet[]): DeclutterOptions {
  return {
    userRules,
    disabledRules: options.disableRule,
    ...(options.url !== undefined ? { url: options.url } : {}),
    ...(options.charset !== undefined ? { charset: options.charset } : {}),
    ...(options.inputFormat !== undefined ? { inputFormat: options.inputFormat } : {}),
    title: options.title,
    rules: options.rules !== false,
    siteRules: options.siteRules !== false,
    maxBytes: options.maxBytes,
    ...(options.explain === true ? { tracePaths: true } : {}),
    ...(options.report !== undefined ? { report: { images: options.reportImages === true } } : {}),
  };
}

export function toRenderOptions(options: ProgramOptions): PageTask['render'] {
  return { format: options.format, frontMatter: options.frontMatter ?? false, explain: options.explain ?? false };
}

/** Options for a fetched page: its final URL and its HTTP charset, unless the user set them. */
export function withFetchedPage(
  base: DeclutterOptions,
  fetched: { url: string; charset: string | undefined },
): DeclutterOptions {
  return {
    ...base,
    url: base.url ?? fetched.url,
    ...(base.charset === undefined && fetched.charset !== undefined ? { charset: fetched.charset } : {}),
  };
}
