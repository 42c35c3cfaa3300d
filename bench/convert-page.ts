// One page through one pipeline, as the bench and the gate call it (title left out: AEB truth is the body).

import { declutter } from '../src/index.js';
import { naiveConvert } from './naive-pipeline.js';
import type { StageTimings } from '../src/types.js';

export type PipelineName = 'declutter' | 'naive';

export interface Converted {
  markdown: string;
  timings: StageTimings;
  /** The title the pipeline found (declutter only), for the findings report. */
  title?: string | undefined;
}

/** Runs the pipeline on the page bytes; reading and gunzipping the file is the caller's, outside timing. */
export function convertPage(pipeline: PipelineName, bytes: Uint8Array, url: string | undefined): Converted {
  if (pipeline === 'declutter') {
    const result = declutter(bytes, { title: false, ...(url === undefined ? {} : { url }) });
    return { markdown: result.markdown, timings: result.timings, title: result.metadata.title };
  }
  // The naive pipeline decodes the bytes as UTF-8 itself: that is part of its work.
  return { markdown: naiveConvert({ html: new TextDecoder().decode(bytes), url }).markdown, timings: {} };
}
