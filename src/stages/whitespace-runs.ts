// Which runs of whitespace prune-html shortens to one space, and where the text must stay as written.
//
// Nothing after parsing tells a run of whitespace from a single space: Readability normalises text
// with trim() and /\s{2,}/ → " ", the rules with /\s+/ → " ", and the Markdown stage collapses every
// run to one space (rehype-minify-whitespace). So "\n        \n    " can reach jsdom as " ": a tenth
// fewer characters to parse on AEB pages, and shorter strings in every textContent and every regular
// expression over one. The exceptions, where text stays as written:
//   - text shown as written: <pre>, <listing>, <plaintext>, <xmp>, <textarea>;
//   - text Readability reads raw: an <h1> or <h2> compared with the <title> (textContent.trim() ===),
//     a byline candidate (raw length < 100) and a "share" block (raw length < 500), the last two
//     known by their attributes; and foreign (MathML) content.
// prune-html knows where text goes from its own model of the tree. Where that model and the parser
// may part (an element of those kinds closed other than by its own end tag as the current node,
// after which the parser may keep it open or reopen it; a second <body> or <html> adding attributes),
// every later run stays as written.

import type { Edit } from './prune-html.js';

/** Elements whose text keeps its whitespace, whatever their attributes. */
export const KEEPS_WHITESPACE: ReadonlySet<string> = new Set([
  'pre',
  'listing',
  'plaintext',
  'xmp',
  'textarea',
  'h1',
  'h2',
]);

// Readability 0.6.0's REGEXPS.byline and REGEXPS.shareElements, tested on `className + " " + id`.
const BYLINE = /byline|author|dateline|writtenby|p-author/i;
const SHARE = /(\b|_)(share|sharedaddy)(\b|_)/i;
const AUTHOR = /author/i;

/** The attributes measuresRawText reads: the scan keeps their values for every element. */
export const RAW_TEXT_ATTRIBUTES: ReadonlySet<string> = new Set(['class', 'id', 'rel', 'itemprop']);

/**
 * Whether Readability measures the raw text of an element with these attributes (names lower-cased,
 * values as written): a byline candidate (rel="author", an itemprop with "author", a byline class or
 * id) or a share block. A value with a character reference counts, as it might spell such a word.
 */
export function measuresRawText(attributes: ReadonlyMap<string, string>): boolean {
  const matchString = `${attributes.get('class') ?? ''} ${attributes.get('id') ?? ''}`;
  const rel = attributes.get('rel') ?? '';
  const itemprop = attributes.get('itemprop') ?? '';
  return (
    BYLINE.test(matchString) ||
    SHARE.test(matchString) ||
    AUTHOR.test(rel) ||
    AUTHOR.test(itemprop) ||
    `${matchString}${rel}${itemprop}`.includes('&')
  );
}

/**
 * Edits that turn each run of HTML whitespace in `html[start, end)` that the parser sees as two or
 * more characters into one space. The parser reads CR LF as one LF, so a single line break written
 * as CR LF is a single character and stays as it is.
 */
export function whitespaceEdits(html: string, start: number, end: number): Edit[] {
  const edits: Edit[] = [];
  for (const match of html.slice(start, end).matchAll(/[\t\n\f\r ]{2,}/g)) {
    const run = match[0];
    const parsedLength = run.length - (run.match(/\r\n/g)?.length ?? 0);
    const at = start + match.index;
    if (parsedLength >= 2) edits.push({ start: at, end: at + run.length, text: ' ' });
  }
  return edits;
}
