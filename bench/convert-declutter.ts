// One page through declutter as the bench, the gate and the findings report run it.

import { declutter } from '../src/index.js';
import { BODY_ONLY, type ConvertOptions } from './convert-page.js';
import type { StageTimings } from '../src/types.js';

export interface Converted {
  markdown: string;
  timings: StageTimings;
  /** The title the pipeline found (declutter only), for the findings report. */
  title?: string | undefined;
}

export function convertWithDeclutter(
  bytes: Uint8Array,
  url: string | undefined,
  options: ConvertOptions = BODY_ONLY,
): Converted {
  const result = declutter(bytes, { title: options.title, ...(url === undefined ? {} : { url }) });
  return { markdown: result.markdown, timings: result.timings, title: result.metadata.title };
}
