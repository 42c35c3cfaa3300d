// Where each node of the parsed page was, so the trace can name the element a rule acted on by its place in the
// page as parsed, even after earlier removals, Readability's moves and re-tagging have changed the tree around it.

import type { PagePart } from '../types.js';
import { elementsWithTags } from './elements-by-tag.js';

/** The place of one element or text node in the page as parsed (after the prune pass, before any rule). */
export interface NodePlace {
  /** Position in document order among the page's elements and text nodes (the root element is 0). */
  ordinal: number;
  /** The element it was a child of (none for the root). */
  parent: ElementPlace | undefined;
  /** Its index among the parent's child nodes. */
  index: number;
}

export interface ElementPlace extends NodePlace {
  /** This element's step in a path: its tag, with `:nth-child(n)` when a sibling has the same tag. */
  step: string;
  /** How many child nodes (elements and text) it had. */
  size: number;
}

/**
 * The places of one page's nodes. A WeakMap keyed by the node objects: whatever moves a node keeps its place,
 * and a node that replaces another (Readability re-tagging a div as a p) is given the old one's (`carryPlace`).
 */
export interface PagePlaces {
  readonly nodes: WeakMap<Node, NodePlace>;
  /** Paths made so far, so each ancestor's is built once. */
  readonly paths: WeakMap<ElementPlace, string>;
  /** The number of places (elements and text nodes). */
  readonly count: number;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Records the place of every element and text node under (and including) `root`, numbered in document order. */
export function indexPage(root: Element): PagePlaces {
  const nodes = new WeakMap<Node, NodePlace>();
  const rootPlace: ElementPlace = { ordinal: 0, parent: undefined, index: 0, step: cssIdent(root.localName), size: 0 };
  // A pre-order walk with an explicit stack (children pushed last first), not recursion: prune-html bounds the
  // nesting, but a walk should not depend on it.
  const stack: { node: Node; place: NodePlace }[] = [{ node: root, place: rootPlace }];
  const children: { node: Node; place: NodePlace }[] = [];
  const tagCounts = new Map<string, number>();
  let ordinal = 0;
  while (stack.length > 0) {
    const { node, place } = stack.pop() as { node: Node; place: NodePlace };
    place.ordinal = ordinal++;
    nodes.set(node, place);
    if (node.nodeType !== ELEMENT_NODE) continue;
    const element = node as Element;
    tagCounts.clear();
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) {
      tagCounts.set(child.localName, (tagCounts.get(child.localName) ?? 0) + 1);
    }
    children.length = 0;
    let index = 0;
    let elementIndex = 0;
    for (let child = element.firstChild; child; child = child.nextSibling, index++) {
      if (child.nodeType === ELEMENT_NODE) {
        const name = (child as Element).localName;
        elementIndex++;
        const step = (tagCounts.get(name) ?? 0) > 1 ? `${cssIdent(name)}:nth-child(${elementIndex})` : cssIdent(name);
        const childPlace: ElementPlace = { ordinal: 0, parent: place as ElementPlace, index, step, size: 0 };
        children.push({ node: child, place: childPlace });
      } else if (child.nodeType === TEXT_NODE) {
        children.push({ node: child, place: { ordinal: 0, parent: place as ElementPlace, index } });
      }
    }
    (place as ElementPlace).size = index;
    for (let at = children.length - 1; at >= 0; at--) stack.push(children[at] as { node: Node; place: NodePlace });
  }
  return { nodes, paths: new WeakMap(), count: ordinal };
}

/** The place a node had in the page as parsed; none for a node made since (by Readability or a rule). */
export function placeOf(places: PagePlaces, node: Node): NodePlace | undefined {
  return places.nodes.get(node);
}

/**
 * The path of an element place: child steps from the root, `html>body>div:nth-child(3)>p`, a CSS selector that
 * selects exactly that element in the page as parsed (a step carries `:nth-child` only where a sibling shares its tag).
 */
export function pathOfPlace(places: PagePlaces, place: ElementPlace): string {
  const known = places.paths.get(place);
  if (known !== undefined) return known;
  const path = place.parent ? `${pathOfPlace(places, place.parent)}>${place.step}` : place.step;
  places.paths.set(place, path);
  return path;
}

/** The path of a node that was an element of the page as parsed. */
export function elementPath(places: PagePlaces, node: Node): string | undefined {
  const place = places.nodes.get(node);
  return place && isElementPlace(place) ? pathOfPlace(places, place) : undefined;
}

export function isElementPlace(place: NodePlace): place is ElementPlace {
  return 'step' in place;
}

