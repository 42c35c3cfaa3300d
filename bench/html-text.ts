// Visible text of a raw HTML fragment found inside Markdown (turndown keeps header-less tables as HTML).

import { Parser } from 'htmlparser2';

/** Tags that do not end a word: text on both sides belongs to the same line. */
const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
]);
/** Table cells separate words but stay on their row's line. */
const CELL_TAGS = new Set(['td', 'th']);
/** Tags whose content a reader never sees. */
const HIDDEN_TAGS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'head', 'title']);

function separator(tag: string): string {
  if (INLINE_TAGS.has(tag)) return '';
  return CELL_TAGS.has(tag) ? ' ' : '\n';
}

/**
 * Text with a newline wherever a non-inline tag opens or closes; hidden content dropped, and images
 * too unless `imageAlt` asks for their alt text.
 */
export function htmlFragmentText(html: string, { imageAlt = false }: { imageAlt?: boolean } = {}): string {
  const parts: string[] = [];
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (HIDDEN_TAGS.has(name)) hiddenDepth += 1;
        else parts.push(separator(name));
        if (name === 'img' && imageAlt && hiddenDepth === 0) parts.push(attributes.alt ?? '');
      },
      onclosetag(name) {
        if (HIDDEN_TAGS.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        else parts.push(separator(name));
      },
      ontext(text) {
        if (hiddenDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return parts.join('');
}
