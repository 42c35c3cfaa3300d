// The library API: `declutter(input, options)` turns one page (bytes or string) into clean Markdown.

import { toDeclutterError } from './errors.js';
import { resolveOptions } from './options.js';
import { runPipeline } from './pipeline.js';
import type { DeclutterOptions, DeclutterResult } from './types.js';

/**
 * Converts one page to Markdown. Bytes are decoded with charset detection; a string is taken as
 * already decoded. Throws a `DeclutterError` (see errors.ts) for input it cannot convert.
 */
export function declutter(input: Uint8Array | string, options: DeclutterOptions = {}): DeclutterResult {
  try {
    return runPipeline(input, resolveOptions(options));
  } catch (error) {
    throw toDeclutterError(error);
  }
}

export { renderResult } from './stages/render.js';
export type { RenderOptions } from './stages/render.js';
export * from './errors.js';
export type * from './types.js';
export type { Rule, RuleSet, RulePhase } from './rules/rule-types.js';
