// trafilatura's evaluation metric: "with" / "without" segments found by substring in the output text.
//
// Follows trafilatura's tests/eval_common.py (norm, count_item, ConfusionMatrix) exactly:
// - text and segments are whitespace-normalised as Python's `re.sub(r"\s+", " ", t).strip()` does;
// - per page, a `with` segment contained in the text is a tp (else fn), a `without` segment contained
//   is a fp (else tn); containment is case-sensitive, on the normalised strings;
// - a page that failed hits no segment (all fn, all tn), and so does an empty one;
// - tp/fp/fn/tn are summed over all pages before precision, recall and F1 are taken (a page with many
//   segments weighs more), each 0 when its denominator is.

/**
 * Python's `\s` for str patterns (= str.isspace): JavaScript's `\s` without U+FEFF, plus the
 * information separators U+001C–U+001F and NEL U+0085. The zero-width space U+200B is in neither.
 */
const PYTHON_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** `re.sub(r"\s+", " ", text).strip()`: runs of Python whitespace become one space, none at the ends. */
export function normaliseWhitespace(text: string): string {
  // Not String.prototype.trim: it also strips U+FEFF, which Python keeps. After the collapse, the only
  // whitespace left is one space at most at each end.
  const collapsed = text.replace(PYTHON_WHITESPACE, ' ');
  return collapsed.slice(collapsed.startsWith(' ') ? 1 : 0, collapsed.endsWith(' ') ? -1 : undefined);
}

/** The annotated segments of one page. */
export interface Segments {
  with: readonly string[];
  without: readonly string[];
}

export interface SegmentCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** One page's counts and the segments behind its misses and leaks (what a tuner reads). */
export interface PageSegmentScore extends SegmentCounts {
  /** `with` segments not found in the output (the fn), as annotated. */
  missed: string[];
  /** `without` segments found in the output (the fp), as annotated. */
  leaked: string[];
}

export interface SegmentSummary extends SegmentCounts {
  precision: number;
  recall: number;
  f1: number;
  /** (tp + tn) / all segments, as trafilatura reports it. */
  accuracy: number;
}

/** Scores one page's output text; `undefined` stands for a failed page, which hits no segment. */
export function scoreSegments(segments: Segments, text: string | undefined): PageSegmentScore {
  const output = text === undefined ? undefined : normaliseWhitespace(text);
  const found = (segment: string): boolean => output !== undefined && output.includes(normaliseWhitespace(segment));
  const missed = segments.with.filter((segment) => !found(segment));
  const leaked = segments.without.filter(found);
  return {
    tp: segments.with.length - missed.length,
    fp: leaked.length,
    fn: missed.length,
    tn: segments.without.length - leaked.length,
    missed,
    leaked,
  };
}

/** Sums the counts of all pages, then derives the scores (trafilatura's ConfusionMatrix). */
export function summariseSegments(pages: readonly SegmentCounts[]): SegmentSummary {
  const total = (key: keyof SegmentCounts): number => pages.reduce((sum, page) => sum + page[key], 0);
  const tp = total('tp');
  const fp = total('fp');
  const fn = total('fn');
  const tn = total('tn');
  const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);
  return {
    tp,
    fp,
    fn,
    tn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    accuracy: ratio(tp + tn, tp + fp + fn + tn),
  };
}
