// Where HTML's raw-text elements and comments end, found exactly as the standard's tokenizer would.

/** Elements whose content is text up to their own end tag (with scripting off, <noscript> is not one). */
export const RAW_TEXT_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'textarea',
  'title',
  'plaintext',
]);

export interface RawTextEnd {
  /** Where the content stops: the `<` of the end tag, or the end of the input. */
  contentEnd: number;
  /** Just past the end tag's `>`, or the end of the input. */
  end: number;
}

const endTagPatterns = new Map<string, RegExp>();

/** Finds the end tag closing a raw-text element whose content starts at `from`. */
export function findRawTextEnd(html: string, name: string, from: number): RawTextEnd {
  if (name === 'plaintext') return { contentEnd: html.length, end: html.length };
  const contentEnd = name === 'script' ? findScriptEnd(html, from) : findEndTag(html, name, from);
  if (contentEnd === -1) return { contentEnd: html.length, end: html.length };
  const close = html.indexOf('>', contentEnd);
  return { contentEnd, end: close === -1 ? html.length : close + 1 };
}

function findEndTag(html: string, name: string, from: number): number {
  let pattern = endTagPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'gi');
    endTagPatterns.set(name, pattern);
  }
  pattern.lastIndex = from;
  return pattern.exec(html)?.index ?? -1;
}

const SCRIPT_DATA = /<!--|<\/script[\t\n\f\r />]/gi;
const SCRIPT_ESCAPED = /-->|<\/script[\t\n\f\r />]|<script[\t\n\f\r />]/gi;
const SCRIPT_DOUBLE_ESCAPED = /-->|<\/script[\t\n\f\r />]/gi;

/**
 * Script data has escape states: inside `<!-- … -->` a nested `<script>` puts the tokenizer in a
 * "double escaped" state where `</script>` does not end the element. Old pages rely on this for
 * `document.write('<script …></script>')`; a naive search would end the script early and spill
 * its tail into the page as text.
 */
function findScriptEnd(html: string, from: number): number {
  let state: 'data' | 'escaped' | 'double' = 'data';
  let pos = from;
  for (;;) {
    const pattern = state === 'data' ? SCRIPT_DATA : state === 'escaped' ? SCRIPT_ESCAPED : SCRIPT_DOUBLE_ESCAPED;
    pattern.lastIndex = pos;
    const match = pattern.exec(html);
    if (!match) return -1;
    const token = match[0];
    pos = match.index + token.length;
    if (token === '-->') state = 'data';
    else if (token === '<!--') {
      // "<!-->" and "<!--->" open and close the escape at once.
      let after = pos;
      while (html[after] === '-') after++;
      if (html[after] === '>') pos = after + 1;
      else state = 'escaped';
    } else if (token[1] === '/') {
      if (state !== 'double') return match.index;
      state = 'escaped';
      pos = match.index + 8;
    } else {
      state = 'double';
      pos = match.index + 7;
    }
  }
}

/**
 * The end of a comment or bogus comment starting at `start` (a `<`), as the standard ends it:
 * `<!-->` and `<!--->` are whole comments, `--!>` also closes one, and bogus comments
 * (`<?…>`, `<![CDATA[…]]>` outside SVG/MathML, `</3…>`) stop at the first `>`.
 */
export function findCommentEnd(html: string, start: number): number {
  if (html.startsWith('<!--', start)) {
    if (html[start + 4] === '>') return start + 5;
    if (html.startsWith('->', start + 4)) return start + 6;
    const close = html.indexOf('--', start + 4);
    for (let at = close; at !== -1; at = html.indexOf('--', at + 1)) {
      if (html[at + 2] === '>') return at + 3;
      if (html.startsWith('!>', at + 2)) return at + 4;
    }
    return html.length;
  }
  const close = html.indexOf('>', start + 1);
  return close === -1 ? html.length : close + 1;
}
