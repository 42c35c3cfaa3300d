// The article-extraction-benchmark (AEB) score: 4-token shingle matching per page, averaged over pages.
//
// Follows the benchmark's README and evaluate.py exactly, so our figures sit in its published table:
// - tokens are maximal runs of Unicode word characters (Python's `\w`: letters, digits, underscore),
//   case-sensitive;
// - shingles are 4-token windows; a text of fewer than 4 tokens is one shorter shingle;
// - per page TP = Σ min(true, predicted) count over shingles, FP / FN the excess on each side, then
//   normalised so TP + FP + FN = 1 (long pages do not weigh more);
// - precision is averaged over pages with TP + FP > 0, recall over pages with TP + FN > 0, and F1 is the
//   harmonic mean of those two averages (not the mean of per-page F1s);
// - accuracy is the share of pages whose token sequence equals the truth's.

/** Python's `\w` in Unicode mode is alpha | decimal | digit | numeric | `_`; `\p{L}\p{N}_` is the same set. */
const TOKEN = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

export interface PageScore {
  /** True positives, false positives, false negatives, normalised to sum to 1 (all 0 if both empty). */
  tp: number;
  fp: number;
  fn: number;
  /** The predicted token sequence equals the true one. */
  exact: boolean;
}

export interface AebSummary {
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
  pages: number;
}

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Counts the shingles of a token list; the key joins tokens with a space, which no token contains. */
export function countShingles(tokens: readonly string[], size: number = SHINGLE_SIZE): Map<string, number> {
  const counts = new Map<string, number>();
  const windows = Math.max(1, tokens.length - size + 1);
  for (let i = 0; i < windows; i += 1) {
    const shingle = tokens.slice(i, i + size);
    if (shingle.length === 0) continue;
    const key = shingle.join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function scorePage({ truth, predicted }: { truth: string; predicted: string }): PageScore {
  const trueTokens = tokenize(truth);
  const predTokens = tokenize(predicted);
  const trueShingles = countShingles(trueTokens);
  const predShingles = countShingles(predTokens);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, trueCount] of trueShingles) {
    const predCount = predShingles.get(key) ?? 0;
    tp += Math.min(trueCount, predCount);
    fn += Math.max(0, trueCount - predCount);
  }
  for (const [key, predCount] of predShingles) {
    fp += Math.max(0, predCount - (trueShingles.get(key) ?? 0));
  }
  const sum = tp + fp + fn;
  const exact = trueTokens.length === predTokens.length && trueTokens.every((token, i) => token === predTokens[i]);
  if (sum === 0) return { tp, fp, fn, exact };
  return { tp: tp / sum, fp: fp / sum, fn: fn / sum, exact };
}

/** Page precision as evaluate.py defines it (a perfect match is 1 even in corner cases). */
export function pagePrecision({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

export function pageRecall({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

export function summarise(scores: readonly PageScore[]): AebSummary {
  const precision = mean(scores.filter((s) => s.tp + s.fp > 0).map(pagePrecision));
  const recall = mean(scores.filter((s) => s.tp + s.fn > 0).map(pageRecall));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const accuracy = scores.length > 0 ? scores.filter((s) => s.exact).length / scores.length : 0;
  return { f1, precision, recall, accuracy, pages: scores.length };
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
