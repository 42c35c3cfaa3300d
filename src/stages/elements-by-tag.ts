// Element look-ups by tag name that skip jsdom's CSS selector engine when the selector is only tag names.

// jsdom runs every querySelectorAll, even `a` or `p`, through its full selector engine (nwsapi), which
// walks the tree through the DOM API; getElementsByTagName's walk of jsdom's own tree (done here without its
// live collection, see elementsUnder) is many times cheaper. For a selector that is a bare type selector, or a
// list of them, both find the same elements: in an HTML document a type selector matches an HTML element by its
// name case-insensitively and an element in another namespace (SVG, MathML) by its exact name, which is what
// getElementsByTagName does.
// A list of type and attribute selectors is tested in plain code over the elements of its tags (see
// simple-selectors.ts). Most others (classes, combinators, :not/:is/:has) are tested by css-select, compiled once
// per process (see compiled-selectors.ts). What neither takes goes to jsdom's selector engine.

import idlUtils from 'jsdom/lib/generated/idl/utils.js';
import internalConstants from 'jsdom/lib/jsdom/living/helpers/internal-constants.js';
import type { JsdomNodeImpl } from 'jsdom/lib/jsdom/living/helpers/mutation-observers.js';
import { compiledSelector, type ElementTest } from './compiled-selectors.js';
import { simpleSelector } from './simple-selectors.js';

const { domSymbolTree } = internalConstants;

const TAG_LIST = /^\s*[a-z][a-z0-9-]*(?:\s*,\s*[a-z][a-z0-9-]*)*\s*$/i;
const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
const ELEMENT_NODE = 1;

/** What elementsUnder reads of a node of jsdom's tree: its type, and an element's namespace and qualified name. */
interface JsdomElementImpl extends JsdomNodeImpl {
  nodeType: number;
  _namespaceURI: string | null;
  _qualifiedName: string;
}

/** The tag names of a selector that is nothing but type selectors, or undefined for any other selector. */
function tagNamesOf(selector: string): string[] | undefined {
  if (!TAG_LIST.test(selector)) return undefined;
  return selector.split(',').map((name) => name.trim());
}

/** The compiled test for `selector` on the elements of `node`'s document, or undefined (see compiled-selectors.ts). */
function compiledTest(node: Element | Document, selector: string): ElementTest | undefined {
  return compiledSelector(selector, node.ownerDocument ?? node);
}

/** `selector` as a test in plain code for the elements of `node`'s document, or undefined when it needs the engine. */
export function plainTest(node: Element | Document, selector: string): ElementTest | undefined {
  return simpleSelector(selector)?.test ?? compiledTest(node, selector);
}

/** The elements under `root` (not root itself) that match `selector`, in document order. */
export function elementsMatching(root: Element | Document, selector: string): Element[] {
  const names = tagNamesOf(selector);
  if (names !== undefined) return elementsWithTags(root, names);
  const simple = simpleSelector(selector);
  if (simple !== undefined) return elementsWithTags(root, simple.tags ?? ['*']).filter(simple.test);
  const compiled = compiledTest(root, selector);
  if (compiled !== undefined) return allElementsUnder(root).filter(compiled);
  return Array.from(root.querySelectorAll(selector));
}

/** The element or its nearest ancestor matching `selector`, or null: Element.closest, by plain tests where it can. */
export function closestMatching(element: Element, selector: string): Element | null {
  const test = plainTest(element, selector);
  if (test === undefined) return element.closest(selector);
  for (let at: Element | null = element; at; at = at.parentElement) {
    if (test(at)) return at;
  }
  return null;
}

/** `root` itself when it matches, then the elements under it that match, in document order. */
export function rootAndElementsMatching(root: Element, selector: string): Element[] {
  const under = elementsMatching(root, selector);
  return elementMatches(root, selector) ? [root, ...under] : under;
}

/** True when `element` matches `selector`: Element.matches, without the selector engine where it can. */
export function elementMatches(element: Element, selector: string): boolean {
  const test = plainTest(element, selector);
  return test === undefined ? element.matches(selector) : test(element);
}

