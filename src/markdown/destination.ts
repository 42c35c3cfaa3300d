// Link and image destinations (`[a](destination)`): remark's escaping minus what CommonMark does not need.

// remark escapes every parenthesis and every `&` before a letter or `#` in a destination. In a
// destination without angle brackets, CommonMark reads `&name;` as a character reference and an
// unbalanced parenthesis as the end; a `&` without its `;` and parentheses that pair up are
// literal. So `?a=1&b=2` and `Charms_(class)` are written as they are. Every other escape remark
// makes (a backslash before punctuation, `|` in a table cell) is kept.
const TOKEN = /\\([!-/:-@[-`{-~])|[^\\]+|\\/g;
/** After an `&`, a character reference CommonMark decodes (`&amp;`, `&#38;`, `&#x26;`), in text as in destinations. */
export const CHARACTER_REFERENCE = /^(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{0,31});/;
// micromark (and cmark) stop reading a destination nested deeper than this: deeper pairs stay escaped.
const MAX_PAREN_DEPTH = 32;

/** A remark-escaped raw destination with the unneeded escapes of `&`, `(` and `)` removed. */
export function relaxDestination(escaped: string): string {
  if (!escaped.includes('\\')) return escaped;
  const tokens = escaped.match(TOKEN) ?? [];
  const literal = new Set<number>(balancedParentheses(tokens));
  tokens.forEach((token, index) => {
    if (token === '\\&' && !CHARACTER_REFERENCE.test(tokens.slice(index + 1, index + 3).join(''))) literal.add(index);
  });
  return tokens.map((token, index) => (literal.has(index) ? token.slice(1) : token)).join('');
}

/** Indexes of the escaped parentheses that pair up, within the nesting a reader accepts. */
function balancedParentheses(tokens: readonly string[]): number[] {
  const balanced: number[] = [];
  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (token === '\\(' && open.length < MAX_PAREN_DEPTH) open.push(index);
    else if (token === '\\)') {
      const opening = open.pop();
      if (opening !== undefined) balanced.push(opening, index);
    }
  });
  return balanced;
}
