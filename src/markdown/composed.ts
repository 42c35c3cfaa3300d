// Prose in Unicode's composed form (NFC), the form the W3C asks of web text, and without soft hyphens.

/**
 * CJK compatibility ideographs: NFC maps each to its unified twin, which some texts keep apart on purpose (a name's
 * variant glyph, a source's own character). They are left as they are, and only the text between them is composed.
 */
const COMPATIBILITY_IDEOGRAPHS = /[\uf900-\ufaff\u{2f800}-\u{2fa1f}]/u;
const OTHER_THAN_COMPATIBILITY_IDEOGRAPHS = /[^\uf900-\ufaff\u{2f800}-\u{2fa1f}]+/gu;

/**
 * The text in NFC: the same letters whichever way the page encoded them (é as one code point or as e plus an accent;
 * Bengali য় as one or as য plus a nukta, NFC's form), so a search or a comparison of the text finds them. Canonically
 * equivalent, so a reader sees no difference.
 */
export function composeText(value: string): string {
  if (!COMPATIBILITY_IDEOGRAPHS.test(value)) return value.normalize('NFC');
  return value.replace(OTHER_THAN_COMPATIBILITY_IDEOGRAPHS, (run) => run.normalize('NFC'));
}

const SOFT_HYPHEN = /\u00ad/g;

/**
 * The text without soft hyphens (U+00AD, `&shy;`): a page's hint where a word may break at the end of a line. Markdown
 * has no lines to fill, and a hint left inside a word ("réac&shy;tion") hides the word from a search, a comparison or
 * a reader that spells it out.
 */
export function withoutSoftHyphens(value: string): string {
  return value.includes('\u00ad') ? value.replace(SOFT_HYPHEN, '') : value;
}
