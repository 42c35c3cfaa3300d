// One page through declutter as the bench, the gate and the findings report run it.

import { declutter } from '../src/index.js';
import { BODY_ONLY, type ConvertOptions } from './convert-page.js';
import type { StageTimings, TraceEntry } from '../src/types.js';

export interface Converted {
  markdown: string;
  timings: StageTimings;
  /** The title the pipeline found (declutter only), for the findings report. */
  title?: string | undefined;
  /**
   * How the page's site config turned out (declutter only): `used`, `no-match` or `stale` for its body,
   * `stale-strip` when its removals were skipped, `strips-only` when it has no body line; absent without one.
   */
  siteOutcome?: string | undefined;
}

export function convertWithDeclutter(
  bytes: Uint8Array,
  url: string | undefined,
  options: ConvertOptions = BODY_ONLY,
  extra: { siteRules?: boolean } = {},
): Converted {
  const result = declutter(bytes, { title: options.title, ...extra, ...(url === undefined ? {} : { url }) });
  return {
    markdown: result.markdown,
    timings: result.timings,
    title: result.metadata.title,
    siteOutcome: siteOutcomeOf(result.trace),
  };
}

function siteOutcomeOf(trace: readonly TraceEntry[]): string | undefined {
  const siteEntries = trace.filter((entry) => entry.ruleId.startsWith('site/'));
  if (siteEntries.length === 0) return undefined;
  if (siteEntries.some((entry) => entry.action === 'strip-check' && entry.outcome === 'stale')) return 'stale-strip';
  return siteEntries.find((entry) => entry.action === 'body')?.outcome ?? 'strips-only';
}
