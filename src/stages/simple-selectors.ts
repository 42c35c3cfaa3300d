// Selector lists of type and attribute selectors, tested in plain code instead of jsdom's selector engine.
//
// The rules ask "does this block hold a button, or an input for an email address?" of every candidate block:
// `input[type=email], input[name*=mail i]`, `a, button, [role="button"]`. jsdom answers each such question by
// walking the block's subtree through its selector engine, compound by compound; on a news page those two
// look-ups alone cost more CPU than all of Readability's scoring. A list made only of compounds like `tag`,
// `[attr]`, `tag[attr="value" i]` needs no engine: the candidates come from getElementsByTagName (walked inside
// jsdom) and each is tested by its name and attributes, and by its ancestors' names for a closing
// `:not(td *, li *)`. Anything else (classes, ids, combinators, other pseudo-classes, escapes) is left to the
// engine: a class or id matches differently in quirks mode, and the rest needs more of the tree.
//
// What is matched must be what jsdom's engine matches (test/simple-selectors.test.ts compares the two on hand-made
// cases, every fixture page and real pages), and that engine is not consistent with the Selectors spec or with
// itself where case is concerned: `[href^="javascript:"]` matches "JavaScript:", `[role="button"]` does not
// match "BUTTON", `[x^=""]` matches everything, `foreignObject` matches nothing. So only the forms on which it
// follows the spec are taken: lower-case names; attribute values compared as written for `=`, with the `i` or
// `s` flag, or on an attribute HTML lists as compared case-insensitively (`type`, `lang`, `rel`, …); any other
// substring, prefix or word test, and any empty value, stays with the engine.

import { splitSelectorList } from '../rules/selector-needs.js';

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** The attributes whose values selectors compare ASCII case-insensitively on HTML elements (HTML §4.16.2). */
export const CASE_INSENSITIVE_VALUES = new Set(
  (
    'accept accept-charset align alink axis bgcolor charset checked clear codetype color compact declare defer ' +
    'dir direction disabled enctype face frame hreflang http-equiv lang language link media method multiple ' +
    'nohref noresize noshade nowrap readonly rel rev rules scope scrolling selected shape target text type ' +
    'valign valuetype vlink'
  ).split(' '),
);

type Operator = '=' | '~=' | '|=' | '^=' | '$=' | '*=';

interface AttributeTest {
  name: string;
  /** Undefined for a bare `[name]`: the attribute is present. */
  operator: Operator | undefined;
  /** The value as written, and lower-cased for the tests that ignore case. */
  value: string;
  foldedValue: string;
  /** When case is ignored: always (the `i` flag), on HTML elements only (an attribute HTML lists), or never. */
  ignoreCase: 'always' | 'on-html' | 'never';
}

interface Compound {
  /** Undefined for a compound with no type selector (`[role="button"]`). */
  tag: string | undefined;
  attributes: AttributeTest[];
  /** From `:not(td *, th *, li *)`: the element is inside none of these (lower-case tag names). */
  notInside: ReadonlySet<string> | undefined;
}

/** A selector list this module can test, with the tags to collect candidates by (undefined: every element). */
export interface SimpleSelector {
  tags: string[] | undefined;
  test: (element: Element) => boolean;
}

