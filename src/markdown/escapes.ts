// Text escaping: remark's escaping, minus the escapes that change nothing a CommonMark/GFM reader shows.

import type { Root, Text } from 'mdast';
import type { Handle, Info, State } from 'mdast-util-to-markdown';
import { CHARACTER_REFERENCE, relaxDestination } from './destination.js';

// remark escapes a character whenever one character of context cannot prove it harmless. Each
// escape it writes is kept or taken back here, one escape at a time, by what a reader would
// otherwise make of the character (CommonMark 0.31 and GFM, the grammar remark-parse reads):
//
// - `[` outside a link's text: it opens a link only if a later `]` is followed by `(`. remark
//   escapes every `(` after a `]` in text, and the `]` of a link we write closes that link's own,
//   nearer `[`; once a link is formed, every `[` before it is spent. No reference definitions are
//   ever written, so `[a]`, `[a][b]` and `[^a]` are literal. At the start of a line `[` could begin a
//   definition (`[a]: url`) or a task-list box (`[ ]`), so there only a `[label]` pair in one text
//   node, followed by neither `:` nor `(`, and not a box, goes unescaped.
// - `[label]` inside a link's text: balanced brackets are allowed there and are literal.
// - `&`: only a complete character reference (`&amp;`, `&#38;`, `&#x26;`) is decoded.
// - `.` after W, `:` after p or s and `@`: an autolink literal needs `www.`, not `W.` (`W.M.
//   Keck`), `http://` or `https://`, not `maps://`, and a domain with a dot after the `@`. (Where
//   one does form, remark and cmark-gfm link it even with the escape, as they find autolink
//   literals in text after escapes are read; micromark's own HTML output honours the escape, so
//   that one is kept.)
// - `*`, `_` or `~` with whitespace on both sides after other text on the line: it is neither
//   left- nor right-flanking, so it can neither open nor close emphasis, nor start a list.
// - `#` at the start of a line followed by text ("#hashtag"): an ATX heading needs a space after.
//
// - Brackets that would cost a reader time in proportion to the block (bracket-cost.ts marks them
//   on the tree) keep their escape, and such a `]` gets one.
const ESCAPE = /\\([!-/:-@[-`{-~])|\]/g;
const LABEL_PAIR = /\\\[([^[\]\\\n]*)\\\](?![([:])/g;
const TASK_BOX = /^[ xX]$/;
const EMAIL_DOMAIN = /^[\w-]+\.[\w-]/;

/** What surrounds a piece of escaped text in the Markdown being written. */
export interface EscapeContext {
  /** The Markdown just before it ('' or a line ending at the start of a line). */
  before: string;
  /** The character just after it, if known. */
  after: string;
  /** Inside a link's text (or an image's description), where brackets must balance. */
  inLabel: boolean;
  /**
   * Which of the text's brackets (`[` and `]`, counted in order from 0) keep or get an escape
   * whatever the rules below say, so that a reader reads them in linear time (bracket-cost.ts).
   */
  keptBrackets?: ReadonlySet<number>;
}

// Where remark's own escaping stays: autolinks percent-encode, `<…>` destinations and code fence
// info strings have rules of their own, and reference labels must match their definitions.
const KEPT_CONSTRUCTS: ReadonlySet<string> = new Set([
  'autolink',
  'destinationLiteral',
  'reference',
  'codeFencedLangGraveAccent',
  'codeFencedLangTilde',
  'codeFencedMetaGraveAccent',
  'codeFencedMetaTilde',
]);

/**
 * The root handler: writes the document with this module's escaping in place of remark's. Every
 * handler escapes through `state.safe`, so text, link text, alt text, titles and destinations
 * are all covered here, by the construct being written.
 */
export const handleRoot: Handle = (node: Root, _parent, state: State, info: Info) => {
  const remarkSafe = state.safe.bind(state);
  // The brackets to keep escaped belong to the text node being written (peeks write it again).
  let keptBrackets: ReadonlySet<number> | undefined;
  const handleText = state.handlers.text;
  state.handlers.text = (text: Text, parent, textState, textInfo) => {
    keptBrackets = text.data?.keptBrackets;
    try {
      return handleText(text, parent, textState, textInfo);
    } finally {
      keptBrackets = undefined;
    }
  };
  state.safe = (value, config) => {
    const escaped = remarkSafe(value, config);
    if (state.stack.some((name) => KEPT_CONSTRUCTS.has(name))) return escaped;
    if (state.stack[state.stack.length - 1] === 'destinationRaw') return relaxDestination(escaped);
    if (!escaped.includes('\\') && keptBrackets === undefined) return escaped;
    return relaxEscapes(escaped, {
      before: config.before,
      after: config.after,
      inLabel: state.stack.includes('label'),
      ...(keptBrackets ? { keptBrackets } : {}),
    });
  };
  // tidyTree wraps stray inline content in paragraphs, so a root holds only blocks.
  return state.containerFlow(node, info);
};

/** Removes the provably unneeded escapes from remark-escaped text. */
export function relaxEscapes(escaped: string, context: EscapeContext): string {
  const text = context.inLabel ? relaxLabelPairs(escaped, context.after) : escaped;
  let bracket = 0;
  return text.replace(ESCAPE, (match: string, character: string | undefined, offset: number) => {
    const kept = (character === undefined || character === '[') && context.keptBrackets?.has(bracket++) === true;
    // A bare `]`: remark escapes none outside link text.
    if (character === undefined) return kept ? '\\]' : match;
    return kept || isNeeded(character, text, offset, context) ? match : character;
  });
}

function relaxLabelPairs(escaped: string, after: string): string {
  return escaped.replace(LABEL_PAIR, (match: string, label: string, offset: number) => {
    const end = offset + match.length;
    if (end === escaped.length && '([:'.includes(after)) return match;
    return `[${label}]`;
  });
}

/** Whether the escape of `character` at `offset` in `text` (remark-escaped) changes how the text reads. */
function isNeeded(character: string, text: string, offset: number, context: EscapeContext): boolean {
  const rest = text.slice(offset + 2, offset + 40);
  const previous = (context.before + text.slice(Math.max(0, offset - 8), offset)).slice(-8);
  const atLineStart = previous === '' || previous.endsWith('\n');
  switch (character) {
    case '[':
      if (context.inLabel) return true;
      return atLineStart && !isSafeAtLineStart(text, offset, context.after);
    case '&':
      // A reference cut off by the end of the text could go on in what follows: keep that one.
      return CHARACTER_REFERENCE.test(rest) || (/^#?[A-Za-z\d]*$/.test(rest) && /^[#;\w]/.test(context.after));
    case '.':
      return !/(?:^|[^Ww])[Ww]{1,2}$/.test(previous);
    case ':':
      return atLineStart || !/[ps]$/.test(previous) || /https?$/i.test(previous);
    case '@':
      return EMAIL_DOMAIN.test(rest);
    case '*':
    case '_':
    case '~':
      return !(/\S[ \t]+$/.test(previous) && /^[ \t]/.test(rest || context.after));
    case '#':
      return !(atLineStart && /^[^\s#\\]/.test(rest));
    default:
      return true;
  }
}

/**
 * Whether a `[` at the start of a line (escape at `offset` in `text`) can go unescaped: when it
 * can start neither a definition (`[label]: url`, whose label holds no unescaped bracket) nor a
 * task-list box (`[ ]`, `[x]`). Another `[` before the closing `]` (the text's own, which is
 * written unescaped, or the link or image that follows the text) rules both out.
 */
function isSafeAtLineStart(text: string, offset: number, after: string): boolean {
  for (let index = offset + 2; index < text.length; index++) {
    const character = text.charAt(index);
    if (character === '\\') {
      if (text.charAt(index + 1) === '[') return true;
      index++;
    } else if (character === '[') return true;
    else if (character === '\n') return false;
    else if (character === ']') {
      const next = index + 1 < text.length ? text.charAt(index + 1) : after;
      return next !== ':' && !TASK_BOX.test(text.slice(offset + 2, index));
    }
  }
  return after === '' || after === '\n' || after === '[' || after === '!';
}
