// Evaluates a rule's conditions against an element or a paragraph of text.

import idlUtils from 'jsdom/lib/generated/idl/utils.js';
import internalConstants from 'jsdom/lib/jsdom/living/helpers/internal-constants.js';
import type { JsdomNodeImpl } from 'jsdom/lib/jsdom/living/helpers/mutation-observers.js';
import type { CompiledConditions } from './compile-rules.js';
import { contentIn, isWithinProse } from './content.js';
import {
  closestMatching,
  elementMatches,
  elementsMatching,
  elementsWithTags,
  firstMatching,
} from '../stages/elements-by-tag.js';

/**
 * The texts of the elements read so far in this phase, each with the tree version it was read at.
 * Rules test the same elements again and again (every rule over `div, section, p` reads every
 * block's text, and a container's text walks its whole subtree), so each is read once and read again
 * only once its subtree has changed. jsdom counts every insertion and removal below a node in that
 * node's `_version`; nothing in a phase changes a text node in place (actions add, remove and move
 * nodes and set attributes), and between phases Readability may, hence a fresh cache per phase.
 */
let texts = new WeakMap<Node, { version: number; text: string }>();

const { domSymbolTree } = internalConstants;
const TEXT_NODE = 3;

/** What this module reads of jsdom's tree: a node's type and tree version, and a text node's characters. */
interface JsdomTextImpl extends JsdomNodeImpl {
  nodeType: number;
  _version: number;
  _data: string;
}

/** Starts a phase with no texts remembered (apply-rules calls it before each DOM phase). */
export function forgetTexts(): void {
  texts = new WeakMap();
}

/** Whitespace-collapsed text of a node. */
export function normalisedText(node: Node): string {
  if (node.nodeType !== 1 /* Node.ELEMENT_NODE */) return collapse(node.textContent);
  const remembered = rememberedText(node);
  if (remembered !== undefined) return remembered;
  const text = collapse(node.textContent);
  texts.set(node, { version: treeVersion(node), text });
  return text;
}

/** The text read for the node while its subtree was as it is now, if one was. */
function rememberedText(node: Node): string | undefined {
  const known = texts.get(node);
  return known?.version === treeVersion(node) ? known.text : undefined;
}

/** How many insertions and removals jsdom has counted below the node. */
function treeVersion(node: Node): number {
  return (idlUtils.implForWrapper(node) as JsdomTextImpl)._version;
}