// One compound: an optional type selector, then attribute selectors. Values without quotes are identifiers.
// It may end in `:not(td *, th *)`, "inside no td or th": the rules keep table cells' and list items' text out so.
const NOT_INSIDE = /:not\(\s*((?:[a-z][a-z0-9-]*\s+\*\s*,\s*)*[a-z][a-z0-9-]*\s+\*)\s*\)$/;
const COMPOUND = /^([a-z][a-z0-9-]*)?((?:\[[^\][\\'"]*(?:"[^"\\]*"|'[^'\\]*')?[^\][\\'"]*\])*)$/i;
const ATTRIBUTE =
  /\[\s*([a-z_][a-z0-9_-]*)\s*(?:([~|^$*]?=)\s*(?:"([^"\\]*)"|'([^'\\]*)'|(-?[a-z_][a-z0-9_-]*))\s*(?:([is])\s*)?)?\]/giy;

const compiled = new Map<string, SimpleSelector | null>();
/** Rules hand in the parts of their lists a page can match (selector-needs.ts), so the keys vary by page: bounded. */
const MAX_COMPILED = 2000;

/** The selector list as a plain test, or undefined when it needs jsdom's engine. Compiled once per process. */
export function simpleSelector(selector: string): SimpleSelector | undefined {
  let known = compiled.get(selector);
  if (known === undefined) {
    known = compile(selector) ?? null;
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(selector, known);
  }
  return known ?? undefined;
}

function compile(selector: string): SimpleSelector | undefined {
  if (selector.includes('\\')) return undefined;
  const compounds: Compound[] = [];
  for (const part of splitSelectorList(selector)) {
    const compound = parseCompound(part);
    if (compound === undefined) return undefined;
    compounds.push(compound);
  }
  if (compounds.length === 0) return undefined;
  const tags = compounds.every((compound) => compound.tag !== undefined)
    ? [...new Set(compounds.map((compound) => compound.tag as string))]
    : undefined;
  return { tags, test: (element) => compounds.some((compound) => compoundMatches(compound, element)) };
}

function parseCompound(whole: string): Compound | undefined {
  const not = NOT_INSIDE.exec(whole);
  const text = not ? whole.slice(0, not.index) : whole;
  const notInside = not?.[1] ? new Set(not[1].split(',').map((part) => part.replace('*', '').trim())) : undefined;
  const found = COMPOUND.exec(text);
  if (!found || text === '') return undefined;
  const [, tag, brackets = ''] = found;
  const attributes: AttributeTest[] = [];
  ATTRIBUTE.lastIndex = 0;
  while (ATTRIBUTE.lastIndex < brackets.length) {
    const at = ATTRIBUTE.lastIndex;
    const match = ATTRIBUTE.exec(brackets);
    if (!match || match.index !== at) return undefined;
    const [, name = '', operator, doubleQuoted, singleQuoted, ident, written] = match;
    const value = doubleQuoted ?? singleQuoted ?? ident ?? '';
    const flag = written?.toLowerCase();
    if (!followsSpec(name, operator, value, flag)) return undefined;
    attributes.push({
      name,
      operator: operator as Operator | undefined,
      value,
      foldedValue: value.toLowerCase(),
      ignoreCase:
        flag === 'i' ? 'always' : flag === undefined && CASE_INSENSITIVE_VALUES.has(name) ? 'on-html' : 'never',
    });
  }
  if (tag !== undefined && tag !== tag.toLowerCase()) return undefined;
  return { tag, attributes, notInside };
}

/** True for the attribute tests on which jsdom's engine does what the spec says (see the top of this file). */
function followsSpec(name: string, operator: string | undefined, value: string, flag: string | undefined): boolean {
  if (name !== name.toLowerCase()) return false;
  if (operator === undefined) return true;
  if (value === '') return false;
  return operator === '=' || flag !== undefined || CASE_INSENSITIVE_VALUES.has(name);
}

function compoundMatches(compound: Compound, element: Element): boolean {
  const html = element.namespaceURI === HTML_NAMESPACE;
  // Names are lower-case here (parseCompound), as an HTML element's is; any other element's must match as written.
  if (compound.tag !== undefined && element.localName !== compound.tag) return false;
  for (const test of compound.attributes) {
    if (!attributeMatches(test, element, html)) return false;
  }
  if (compound.notInside) {
    // The names in the set are lower-case, as the parser makes every HTML element's.
    for (let ancestor = element.parentElement; ancestor; ancestor = ancestor.parentElement) {
      if (compound.notInside.has(ancestor.localName)) return false;
    }
  }
  return true;
}

function attributeMatches(test: AttributeTest, element: Element, html: boolean): boolean {
  const actual = element.getAttribute(test.name);
  if (actual === null) return false;
  if (test.operator === undefined) return true;
  const ignoreCase = test.ignoreCase === 'always' || (test.ignoreCase === 'on-html' && html);
  const value = ignoreCase ? actual.toLowerCase() : actual;
  const wanted = ignoreCase ? test.foldedValue : test.value;
  switch (test.operator) {
    case '=':
      return value === wanted;
    case '~=':
      return !/\s/.test(wanted) && value.split(/[\t\n\f\r ]+/).includes(wanted);
    case '|=':
      return value === wanted || value.startsWith(`${wanted}-`);
    case '^=':
      return value.startsWith(wanted);
    case '$=':
      return value.endsWith(wanted);
    case '*=':
      return value.includes(wanted);
  }
}
