// Puts back a photo Readability left out between two blocks it took: a figure standing on its own between two
// sections of the article.
//
// Page builders set each part of a story in a section of its own: text, then a photo, then text again. Readability
// takes the text sections (they score) and judges the photo's section by its own score, which it does not have: the
// photo goes, though the text on both sides of it is in the article. Before Readability runs, each figure-like holder
// of a content image is copied with the text just before and just after it; afterwards, one whose two texts meet in
// the article (nothing of the figure between them) goes back where they meet.

import { normalisedText } from '../rules/conditions.js';
import { contentImageHolders, followingText, precedingText } from './lead-figure.js';
import { namedUnlikely as readabilityNamesUnlikely } from './readability-unlikely.js';
import { elementsWithTags } from './elements-by-tag.js';

export interface InnerFigureCandidate {
  /** A copy of the figure as it was before Readability changed the page. */
  figure: Element;
  /** The end of the text before the figure and the start of the text after it, without whitespace. */
  before: string;
  after: string;
  /** The image's file names and alt text, to tell whether the article already shows it. */
  names: string[];
}

/** How many images a page's figures are looked for among: a gallery's hundreds are not one story's photos. */
const MAX_IMAGES_LOOKED_AT = 100;
/** How much text on each side of the figure must meet in the article (whitespace left out). */
const CONTEXT_CHARS = 40;
const WHITESPACE = /\s+/g;
/** Names of what stands beside a story and is not part of it (Readability's list of unlikely names lacks them). */
const NOT_STORY = /share|sharing|social|promo|teaser|advert/i;
/** A figure's text that says it is a script's widget, not a photo. */
const NOT_A_PHOTO = /\bjavascript\b/i;
/**
 * The file name of a lazy image's stand-in until a script loads the photo: named a placeholder, or a small graphic
 * named a spacer, a blank or a pixel (a photo of a phone called Pixel is a JPEG).
 */
const STAND_IN =
  /placeholder|lazy-?load|^(?:spacer|blank|empty|transparent|pixel|loading|1x1)[\w-]*\.(?:gif|png|svg|webp)$/i;
/** Where an image names its file: its source, the lazy-loading copies of it, and its source sets. */
const SOURCE_ATTRIBUTES = ['src', 'data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-hi-res-src'];
const SRCSET_ATTRIBUTES = ['srcset', 'data-srcset', 'data-lazy-srcset'];

/** Figure-like holders of content images with text on both sides, copied before Readability runs. */
export function findInnerFigures(document: Document): InnerFigureCandidate[] {
  const body = document.body as HTMLElement | null;
  if (!body) return [];
  const found: InnerFigureCandidate[] = [];
  const holders = new Set<Element>();
  for (const { image, figure, caption } of contentImageHolders(body, MAX_IMAGES_LOOKED_AT)) {
    // One figure once, however many images (a picture's fallbacks, a lazy image's copy) it holds.
    if (holders.has(figure)) continue;
    holders.add(figure);
    // A name Readability strips unseen (an ad, a banner), or a share button's, a promotion's, a teaser's.
    if (namedUnlikely(slotOf(image, figure))) continue;
    // A photo of the story has words: a caption, or at least an alt text (a spacer, a badge or a teaser has none);
    // a lightbox's "×" is no caption, and a script's widget says it needs JavaScript.
    if (NOT_A_PHOTO.test(caption)) continue;
    if (!/\p{L}/u.test(caption) && !(image.getAttribute('alt') ?? '').trim()) continue;
    const after = followingText(figure, CONTEXT_CHARS * 2)
      .replace(WHITESPACE, '')
      .slice(0, CONTEXT_CHARS);
    const before = precedingText(figure, CONTEXT_CHARS);
    if (after.length < CONTEXT_CHARS || before.length < CONTEXT_CHARS) continue;
    const names = imageNames(figure);
    // A lazy image whose only source is its stand-in: the photo itself is not in the page.
    if (!names.some((name) => !name.startsWith('alt:') && !STAND_IN.test(name))) continue;
    found.push({ figure: figure.cloneNode(true) as Element, before, after, names });
  }
  // Several figures between the same two texts (a slider, a phone and a desktop copy): which one belongs there is
  // not known, so none goes back.
  const between = (candidate: InnerFigureCandidate): string => `${candidate.before}\u0000${candidate.after}`;
  const counts = new Map<string, number>();
  for (const candidate of found) counts.set(between(candidate), (counts.get(between(candidate)) ?? 0) + 1);
  return found.filter((candidate) => counts.get(between(candidate)) === 1);
}

