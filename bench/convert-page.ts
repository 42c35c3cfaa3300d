// One page through one pipeline, as the bench workers call it (title left out: AEB truth is the body).

import type { Converted } from './convert-declutter.js';

export type { Converted } from './convert-declutter.js';
export type PipelineName = 'declutter' | 'naive';
export type Converter = (bytes: Uint8Array, url: string | undefined) => Converted;

/**
 * Loads the one pipeline a worker runs, and nothing of the other: declutter's jsdom fast paths
 * (src/stages/jsdom-fast-paths.ts) change jsdom for the whole process, so the naive pipeline's worker
 * must never load declutter, or it would be measured with them. Reading and gunzipping the file is
 * the caller's, outside timing.
 */
export async function loadConverter(pipeline: PipelineName): Promise<Converter> {
  if (pipeline === 'declutter') return (await import('./convert-declutter.js')).convertWithDeclutter;
  const { naiveConvert } = await import('./naive-pipeline.js');
  // The naive pipeline decodes the bytes as UTF-8 itself: that is part of its work.
  return (bytes, url) => ({
    markdown: naiveConvert({ html: new TextDecoder().decode(bytes), url }).markdown,
    timings: {},
  });
}