/**
 * Where an element a rule acted on was in the page as parsed: its `path`; for an element made after parsing, the
 * page content it holds as `parts`, or the `path` of the page element whose whole content that is (Readability
 * wraps a div's text in a paragraph it makes and puts the paragraph in the div's place: that paragraph is the div).
 */
export function locateElement(places: PagePlaces, element: Element): { path?: string; parts?: PagePart[] } {
  const place = places.nodes.get(element);
  if (place && isElementPlace(place)) return { path: pathOfPlace(places, place) };
  const runs = runsWithin(places, element);
  const [only] = runs;
  if (runs.length === 1 && only && only.from === 0 && only.to === only.parent.size - 1) {
    return { path: pathOfPlace(places, only.parent) };
  }
  if (runs.length === 0) return {};
  return { parts: runs.map((run) => ({ path: pathOfPlace(places, run.parent), from: run.from, to: run.to })) };
}

/** The page nodes a made element holds, outermost first, as runs of consecutive child nodes of one page element each. */
function runsWithin(places: PagePlaces, made: Element): { parent: ElementPlace; from: number; to: number }[] {
  const found: NodePlace[] = [];
  const collect = (parent: Node): void => {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      const place = places.nodes.get(child);
      if (place) found.push(place);
      else if (child.nodeType === ELEMENT_NODE) collect(child);
    }
  };
  collect(made);
  found.sort((a, b) => a.ordinal - b.ordinal);
  const runs: { parent: ElementPlace; from: number; to: number }[] = [];
  for (const place of found) {
    if (!place.parent) continue;
    const current = runs.at(-1);
    if (current && current.parent === place.parent && place.index === current.to + 1) current.to = place.index;
    else runs.push({ parent: place.parent, from: place.index, to: place.index });
  }
  return runs;
}

/** Gives `replacement` the place `original` had (an element re-made under another tag keeps its place). */
export function carryPlace(places: PagePlaces, original: Node, replacement: Node): void {
  const place = places.nodes.get(original);
  if (place) places.nodes.set(replacement, place);
}

/**
 * Readability keeps the page's HTML at its start and, when a pass finds too little text, parses that HTML back
 * into the page and tries again: every node is then a new one. `snapshotPlaces` notes the places of the nodes
 * under `root` in document order when the HTML is taken; `restorePlaces` hands them to the re-parsed nodes, element
 * for element (same count, same tags), and text for text within each element whose text children still line up
 * (serialising and parsing again merges neighbouring text nodes). A tree that does not line up keeps no places.
 */
export interface PlaceSnapshot {
  elements: { place: NodePlace | undefined; tag: string; texts: (NodePlace | undefined)[] }[];
}

export function snapshotPlaces(places: PagePlaces, root: Element): PlaceSnapshot {
  const elements: PlaceSnapshot['elements'] = [];
  for (const element of elementsIn(root)) {
    const texts: (NodePlace | undefined)[] = [];
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) texts.push(places.nodes.get(child));
    }
    elements.push({ place: places.nodes.get(element), tag: element.localName, texts });
  }
  return { elements };
}

export function restorePlaces(places: PagePlaces, root: Element, snapshot: PlaceSnapshot): boolean {
  const now = elementsIn(root);
  if (now.length !== snapshot.elements.length) return false;
  if (now.some((element, at) => snapshot.elements[at]?.tag !== element.localName)) return false;
  now.forEach((element, at) => {
    const before = snapshot.elements[at];
    if (!before) return;
    if (before.place) places.nodes.set(element, before.place);
    const texts: Node[] = [];
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) texts.push(child);
    }
    if (texts.length !== before.texts.length) return;
    texts.forEach((text, index) => {
      const place = before.texts[index];
      if (place) places.nodes.set(text, place);
    });
  });
  return true;
}

/** `root` and its descendant elements in document order. */
function elementsIn(root: Element): Element[] {
  return [root, ...elementsWithTags(root, ['*'])];
}

/** A tag name as a CSS identifier: characters outside [A-Za-z0-9_-] and non-ASCII are escaped. */
export function cssIdent(name: string): string {
  let out = '';
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    out += /[A-Za-z0-9_-]/.test(char) || code >= 0x80 ? char : `\\${code.toString(16)} `;
  }
  return /^(?:-?\d|--)/.test(out) ? `\\${(out.codePointAt(0) ?? 0).toString(16)} ${out.slice(1)}` : out;
}

/** The ordinals of the page nodes inside `root` (the article after extraction): what of the page ended up there. */
export function placesWithin(places: PagePlaces, root: Element): Set<number> {
  const within = new Set<number>();
  let node: Node | null = root;
  while (node) {
    const place = places.nodes.get(node);
    if (place) within.add(place.ordinal);
    if (node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) node = node.parentNode;
    node = node && node !== root ? node.nextSibling : null;
  }
  return within;
}
