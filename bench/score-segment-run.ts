// Scores one pipeline's Markdown outputs on the trafilatura-dev set: segments kept and leaked, pages lost.

import { markdownToText } from './markdown-to-text.js';
import { scoreSegments, summariseSegments, type PageSegmentScore, type SegmentSummary } from './segment-metric.js';
import type { PageOutput } from './score-run.js';
import type { TrafilaturaPage } from './trafilatura-data.js';

export interface SegmentPageOutcome extends PageSegmentScore {
  id: string;
  url: string | undefined;
  /** Nothing visible came out (or the pipeline threw): the page hit no segment. */
  empty: boolean;
  error: string | undefined;
}

export interface SegmentRun {
  summary: SegmentSummary;
  pages: SegmentPageOutcome[];
  lost: number;
  /** Pages where a `with` segment is missing: content a reader lost. */
  pagesMissing: number;
  /** Pages where a `without` segment came out: clutter a reader sees. */
  pagesLeaking: number;
}

/**
 * The scored text is the Markdown's visible text with image alt text kept (the metric's README);
 * a page that threw scores as trafilatura scores a crash, hitting no segment.
 */
export function scoreSegmentRun(pages: readonly TrafilaturaPage[], outputs: readonly PageOutput[]): SegmentRun {
  const outcomes = pages.map((page, index): SegmentPageOutcome => {
    const output = outputs[index] ?? { markdown: '', error: 'no output' };
    const text = output.error === undefined ? markdownToText(output.markdown, { imageAlt: true }) : undefined;
    return {
      id: page.id,
      url: page.url,
      ...scoreSegments(page, text),
      empty: text === undefined || text.trim() === '',
      error: output.error,
    };
  });
  return {
    summary: summariseSegments(outcomes),
    pages: outcomes,
    lost: outcomes.filter((page) => page.empty).length,
    pagesMissing: outcomes.filter((page) => page.fn > 0).length,
    pagesLeaking: outcomes.filter((page) => page.fp > 0).length,
  };
}
