// One page through declutter as the bench, the gate and the findings report run it (no title heading).

import { declutter } from '../src/index.js';
import type { StageTimings } from '../src/types.js';

export interface Converted {
  markdown: string;
  timings: StageTimings;
  /** The title the pipeline found (declutter only), for the findings report. */
  title?: string | undefined;
}

export function convertWithDeclutter(bytes: Uint8Array, url: string | undefined): Converted {
  const result = declutter(bytes, { title: false, ...(url === undefined ? {} : { url }) });
  return { markdown: result.markdown, timings: result.timings, title: result.metadata.title };
}
