// Decides whether decoded input is an HTML page (or fragment) or an already-scraped text dump.

import type { InputFormat } from '../types.js';

/** Element names that make `<name` a tag rather than prose ("<3", "a <b", "x < y"). */
const HTML_ELEMENTS = new Set(
  `a abbr address article aside audio b base bdi bdo blockquote body br button canvas caption center cite
  code col colgroup data dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer
  form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li
  link main mark meta nav noscript object ol optgroup option p picture pre q s samp script section select
  small source span strong style sub summary sup svg table tbody td template textarea tfoot th thead time
  title tr u ul var video`.split(/\s+/),
);
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?\/?>/g;
/** Share of the characters that tags must make up for prose-first input to count as HTML. */
const MIN_MARKUP_SHARE = 0.03;

/**
 * HTML when the input opens with markup (a doctype, comment, XML declaration or an HTML tag, so a
 * bare `<p>x` counts) or when HTML tags make up a real share of it. A text dump that mentions a tag
 * or a `<` in passing stays text.
 */
export function sniffInputFormat(text: string): InputFormat {
  const head = text
    .slice(0, 8192)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^<(?:!doctype\b|!--|\?xml\b)/i.test(head)) return 'html';
  const opening = /^<\/?([a-zA-Z][a-zA-Z0-9]*)[\s/>]/.exec(head);
  if (opening?.[1] && HTML_ELEMENTS.has(opening[1].toLowerCase())) return 'html';
  let count = 0;
  let markup = 0;
  for (const match of head.matchAll(TAG)) {
    if (!HTML_ELEMENTS.has((match[1] ?? '').toLowerCase())) continue;
    count++;
    markup += match[0].length;
  }
  return count >= 2 && markup / Math.max(head.length, 1) >= MIN_MARKUP_SHARE ? 'html' : 'text';
}
