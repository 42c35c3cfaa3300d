// Text dumps: a page already scraped to plain text, split into paragraphs on blank lines.

/** Splits a text dump into paragraphs on blank (or whitespace-only) lines; lines within one stay together. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