/**
 * The elements under `root` with any of these tag names, as type selectors match them, in document order
 * (a list is filtered from all elements, so it is never returned group by group).
 */
export function elementsWithTags(root: Element | Document, names: readonly string[]): Element[] {
  const [only] = names;
  if (only === '*' && names.length === 1) return allElementsUnder(root).slice();
  if (names.length === 1 && only !== undefined) {
    // What getElementsByTagName(only) finds, without the live collection (see elementsUnder).
    const lower = only.toLowerCase();
    return elementsUnder(
      root,
      (element) => element._qualifiedName === (element._namespaceURI === HTML_NAMESPACE ? lower : only),
    );
  }
  const exact = new Set(names);
  const folded = new Set(names.map((name) => name.toLowerCase()));
  return allElementsUnder(root).filter((element) =>
    (element.namespaceURI === HTML_NAMESPACE ? folded : exact).has(element.localName),
  );
}

/** The first element under `root` that matches `selector`, or null: querySelector, by tag where it can. */
export function firstMatching(root: Element | Document, selector: string): Element | null {
  const names = tagNamesOf(selector);
  if (names === undefined) {
    const simple = simpleSelector(selector);
    if (simple !== undefined) return elementsWithTags(root, simple.tags ?? ['*']).find(simple.test) ?? null;
    const compiled = compiledTest(root, selector);
    if (compiled !== undefined) return allElementsUnder(root).find(compiled) ?? null;
    return root.querySelector(selector);
  }
  const [only] = names;
  if (names.length === 1 && only !== undefined) return root.getElementsByTagName(only).item(0);
  return elementsMatching(root, selector)[0] ?? null;
}

/**
 * The element children of `parent`, in order. Not `parent.children`: iterating that collection, or reading its
 * length, goes through jsdom's collection proxy, which scans every child for one named "length" on each read, so a
 * walk over a block with tens of thousands of children (`x<br><br>` repeated) takes seconds.
 */
export function childElements(parent: Element | Document): Element[] {
  const children: Element[] = [];
  for (let child = parent.firstElementChild; child; child = child.nextElementSibling) children.push(child);
  return children;
}

/** Every element under a root as last listed, with the root's tree version then (see allElementsUnder). */
const listed = new WeakMap<object, { version: number; elements: Element[] }>();

/**
 * Every element under `root`, in document order; the caller must not change the array. The rules ask for all
 * the elements under the same root again and again (a `has` with `[role="button"]` can only be looked for among
 * all of them), and each time jsdom would walk the tree and build a live collection. jsdom counts every
 * insertion and removal below a node in that node's `_version` (as rules/conditions.ts relies on for texts), so
 * a list is reused until something under its root was added or removed.
 */
function allElementsUnder(root: Element | Document): Element[] {
  const { _version: version } = idlUtils.implForWrapper(root) as { _version: number };
  const known = listed.get(root);
  if (known?.version === version) return known.elements;
  const elements = elementsUnder(root);
  listed.set(root, { version, elements });
  return elements;
}

/**
 * The elements under `root` (not root itself) that pass `test`, in document order, read off jsdom's own tree.
 * Not getElementsByTagName: each call after a change to the page builds a new live collection behind a Proxy,
 * and copying it out reads every element through that Proxy (an object per read, and a scan of the whole
 * collection for an element named "length"). The walk is the one jsdom's collection makes.
 */
function elementsUnder(root: Element | Document, test?: (element: JsdomElementImpl) => boolean): Element[] {
  const rootImpl = idlUtils.implForWrapper(root) as JsdomNodeImpl;
  const found = domSymbolTree.treeToArray(rootImpl, {
    filter: (node: JsdomElementImpl) =>
      node.nodeType === ELEMENT_NODE && node !== rootImpl && (test === undefined || test(node)),
  });
  return found.map((impl) => idlUtils.wrapperForImpl(impl) as Element);
}