function collapse(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * True when the element's normalised text is surely longer than `max` characters, found without reading all of
 * it: its text nodes are read in order until more than `max` characters that are not whitespace have been seen
 * (collapsing keeps every one of them). A rule about a one-line notice looks at every block of the page, and the
 * text of a large one is otherwise built and collapsed whole, again after each change below it, only to be too
 * long. False means "not known to be longer", not "shorter".
 */
function surelyLongerThan(element: Element, max: number): boolean {
  const remembered = rememberedText(element);
  if (remembered !== undefined) return remembered.length > max;
  const rootImpl = idlUtils.implForWrapper(element) as JsdomTextImpl;
  const next = (node: JsdomTextImpl): JsdomTextImpl | null => domSymbolTree.following(node, { root: rootImpl });
  let seen = 0;
  for (let node = next(rootImpl); node; node = next(node)) {
    if (node.nodeType !== TEXT_NODE) continue;
    seen += countNotSpace(node._data, max + 1 - seen);
    if (seen > max) return true;
  }
  return false;
}

/** The code points above U+00A0 that JavaScript's `\s` matches. */
const UNICODE_SPACES = new Set([
  0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029,
  0x202f, 0x205f, 0x3000, 0xfeff,
]);

/**
 * How many characters of `data` are surely not whitespace, counting up to `enough`. Surely: printable ASCII, and
 * above U+00A0 anything but the code points JavaScript's `\s` matches, so the count never exceeds what collapse keeps.
 */
function countNotSpace(data: string, enough: number): number {
  let count = 0;
  for (let index = 0; index < data.length && count < enough; index++) {
    const code = data.charCodeAt(index);
    if (code > 0x20 && code < 0x7f) count += 1;
    else if (code > 0xa0 && !UNICODE_SPACES.has(code)) count += 1;
  }
  return count;
}

/** Share of an element's text inside <a> elements (0 when it has no text). */
export function linkDensity(element: Element, text = normalisedText(element)): number {
  if (!text) return 0;
  if (element.tagName === 'A') return 1;
  let linked = 0;
  for (const link of elementsMatching(element, 'a')) linked += normalisedText(link).length;
  return Math.min(1, linked / text.length);
}

const HEADINGS = 'h1, h2, h3, h4, h5, h6';

/**
 * True when every link of `element` jumps to a place on the same page and at least `min` of them to a heading
 * elsewhere on it, as the entries of a table of contents do. A link anywhere else (another page, a footnote, a tab
 * panel with no heading, a place inside the element itself) means the element is something else; a fragment that
 * names nothing in the tree is passed over (a section the extraction left out is still listed in the contents).
 */
function linksAllToHeadings(element: Element, min: number): boolean {
  // A bare "#" or a javascript: link is a script's control (a "hide" toggle), not a link to anywhere: passed over.
  const links = elementsMatching(element, 'a').filter((link) => {
    const href = (link.getAttribute('href') ?? '').trim();
    return href !== '' && href !== '#' && !/^javascript:/i.test(href);
  });
  if (links.length < min) return false;
  const document = element.ownerDocument;
  const page = withoutFragment(document.URL);
  const targets = namedElements(topOf(element));
  let toHeadings = 0;
  for (const link of links) {
    const fragment = inPageFragment(link.getAttribute('href') ?? '', document.baseURI, page);
    if (fragment === undefined) return false;
    const target = targets.get(fragment);
    // A target that is not in the tree: a section extraction left out (the contents still list it).
    if (target === undefined) continue;
    if (element.contains(target) || !startsSection(target)) return false;
    toHeadings += 1;
  }
  return toHeadings >= min;
}

/** The root of the tree the element is in: the page's root element, or the article Readability built apart from it. */
function topOf(element: Element): Element {
  let top = element;
  while (top.parentElement) top = top.parentElement;
  return top;
}

/** The elements under `root` by id, and anchors by name (`<a name>`), the first of each: what a fragment can name. */
function namedElements(root: Element): Map<string, Element> {
  const named = new Map<string, Element>();
  for (const element of elementsWithTags(root, ['*'])) {
    if (element.id && !named.has(element.id)) named.set(element.id, element);
    const name = element.localName === 'a' ? element.getAttribute('name') : null;
    if (name && !named.has(name)) named.set(name, element);
  }
  return named;
}

/** The fragment of an href that points into the page itself (`#part-2`, or the page's own URL with one). */
function inPageFragment(href: string, base: string, page: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (url.hash.length < 2 || withoutFragment(url.href) !== page) return undefined;
  try {
    return decodeURIComponent(url.hash.slice(1));
  } catch {
    return url.hash.slice(1);
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/**
 * True when the element is where a section starts: a heading, inside one, a section whose text opens with its
 * heading, or an empty anchor right before a heading.
 */
function startsSection(target: Element): boolean {
  if (closestMatching(target, HEADINGS)) return true;
  const heading = firstMatching(target, HEADINGS);
  if (heading) return normalisedText(target).startsWith(normalisedText(heading));
  const next = target.nextElementSibling;
  return normalisedText(target) === '' && next !== null && (elementMatches(next, HEADINGS) || startsSection(next));
}

/** True when the text meets every text-only condition (not `adjacentText`, which needs neighbours). */
export function textMeetsConditions(text: string, when: CompiledConditions): boolean {
  // Lengths first: they are cheap and rule out most elements before any regular expression runs.
  if (when.minChars !== undefined && text.length < when.minChars) return false;
  if (when.maxChars !== undefined && text.length > when.maxChars) return false;
  if (when.text && !when.text.test(text)) return false;
  if (when.notText?.test(text)) return false;
  return true;
}

/**
 * True when paragraph `index` of a text dump meets every condition, including `adjacentText`. The neighbours
 * looked at for `adjacentText` are the nearest paragraphs on either side not in `passOver` (the paragraphs the
 * calling rule already removes: a notice's button lines follow one another, and each is next to the notice
 * through the ones before it).
 */
export function paragraphMeetsConditions(
  paragraphs: readonly string[],
  index: number,
  when: CompiledConditions,
  passOver?: ReadonlySet<number>,
): boolean {
  const text = paragraphs[index];
  if (text === undefined || !textMeetsConditions(text, when)) return false;
  if (when.adjacentText) {
    const pattern = when.adjacentText;
    const nearest = (step: -1 | 1): string | undefined => {
      let at = index + step;
      while (passOver?.has(at)) at += step;
      return paragraphs[at];
    };
    const neighbours = [nearest(-1), nearest(1)];
    if (!neighbours.some((neighbour) => neighbour !== undefined && pattern.test(neighbour))) return false;
  }
  return true;
}

/** True when the element meets every condition of the rule; `given` is its normalised text when the caller has it. */
export function elementMeetsConditions(element: Element, when: CompiledConditions, given?: string): boolean {
  if (when.matches !== undefined && !elementMatches(element, when.matches)) return false;
  // Most rules about a short line are asked about every block: the long ones are ruled out before their text is read.
  if (given === undefined && when.maxChars !== undefined && surelyLongerThan(element, when.maxChars)) return false;
  const text = given ?? normalisedText(element);
  if (!textMeetsConditions(text, when)) return false;
  if (when.minLinkDensity !== undefined || when.maxLinkDensity !== undefined) {
    const density = linkDensity(element, text);
    if (when.minLinkDensity !== undefined && density < when.minLinkDensity) return false;
    if (when.maxLinkDensity !== undefined && density > when.maxLinkDensity) return false;
  }
  if (when.minLinksToHeadings !== undefined && !linksAllToHeadings(element, when.minLinksToHeadings)) return false;
  if (when.has !== undefined) {
    const candidates = elementsMatching(element, when.has);
    const pattern = when.hasText;
    if (!candidates.some((candidate) => !pattern || pattern.test(normalisedText(candidate)))) return false;
  }
  if (when.notHas !== undefined && firstMatching(element, when.notHas)) return false;
  if (when.adjacentText) {
    const pattern = when.adjacentText;
    const neighbours = [element.previousElementSibling, element.nextElementSibling];
    if (!neighbours.some((neighbour) => neighbour && pattern.test(normalisedText(neighbour)))) return false;
  }
  if (when.notBefore !== undefined) {
    const next = element.nextElementSibling;
    if (next && (elementMatches(next, when.notBefore) || firstMatching(next, when.notBefore))) return false;
  }
  // Last: it looks at every image and paragraph inside, and only elements that are clutter by the rest get here.
  if (when.spareContent && (contentIn(element) !== undefined || isWithinProse(element))) return false;
  return true;
}
