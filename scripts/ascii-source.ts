// Rewrites a script so that it is plain ASCII, with the same meaning, where that can be shown token by token.
//
// Why: a bundle is read at every start (src/bundle/load-bundle.ts). Read as UTF-8, one non-ASCII character
// makes the whole 10 MB script a two-byte string, decoded byte by byte (≈ 0.13 s of CPU per thread that loads
// it); pure ASCII reads as Latin-1, a plain copy. esbuild already escapes strings and identifiers, but leaves
// regular expression literals and template literals as written, and those are where our patterns and
// Readability's put their `–`, `»` or `é`.
//
// What is rewritten (acorn's tokenizer finds the tokens; nothing else is touched):
// - a regular expression literal: the character as `\uXXXX` (`\u{…}` with the u or v flag; a surrogate pair
//   without, which is what such a pattern matches anyway);
// - a string literal: `\uXXXX` or `\u{…}`;
// - the text of a template literal that is untagged or tagged with `String.raw`: the character as a
//   substitution, `${"\uXXXX"}`, which puts the same character in the same place of the result. Any other
//   tag sees its strings and substitutions apart, so its templates stay as written.
// A character right after a backslash stays as written, as does anything in a comment; `left` counts them.

import { tokenizer, tokTypes, type Token, type TokenType } from 'acorn';

export interface AsciiSource {
  code: string;
  /** Tokens and comments that keep a non-ASCII character because no rewrite is known to mean the same. */
  left: number;
}

const NON_ASCII = /[^\u0000-\u007f]/u;
const NON_ASCII_GLOBAL = /[^\u0000-\u007f]/gu;

export function toAsciiSource(code: string): AsciiSource {
  if (!NON_ASCII.test(code)) return { code, left: 0 };
  const edits: { start: number; end: number; text: string }[] = [];
  let left = 0;
  // For each open template, how its text may be rewritten; `{` and `${` inside it are matched to their `}`.
  const open: ('template-safe' | 'template-other' | 'brace')[] = [];
  let previous: Token | undefined;
  let beforePrevious: Token | undefined;
  let beforeThat: Token | undefined;
  const tokens = tokenizer(code, {
    ecmaVersion: 'latest',
    allowReturnOutsideFunction: true,
    allowHashBang: true,
    onComment: (_block, text) => {
      if (NON_ASCII.test(text)) left += 1;
    },
  });
  for (const token of tokens) {
    const raw = code.slice(token.start, token.end);
    if (token.type === tokTypes.backQuote) {
      if (previous?.type === tokTypes.template) open.pop();
      else open.push(templateKind(code, previous, beforePrevious, beforeThat));
    } else if (token.type === tokTypes.braceL || token.type === tokTypes.dollarBraceL) {
      open.push('brace');
    } else if (token.type === tokTypes.braceR) {
      open.pop();
    } else if (NON_ASCII.test(raw)) {
      const rewritten = rewriteToken(token, raw, open.at(-1));
      if (rewritten === undefined) left += 1;
      else edits.push({ start: token.start, end: token.end, text: rewritten });
    }
    beforeThat = beforePrevious;
    beforePrevious = previous;
    previous = token;
  }
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return { code: out + code.slice(at), left };
}

/** Untagged or `String.raw` (its text can take substitutions), or another tag (it cannot). */
function templateKind(
  code: string,
  previous: Token | undefined,
  beforePrevious: Token | undefined,
  beforeThat: Token | undefined,
): 'template-safe' | 'template-other' {
  // A template after a token that an expression may follow (`=`, `(`, `,`, `return`, …) has no tag. acorn
  // sets `beforeExpr` on those token types; its type declarations leave the field out.
  if (previous === undefined || (previous.type as TokenType & { beforeExpr?: boolean }).beforeExpr === true) {
    return 'template-safe';
  }
  const text = (token: Token | undefined): string | undefined =>
    token === undefined ? undefined : code.slice(token.start, token.end);
  const stringRaw =
    previous.type === tokTypes.name &&
    text(previous) === 'raw' &&
    beforePrevious?.type === tokTypes.dot &&
    beforeThat?.type === tokTypes.name &&
    text(beforeThat) === 'String';
  return stringRaw ? 'template-safe' : 'template-other';
}

function rewriteToken(token: Token, raw: string, inside: string | undefined): string | undefined {
  if (token.type === tokTypes.regexp) {
    const flags = raw.slice(raw.lastIndexOf('/') + 1);
    const unicode = flags.includes('u') || flags.includes('v');
    return escapeEach(raw, (char) => (unicode ? unicodeEscape(char) : codeUnitEscapes(char)));
  }
  if (token.type === tokTypes.string) return escapeEach(raw, unicodeEscape);
  if (token.type === tokTypes.template && inside === 'template-safe') {
    return escapeEach(raw, (char) => `\${"${unicodeEscape(char)}"}`);
  }
  return undefined;
}

/** Each non-ASCII character replaced; undefined when one follows a backslash (its escape would change). */
function escapeEach(raw: string, escape: (char: string) => string): string | undefined {
  let escapedChar = false;
  const out = raw.replace(NON_ASCII_GLOBAL, (char, offset: number) => {
    let backslashes = 0;
    while (raw[offset - 1 - backslashes] === '\\') backslashes += 1;
    if (backslashes % 2 === 1) escapedChar = true;
    return escape(char);
  });
  return escapedChar ? undefined : out;
}

function unicodeEscape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function codeUnitEscapes(char: string): string {
  // split('') splits into UTF-16 code units, so an astral character gives its two surrogates.
  return char
    .split('')
    .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
}
