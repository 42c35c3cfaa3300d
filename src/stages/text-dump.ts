// Text dumps: a page already scraped to plain text, split into paragraphs on blank lines.

/** Splits a text dump into paragraphs on blank lines, folding the lines within a paragraph. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
