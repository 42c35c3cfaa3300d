// Text escaping: remark's escaping, minus escapes CommonMark does not need, so prose reads cleanly.

import type { Handle } from 'mdast-util-to-markdown';
import type { Text } from 'mdast';

// remark escapes every `[` and every `*`/`_`/`~` it cannot prove harmless from one character of
// context. Two cases are provably literal and common in articles (footnote marks like "[1]",
// "5 * 3"), so their escapes are taken back:
// - `[label]` inside one text node, with no brackets or backslashes inside, not followed by `(`,
//   `[` or `:` (which could make a link, reference or definition) and not at the start of the
//   text (where `[ ]`/`[x]` would make a task-list checkbox). No definitions are ever written, so
//   a bare `[label]` cannot be a shortcut reference.
// - `*`, `_` or `~` with whitespace on both sides after other text on the line: it is neither
//   left- nor right-flanking, so it can neither open nor close emphasis, nor start a list.
// - `#` at the start of a line followed by text ("#hashtag"): an ATX heading needs a space after.
const BRACKETED = /\\\[([^[\]\\\n]*)\](?![([:])/g;
const LONE_DELIMITER = /(?<=\S[ \t]+)\\([*_~])(?=[ \t])/g;
const HASH_WORD = /^\\#(?=[^\s#\\])/gm;

/** The text handler: remark's safe escaping, then the unneeded escapes above removed. */
export const handleText: Handle = (node: Text, parent, state, info) => {
  const siblings = parent?.children ?? [];
  const index = state.indexStack[state.indexStack.length - 1] ?? -1;
  const escaped = state.safe(node.value, {
    ...info,
    afterNode: siblings[index + 1],
    beforeNode: siblings[index - 1],
  });
  // Most text has nothing escaped: skip the three regular expressions for it.
  if (!escaped.includes('\\')) return escaped;
  if (state.stack.includes('label') || state.stack.includes('reference')) return escaped;
  return relaxEscapes(escaped, info.after);
};

/** Removes the provably unneeded escapes from remark-escaped text; `after` is the character that follows it. */
export function relaxEscapes(escaped: string, after: string): string {
  return escaped
    .replace(BRACKETED, (match: string, label: string, offset: number) => {
      if (offset === 0) return match;
      const end = offset + match.length;
      if (end === escaped.length && (after === '' || '([:'.includes(after))) return match;
      return `[${label}]`;
    })
    .replace(LONE_DELIMITER, '$1')
    .replace(HASH_WORD, '#');
}
