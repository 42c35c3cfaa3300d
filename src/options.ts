// Fills in defaults for the library options, in one place.

import type { DeclutterOptions, ResolvedOptions } from './types.js';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export function resolveOptions(options: DeclutterOptions = {}): ResolvedOptions {
  return {
    url: options.url,
    charset: options.charset,
    inputFormat: options.inputFormat ?? 'auto',
    title: options.title ?? true,
    rules: options.rules ?? true,
    siteRules: options.siteRules ?? true,
    userRules: options.userRules ?? [],
    disabledRules: options.disabledRules ?? [],
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    tracePaths: options.tracePaths === true || (options.report !== undefined && options.report !== false),
    report:
      options.report === undefined || options.report === false
        ? undefined
        : { images: options.report !== true && options.report.images === true },
  };
}
