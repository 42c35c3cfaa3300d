// <pre> → fenced code block, keeping the language from the class names highlighters leave behind.

import type { Element, Parents } from 'hast';
import type { Handle } from 'hast-util-to-mdast';
import { toText } from 'hast-util-to-text';
import type { Code } from 'mdast';
import { LANGUAGE_ATTRIBUTES } from './language-attributes.js';

// Class conventions of common highlighters: Prism/highlight.js/CommonMark (`language-x`),
// Google Prettify (`lang-x`), GitHub (`highlight-source-x`), SyntaxHighlighter (`brush: x;`).
const CLASS_PATTERNS: readonly RegExp[] = [/^(?:language|lang)-(.+)$/i, /^highlight-(?:source|text)-(.+)$/i];
const BRUSH = /(?:^|\s)brush:\s*([^\s;]+)/i;
// A fence info string must stay one safe word: no spaces, backticks or other Markdown syntax.
const LANGUAGE = /^[a-z0-9][a-z0-9_+#.-]{0,39}$/i;
const NO_LANGUAGE: ReadonlySet<string> = new Set(['none', 'nohighlight', 'no-highlight', 'plain', 'plaintext']);
// The data attributes that may name the language, as hast property names (dataLang, dataLanguage).
const LANGUAGE_PROPERTIES = LANGUAGE_ATTRIBUTES.map((name) =>
  name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
);

/** Converts a `<pre>` to an mdast code block with the detected language. */
export const handlePre: Handle = (state, node, parent) => {
  const result: Code = {
    type: 'code',
    lang: detectCodeLanguage(node, parent) ?? null,
    meta: null,
    value: tidyCode(toText(node)),
  };
  state.patch(node, result);
  return result;
};

/** The language named on the `<pre>`, its `<code>` child or the element wrapping it, if any. */
export function detectCodeLanguage(pre: Element, parent: Parents | undefined): string | undefined {
  const code = pre.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
  const candidates = [code, pre, parent?.type === 'element' ? parent : undefined];
  for (const element of candidates) {
    if (!element) continue;
    const language = languageOf(element);
    if (language !== undefined) return NO_LANGUAGE.has(language.toLowerCase()) ? undefined : language;
  }
  return undefined;
}

function languageOf(element: Element): string | undefined {
  const classes = classList(element);
  for (const name of classes) {
    for (const pattern of CLASS_PATTERNS) {
      const match = pattern.exec(name);
      if (match?.[1] !== undefined && LANGUAGE.test(match[1])) return match[1];
    }
  }
  const brush = BRUSH.exec(classes.join(' '))?.[1];
  if (brush !== undefined && LANGUAGE.test(brush)) return brush;
  for (const attribute of LANGUAGE_PROPERTIES) {
    const value = element.properties[attribute];
    if (typeof value === 'string' && LANGUAGE.test(value.trim())) return value.trim();
  }
  return undefined;
}

// hast always holds `class` as a list of tokens.
function classList(element: Element): string[] {
  const value = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * Trailing spaces and long runs of blank lines carry no meaning in code and would leave trailing
 * whitespace or 3+ blank lines in the Markdown; the rest of the code is kept byte for byte.
 */
export function tidyCode(value: string): string {
  return value
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{4,}/g, '\n\n\n')
    .replace(/^\n+|\n+$/g, '');
}
