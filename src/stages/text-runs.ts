// How much of one text another holds, by runs of words: the test the structured-data and microdata fallbacks share.

/** The text is compared in runs of this many words: short enough to survive a changed quote mark or a cut line. */
const RUN_WORDS = 6;

/** Below this share of a text's runs, an extraction is judged to have missed that text (not merely trimmed it). */
export const MISSED_BELOW_SHARE = 0.2;

/** Whitespace runs as one space, ends trimmed: how the texts compared here are written. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The share of the consecutive runs of six words of `text` (or of each of several texts) that `within` holds, with
 * whitespace collapsed (`within` must be collapsed already); 1 for a text too short to have a run (nothing to miss).
 * With `enough`, counting stops once that share is reached (what is returned is then at least `enough`).
 */
export function shareOfRunsIn(text: string | readonly string[], within: string, enough = 1): number {
  const runs: string[] = [];
  // Each text on its own: a run across two paragraphs would be missed where the other text joins them differently.
  for (const part of typeof text === 'string' ? [text] : text) {
    const words = collapseWhitespace(part).split(' ');
    for (let start = 0; start + RUN_WORDS <= words.length; start += RUN_WORDS) {
      runs.push(words.slice(start, start + RUN_WORDS).join(' '));
    }
  }
  if (runs.length === 0) return 1;
  const needed = Math.ceil(enough * runs.length);
  let found = 0;
  // Runs come in the order the other text mostly holds them: each search starts where the last one matched, and
  // only a run not found after it is looked for from the start (a whole-text search per run is quadratic).
  let from = 0;
  for (const run of runs) {
    let at = within.indexOf(run, from);
    if (at < 0 && from > 0) at = within.indexOf(run);
    if (at < 0) continue;
    from = at + run.length;
    found += 1;
    if (found >= needed) break;
  }
  return found / runs.length;
}
