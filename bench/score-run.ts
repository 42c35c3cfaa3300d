// Scores one pipeline's Markdown outputs: AEB metric on the visible text, pages lost, leaks.

import { pagePrecision, pageRecall, scorePage, summarise, type AebSummary } from './aeb-metric.js';
import { findLeaks, hasLeaks, type PageLeaks } from './leaks.js';
import { markdownToText } from './markdown-to-text.js';
import type { AebPage } from './aeb-data.js';

export interface PageOutcome {
  id: string;
  url: string | undefined;
  precision: number;
  recall: number;
  /** Nothing visible came out (or the pipeline threw). */
  empty: boolean;
  error: string | undefined;
  leaks: PageLeaks;
}

export interface ScoredRun {
  summary: AebSummary;
  pages: PageOutcome[];
  lost: number;
  leakPages: { consent: number; repeated: number; teasers: number; any: number };
}

export interface PageOutput {
  markdown: string;
  error: string | undefined;
}

export function scoreRun(pages: readonly AebPage[], outputs: readonly PageOutput[]): ScoredRun {
  const scores = [];
  const outcomes: PageOutcome[] = [];
  for (const [index, page] of pages.entries()) {
    const output = outputs[index] ?? { markdown: '', error: 'no output' };
    const text = markdownToText(output.markdown);
    const score = scorePage({ truth: page.truth, predicted: text });
    scores.push(score);
    outcomes.push({
      id: page.id,
      url: page.url,
      precision: pagePrecision(score),
      recall: pageRecall(score),
      empty: text.trim() === '',
      error: output.error,
      leaks: findLeaks({ output: text, truth: page.truth }),
    });
  }
  const count = (test: (leaks: PageLeaks) => boolean): number => outcomes.filter((o) => test(o.leaks)).length;
  return {
    summary: summarise(scores),
    pages: outcomes,
    lost: outcomes.filter((o) => o.empty).length,
    leakPages: {
      consent: count((l) => l.consent.length > 0),
      repeated: count((l) => l.repeated.length > 0),
      teasers: count((l) => l.teasers.length > 0),
      any: count(hasLeaks),
    },
  };
}