/** The image, the elements up to its figure, and the wrappers around that holding nothing else: its slot. */
function slotOf(image: Element, figure: Element): Element[] {
  const slot = [image];
  for (let parent = image.parentElement; parent && parent !== figure; parent = parent.parentElement) slot.push(parent);
  slot.push(figure);
  const length = normalisedText(figure).length;
  for (let parent = figure.parentElement; parent && parent.localName !== 'body'; parent = parent.parentElement) {
    if (normalisedText(parent).length !== length) break;
    slot.push(parent);
  }
  return slot;
}

/**
 * Whether an element names itself something Readability strips unseen (an ad, a banner, a sponsor's box) or a
 * control or a pitch beside the story: a share button, a promotion, a teaser.
 */
function namedUnlikely(elements: readonly Element[]): boolean {
  return elements.some(
    (element) =>
      readabilityNamesUnlikely(element) || NOT_STORY.test(`${element.getAttribute('class') ?? ''} ${element.id}`),
  );
}

/** The file names of the images in `element` (from every source attribute) and their alt texts. */
function imageNames(element: Element): string[] {
  const names: string[] = [];
  for (const image of elementsWithTags(element, ['img'])) {
    const alt = (image.getAttribute('alt') ?? '').trim();
    if (alt) names.push(`alt:${alt}`);
    const urls = SOURCE_ATTRIBUTES.map((name) => image.getAttribute(name) ?? '');
    for (const name of SRCSET_ATTRIBUTES) {
      for (const entry of (image.getAttribute(name) ?? '').split(',')) urls.push(entry.trim().split(/\s+/)[0] ?? '');
    }
    for (const url of urls) {
      if (!url || url.startsWith('data:')) continue;
      const file = url.split(/[?#]/)[0]?.split('/').pop();
      if (file) names.push(file);
    }
  }
  return names;
}

/**
 * Puts each candidate whose text before and text after meet in the article, with nothing between them, back where
 * they meet: before the outermost block that starts there. A figure whose image the article shows stays out.
 */
export function restoreInnerFigures(content: Element, candidates: readonly InnerFigureCandidate[]): void {
  if (candidates.length === 0) return;
  const shown = new Set(imageNames(content));
  const waiting = candidates.filter((candidate) => !candidate.names.some((name) => shown.has(name)));
  if (waiting.length === 0) return;
  // The article's text without whitespace, and where each text node starts in it.
  const starts = new Map<number, Node>();
  let text = '';
  const walker = content.ownerDocument.createTreeWalker(content, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = (node.textContent ?? '').replace(WHITESPACE, '');
    if (data === '') continue;
    if (!starts.has(text.length)) starts.set(text.length, node);
    text += data;
  }
  // The text searched stays the article's as Readability gave it: a caption put back is not between later texts.
  for (const candidate of waiting) {
    const at = text.indexOf(candidate.before + candidate.after);
    if (at < 0) continue;
    const starting = starts.get(at + candidate.before.length);
    if (!starting) continue;
    const block = outermostStartingAt(starting, content);
    block.parentNode?.insertBefore(candidate.figure, block);
  }
}

/** The highest ancestor of the text node `node` below `root` whose text starts with it. */
function outermostStartingAt(node: Node, root: Element): Node {
  let current = node;
  for (let parent = current.parentNode; parent && parent !== root; parent = parent.parentNode) {
    if (firstTextNode(parent, root.ownerDocument) !== node) break;
    current = parent;
  }
  return current;
}

function firstTextNode(node: Node, document: Document): Node | null {
  const walker = document.createTreeWalker(node, 4 /* NodeFilter.SHOW_TEXT */);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if ((text.textContent ?? '').trim() !== '') return text;
  }
  return null;
}
