// Puts back a lead figure Readability left out: the photo and caption standing just before the text it chose.
//
// News and blog themes set the lead photo in a <figure> (or a small wrapper) between the headline and the text
// container. Readability scores the container's paragraphs, takes the container and judges its siblings by their
// own score, which a figure does not have: the photo goes. Before Readability runs, each figure-like holder of a
// content image is copied with the text that follows it; afterwards, the one whose following text is where the
// article begins goes back in front of the article's first paragraph.

import { dedupeKey, looseKey } from '../rules/actions/dedupe.js';
import { normalisedText } from '../rules/conditions.js';
import { isContentImage } from '../rules/content.js';
import { closestMatching, elementsMatching, elementsWithTags, firstMatching } from './elements-by-tag.js';

export interface LeadFigureCandidate {
  /** A copy of the figure as it was before Readability changed the page. */
  figure: Element;
  /** The start of the text that follows the figure in the page (whitespace collapsed). */
  textAfter: string;
  /** The image's source as an absolute URL, to tell whether the article already has it. */
  source: string;
}

/** How many images, from the top of the page, may be a lead figure: the lead photo comes before the text. */
const MAX_IMAGES_LOOKED_AT = 12;
/** The most caption text a lead figure's wrapper may hold (a caption and a credit, not a teaser's standfirst). */
const MAX_FIGURE_TEXT = 400;
/** Elements whose text is not the page's. */
const NOT_TEXT = /^(?:SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/;
/** How much of the following text must match the start of the article (all of it when the article is shorter)… */
const MATCH_CHARS = 60;
/** …but never less than this. */
const MIN_MATCH_CHARS = 20;

/** A visible content image with the figure-like holder that stands for it, and that holder's text (its caption). */
export interface ImageHolder {
  image: Element;
  figure: Element;
  caption: string;
}

/**
 * The first `limit` images of the page that are content, visible, and held by a figure-like holder with no heading
 * in it (a heading makes it a section or a teaser card) and no more than a caption's worth of text.
 */
export function* contentImageHolders(body: Element, limit: number): Generator<ImageHolder> {
  for (const image of elementsWithTags(body, ['img']).slice(0, limit)) {
    if (!isContentImage(image) || closestMatching(image, '[hidden], [aria-hidden="true"]')) continue;
    const figure = holderOf(image, body);
    if (!figure || firstMatching(figure, 'h1, h2, h3, h4, h5, h6')) continue;
    const caption = normalisedText(figure);
    if (caption.length > MAX_FIGURE_TEXT) continue;
    yield { image, figure, caption };
  }
}

/** Figure-like holders of content images near the top of the page, each with the text that follows it. */
export function findLeadFigures(document: Document): LeadFigureCandidate[] {
  const body = document.body as HTMLElement | null;
  if (!body) return [];
  const candidates: LeadFigureCandidate[] = [];
  for (const { image, figure, caption } of contentImageHolders(body, MAX_IMAGES_LOOKED_AT)) {
    // A figure by its markup, or an image with a caption beside it: a picture alone is as likely a header or a badge.
    if (figure.tagName !== 'FIGURE' && caption.length === 0) continue;
    const source = absoluteSource(image);
    if (candidates.some((candidate) => candidate.source === source)) continue;
    const textAfter = followingText(figure, MATCH_CHARS);
    if (!textAfter) continue;
    candidates.push({ figure: figure.cloneNode(true) as Element, textAfter, source });
  }
  return candidates;
}

/**
 * An image's `src` resolved against its document's base URL. Readability makes the article's sources absolute, so
 * a page's "/img/a.jpg" is "https://site/img/a.jpg" in the article: compared as written, a lead photo the article
 * already showed was put back a second time.
 */
function absoluteSource(image: Element): string {
  const source = image.getAttribute('src') ?? '';
  try {
    return new URL(source, image.ownerDocument.baseURI).href;
  } catch {
    return source;
  }
}

/**
 * The element that stands for the image in the flow of the page: its <figure>, else the outermost wrapper holding
 * this one image and nothing but a caption's worth of text (a `div.lead-image` with a caption paragraph).
 */
function holderOf(image: Element, body: Element): Element | undefined {
  const figure = closestMatching(image, 'figure');
  if (figure && figure !== body && body.contains(figure)) return figure;
  let holder: Element = image;
  for (let parent = image.parentElement; parent && parent !== body; parent = parent.parentElement) {
    if (/^(?:ARTICLE|MAIN|SECTION|BODY|TD|LI)$/.test(parent.tagName)) break;
    if (parent.getElementsByTagName('img').length > 1 || firstMatching(parent, 'p ~ p, h1, h2, h3, h4, h5, h6')) break;
    if (normalisedText(parent).length > MAX_FIGURE_TEXT) break;
    holder = parent;
  }
  return holder === image ? undefined : holder;
}

/** The first `limit` characters of text after `element` in document order, whitespace collapsed. */
export function followingText(element: Element, limit: number): string {
  let text = '';
  for (let node = nextOutside(element); node && text.length < limit * 2; node = nextInOrder(node)) {
    if (node.nodeType === 3 /* Node.TEXT_NODE */) text += node.textContent ?? '';
    else if (node.nodeType === 1 && NOT_TEXT.test((node as Element).tagName)) {
      node = lastDescendant(node);
    }
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, limit);
}

/** The last `limit` characters of text before `element` in document order, without whitespace. */
export function precedingText(element: Element, limit: number): string {
  let text = '';
  for (let node = previousInOrder(element); node && text.length < limit; node = previousInOrder(node)) {
    if (node.nodeType === 3 /* Node.TEXT_NODE */) text = (node.textContent ?? '').replace(/\s+/g, '') + text;
  }
  return text.slice(-limit);
}

/** The node before `node` in document order (the deepest last descendant of its previous sibling, or its parent). */
function previousInOrder(node: Node): Node | null {
  const previous = node.previousSibling;
  if (!previous) return node.parentNode;
  let last = previous;
  // Not into scripts and the like: their text is not the page's.
  while (last.lastChild && !(last.nodeType === 1 && NOT_TEXT.test((last as Element).tagName))) last = last.lastChild;
  return last;
}

function nextInOrder(node: Node): Node | null {
  return node.firstChild ?? nextOutside(node);
}

function nextOutside(node: Node): Node | null {
  for (let current: Node | null = node; current; current = current.parentNode) {
    if (current.nextSibling) return current.nextSibling;
  }
  return null;
}

function lastDescendant(node: Node): Node {
  let last = node;
  while (last.lastChild) last = last.lastChild;
  return last;
}

/**
 * Puts the candidate whose following text is where the article begins in front of the article's first block,
 * unless the article already shows its image. Returns the figure put back, if any.
 */
export function restoreLeadFigure(content: Element, candidates: readonly LeadFigureCandidate[]): Element | undefined {
  if (candidates.length === 0) return undefined;
  const start = normalisedText(content).slice(0, MATCH_CHARS);
  // A short article matches on what it has, but never on a word or two.
  if (start.length < Math.min(MATCH_CHARS, MIN_MATCH_CHARS)) return undefined;
  const lead = candidates.find((candidate) => candidate.textAfter.startsWith(start));
  if (!lead) return undefined;
  const shown = elementsWithTags(content, ['img']).some((image) => absoluteSource(image) === lead.source);
  if (shown) return undefined;
  const first = firstBlock(content);
  if (!first?.parentNode) return undefined;
  dropRepeatedCaptions(lead.figure, normalisedText(first));
  first.parentNode.insertBefore(lead.figure, first);
  return lead.figure;
}

/**
 * Some sites caption the lead photo with the story's first sentence. The paragraph is the article, the caption its
 * copy: the copy goes, so caption rules never take the paragraph for the duplicate.
 */
function dropRepeatedCaptions(figure: Element, firstText: string): void {
  const paragraphKey = looseKey(firstText);
  for (const caption of elementsMatching(figure, 'figcaption, p, div, span')) {
    if (firstMatching(caption, 'img, picture') || !figure.contains(caption)) continue;
    const key = dedupeKey(normalisedText(caption), 'near');
    if (key.length >= MIN_MATCH_CHARS && paragraphKey.includes(key)) caption.remove();
  }
}

/** Wrappers the first block may sit in; any other element holding the first text is that block. */
const WRAPPERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER']);

/** The block holding the article's first text, below the article root (none when that text sits loose in it). */
function firstBlock(content: Element): Element | undefined {
  let current = content;
  for (;;) {
    let next: Element | undefined;
    for (const child of current.childNodes) {
      if (child.nodeType === 3 && (child.textContent ?? '').trim()) return current === content ? undefined : current;
      if (child.nodeType === 1 && normalisedText(child)) {
        next = child as Element;
        break;
      }
    }
    if (!next) return current === content ? undefined : current;
    if (!WRAPPERS.has(next.tagName)) return next;
    current = next;
  }
}
