// One page through one pipeline, as the bench workers call it (the set says whether the title heading goes in).

import type { Converted } from './convert-declutter.js';

export type { Converted } from './convert-declutter.js';
/** `declutter-no-sites`: declutter without the built-in site configs (the site-config comparison). */
export type PipelineName = 'declutter' | 'declutter-no-sites' | 'naive';
export type Converter = (bytes: Uint8Array, url: string | undefined, options: ConvertOptions) => Converted;

/** How a set has its pages converted; otherwise both pipelines run with their defaults. */
export interface ConvertOptions {
  /**
   * Start the Markdown with the `# title` heading. AEB's truth is the body without the headline, so
   * AEB runs without it; trafilatura-dev scores the CLI's default output, which has it.
   */
  title: boolean;
}

/** AEB's way, and the default of the callers that only ever run AEB (findings, ab). */
export const BODY_ONLY: ConvertOptions = { title: false };

/**
 * Loads the one pipeline a worker runs, and nothing of the other: declutter's jsdom fast paths
 * (src/stages/jsdom-fast-paths.ts) change jsdom for the whole process, so the naive pipeline's worker
 * must never load declutter, or it would be measured with them. Reading and gunzipping the file is
 * the caller's, outside timing.
 */
export async function loadConverter(pipeline: PipelineName): Promise<Converter> {
  if (pipeline === 'declutter') return (await import('./convert-declutter.js')).convertWithDeclutter;
  if (pipeline === 'declutter-no-sites') {
    const { convertWithDeclutter } = await import('./convert-declutter.js');
    return (bytes, url, options) => convertWithDeclutter(bytes, url, options, { siteRules: false });
  }
  const { naiveConvert } = await import('./naive-pipeline.js');
  // The naive pipeline decodes the bytes as UTF-8 itself: that is part of its work.
  return (bytes, url, options) => ({
    markdown: naiveConvert({ html: new TextDecoder().decode(bytes), url, title: options.title }).markdown,
    timings: {},
  });
}
