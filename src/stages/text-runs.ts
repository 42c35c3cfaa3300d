// How much of one text another holds, by runs of words: the test the structured-data and microdata fallbacks share.

/** The text is compared in runs of this many words: short enough to survive a changed quote mark or a cut line. */
const RUN_WORDS = 6;

/**
 * The share of the consecutive runs of six words of `text` (or of each of several texts) that `within` holds, with
 * whitespace collapsed (`within` must be collapsed already); 1 for a text too short to have a run (nothing to miss).
 */
export function shareOfRunsIn(text: string | readonly string[], within: string): number {
  let runs = 0;
  let found = 0;
  // Each text on its own: a run across two paragraphs would be missed where the other text joins them differently.
  for (const part of typeof text === 'string' ? [text] : text) {
    const words = part.replace(/\s+/g, ' ').trim().split(' ');
    for (let start = 0; start + RUN_WORDS <= words.length; start += RUN_WORDS) {
      runs += 1;
      if (within.includes(words.slice(start, start + RUN_WORDS).join(' '))) found += 1;
    }
  }
  return runs === 0 ? 1 : found / runs;
}
