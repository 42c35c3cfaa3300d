// Selectors with combinators, classes and :not/:is/:has, compiled once per process by css-select.
//
// jsdom answers querySelectorAll, matches and closest through its selector engine (dom-selector over nwsapi),
// which belongs to one document: the first call on a page builds it, and every selector it has not seen on that
// page is parsed and compiled again. The rules and stages ask the same few selectors of every page (the author
// box's class list, `p:not(…)` for the entry footer, `p, div:not(:has(…))` for a related-links line), so on a
// news page that per-document work cost about a tenth of the page's CPU. css-select compiles a selector once into
// a plain function that reads the tree through the adapter below; it is reused on every page.
//
// What is matched must be what jsdom's engine matches: every rule was written against it. The two agree on
// structure (combinators, :not, :is, :has) but the engine is not consistent about case: in an HTML document its
// own matcher compares every attribute value ignoring case, while nwsapi, to which it hands the selectors it
// deems simple, ignores case only for the attributes HTML lists (`type`, `rel`, `lang`, …) or with the `i`
// flag. So a selector is taken only when case cannot differ between the two: each attribute test has the `i` or
// `s` flag, or names an attribute HTML lists, or its value has no letters, or it only asks that the attribute
// be there. Class and id names compare as written in a standards-mode document. In quirks mode the spec says to
// ignore their case; in the cases tried the engine does so for classes outside `:has()` only, never for ids, so
// there a selector with a class or id stays with the engine. Anything else (escapes, namespaces, other
// pseudo-classes, upper-case names) stays with it too. test/compiled-selectors.test.ts compares the two on
// hand-made cases, every fixture page and real pages.

import { compile, type Options } from 'css-select';
import { AttributeAction, parse, SelectorType, type AttributeSelector, type Selector } from 'css-what';
// elements-by-tag.ts imports this module too; childElements is only called, never read at load.
import { childElements } from './elements-by-tag.js';
import { CASE_INSENSITIVE_VALUES } from './simple-selectors.js';

/** The pseudo-classes taken: logical combinations of selectors, which css-select and the engine read alike. */
const LOGICAL_PSEUDO_CLASSES = new Set(['not', 'is', 'where', 'has']);

const ELEMENT_NODE = 1;

/** css-select reads jsdom's tree through this: plain DOM properties, none of jsdom's live collections. */
const DOM_ADAPTER: NonNullable<Options<Node, Element>['adapter']> = {
  isTag: (node): node is Element => node.nodeType === ELEMENT_NODE,
  getAttributeValue: (element, name) => element.getAttribute(name) ?? undefined,
  // Element children only: css-select skips other nodes anyway, and no pseudo-class taken here reads text.
  getChildren: (node) => childElements(node as Element | Document),
  getName: (element) => element.localName,
  getParent: (element) => element.parentNode,
  getSiblings: (node) => (node.parentNode ? childElements(node.parentNode as Element | Document) : [node]),
  prevElementSibling: (node) => (node as Element).previousElementSibling,
  getText: (node) => node.textContent ?? '',
  hasAttrib: (element, name) => element.hasAttribute(name),
  removeSubsets: (nodes) => nodes.filter((node) => !nodes.some((other) => other !== node && other.contains(node))),
  equals: (a, b) => a === b,
};

export type ElementTest = (element: Element) => boolean;

interface Compiled {
  tokens: Selector[][];
  /** Whether a class or id selector is among the tokens: then a quirks-mode document is the engine's. */
  namesClassOrId: boolean;
  /** Compiled on first use. */
  test: ElementTest | undefined;
}

const compiled = new Map<string, Compiled | null>();
/** As in simple-selectors.ts: rules hand in the parts of their lists a page can match, so the keys vary: bounded. */
const MAX_COMPILED = 2000;

/**
 * The selector list as a test compiled once per process, for elements of `document`, or undefined when it
 * needs jsdom's engine (see the top of this file).
 */
export function compiledSelector(selector: string, document: Document): ElementTest | undefined {
  let known = compiled.get(selector);
  if (known === undefined) {
    const tokens = takenTokens(selector);
    known = tokens === undefined ? null : { tokens, namesClassOrId: namesClassOrId(tokens), test: undefined };
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(selector, known);
  }
  if (known === null) return undefined;
  if (known.namesClassOrId && document.compatMode === 'BackCompat') return undefined;
  // cacheResults off: a compiled test outlives any one tree, and the rules change the tree between calls.
  known.test ??= compile(known.tokens, { adapter: DOM_ADAPTER, cacheResults: false });
  return known.test;
}

/** The parsed selector list, each attribute test's case rule made explicit, or undefined when it is not taken. */
function takenTokens(selector: string): Selector[][] | undefined {
  if (selector.includes('\\')) return undefined;
  let tokens: Selector[][];
  try {
    tokens = parse(selector);
  } catch {
    return undefined;
  }
  return tokens.length > 0 && tokens.every(takenSequence) ? tokens : undefined;
}

function namesClassOrId(tokens: readonly Selector[][]): boolean {
  return tokens.some((sequence) =>
    sequence.some(
      (token) =>
        (token.type === SelectorType.Attribute && token.ignoreCase === 'quirks') ||
        (token.type === SelectorType.Pseudo && Array.isArray(token.data) && namesClassOrId(token.data)),
    ),
  );
}

function takenSequence(sequence: Selector[]): boolean {
  return sequence.length > 0 && sequence.every(takenToken);
}

function takenToken(token: Selector): boolean {
  switch (token.type) {
    case SelectorType.Descendant:
    case SelectorType.Child:
    case SelectorType.Sibling:
    case SelectorType.Adjacent:
      return true;
    case SelectorType.Universal:
      return token.namespace === null;
    case SelectorType.Tag:
      return token.namespace === null && token.name === token.name.toLowerCase();
    case SelectorType.Attribute:
      return takenAttribute(token);
    case SelectorType.Pseudo:
      return LOGICAL_PSEUDO_CLASSES.has(token.name) && Array.isArray(token.data) && token.data.every(takenSequence);
    default:
      return false;
  }
}

/** True when the engine's two matchers and css-select agree on the test; fixes its case rule (see the top). */
function takenAttribute(token: AttributeSelector): boolean {
  if (token.namespace !== null || token.name !== token.name.toLowerCase()) return false;
  if (token.action === AttributeAction.Exists) return true;
  // `.x` and `#x`: compared as written; a quirks-mode page leaves them to the engine (see the top of this file).
  if (token.ignoreCase === 'quirks') return true;
  // nwsapi and the spec part ways on empty values (`[x^=""]` matches everything in nwsapi).
  if (token.value === '') return false;
  if (token.ignoreCase === null) {
    if (CASE_INSENSITIVE_VALUES.has(token.name)) token.ignoreCase = true;
    else if (token.value.toLowerCase() === token.value.toUpperCase()) token.ignoreCase = false;
    else return false;
  }
  return true;
}
