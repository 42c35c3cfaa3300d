// Per-page details for tuners (`--details`): which trafilatura-dev segments each page missed or leaked,
// and which AEB pages fall below 0.9 precision or recall, declutter first, the naive pipeline beside it.

import { SET_LABELS, type SetScore } from './bench-sets.js';
import type { SegmentPageOutcome } from './score-segment-run.js';

export interface SetDetails {
  declutter: SetScore;
  naive: SetScore | undefined;
}

const BELOW = 0.9;

export function formatDetails({ declutter, naive }: SetDetails): string {
  const label = SET_LABELS[declutter.detail.set];
  const lines: string[] = [];
  if (declutter.detail.set === 'trafilatura') {
    const others = naive?.detail.set === 'trafilatura' ? naive.detail.run.pages : undefined;
    const pages = declutter.detail.run.pages
      .map((page, index) => ({ page, naive: others?.[index] }))
      .filter(({ page }) => page.fn + page.fp > 0)
      .sort((a, b) => b.page.fn + b.page.fp - (a.page.fn + a.page.fp) || a.page.id.localeCompare(b.page.id));
    lines.push(
      `${label} per page: ${pages.length} of ${declutter.pages} pages where declutter misses or leaks a segment` +
        ` (tp/fp/fn/tn${others ? ', naive beside' : ''}), most first`,
    );
    for (const { page, naive: other } of pages) {
      lines.push(
        `${page.id}  declutter ${counts(page)}${emptyNote(page)}${other ? `  naive ${counts(other)}` : ''}  ${page.url ?? ''}`,
      );
      for (const segment of page.missed) lines.push(`  missed: ${quote(segment)}`);
      for (const segment of page.leaked) lines.push(`  leaked: ${quote(segment)}`);
    }
  } else {
    const others = naive?.detail.set === 'aeb' ? naive.detail.run.pages : undefined;
    const pages = declutter.detail.run.pages
      .map((page, index) => ({ page, naive: others?.[index] }))
      .filter(({ page }) => page.precision < BELOW || page.recall < BELOW)
      .sort((a, b) => Math.min(a.page.precision, a.page.recall) - Math.min(b.page.precision, b.page.recall));
    lines.push(
      `${label} per page: ${pages.length} of ${declutter.pages} pages where declutter's precision or recall is below ${BELOW}, lowest first`,
    );
    for (const { page, naive: other } of pages) {
      const pr = (p: { precision: number; recall: number }): string =>
        `P ${p.precision.toFixed(3)} R ${p.recall.toFixed(3)}`;
      lines.push(
        `${page.id}  declutter ${pr(page)}${emptyNote(page)}${other ? `  naive ${pr(other)}` : ''}  ${page.url ?? ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function emptyNote(page: { empty: boolean; error: string | undefined }): string {
  if (!page.empty) return '';
  return page.error ? `, empty: ${page.error.slice(0, 100)}` : ', empty';
}

function counts(page: SegmentPageOutcome): string {
  return `${page.tp}/${page.fp}/${page.fn}/${page.tn}`;
}

/** A segment on one line, as JSON quotes it (so newlines and quotes inside stay visible). */
function quote(segment: string): string {
  return JSON.stringify(segment.length > 200 ? `${segment.slice(0, 200)}…` : segment);
}
