// What counts as article content for the removal guard: an element holding any of it is not clutter.

import { linkDensity, normalisedText } from './conditions.js';
import { childElements, closestMatching, elementsWithTags, firstMatching } from '../stages/elements-by-tag.js';

/** Image sources a converter can show; a placeholder `data:` URL or none at all shows nothing. */
const SOURCE_ATTRIBUTES = ['src', 'data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-hi-res-src'];
const SRCSET_ATTRIBUTES = ['srcset', 'data-srcset', 'data-lazy-srcset'];

/** True when the image has a source the Markdown can show (not a `data:` placeholder). */
export function hasUsableSource(image: Element): boolean {
  const usable = (value: string | null): boolean => value !== null && value.trim() !== '' && !/^\s*data:/i.test(value);
  if (SOURCE_ATTRIBUTES.some((name) => usable(image.getAttribute(name)))) return true;
  if (SRCSET_ATTRIBUTES.some((name) => usable(image.getAttribute(name)))) return true;
  const picture = image.parentElement;
  return (
    picture?.tagName === 'PICTURE' &&
    childElements(picture).some((child) => child.tagName === 'SOURCE' && usable(child.getAttribute('srcset')))
  );
}

/** Images declared smaller than this (either side, in pixels) are icons, avatars, badges or spacers. */
const MIN_CONTENT_IMAGE_PX = 100;
/** An image whose file name, class or alt text says it is page furniture. */
const FURNITURE = /(?:^|[^a-z])(?:logo|icon|avatar|sprite|badge|spacer|blank|emoji)s?(?:[^a-z]|$)/i;
/**
 * The data-* attributes a lightbox's script reads the full-size photo from, its `href` then being a page that renders
 * the photo, or `#` (parse.ts keeps them on links).
 */
export const LIGHTBOX_TARGET_ATTRIBUTES: readonly string[] = ['data-href', 'data-src', 'data-full'];
/** Where a link names what it opens. */
const LINK_TARGETS = ['href', ...LIGHTBOX_TARGET_ATTRIBUTES];
/** A link to an image file (the photo at full size) keeps its picture content; a link to a page does not. */
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|svg|tiff?|bmp)(?:[?#]|$)/i;

/**
 * A photo, chart or drawing of the article: a showable image not declared icon-sized, not named a logo or icon,
 * and not the picture of a link to another page (a share button's icon, a teaser's thumbnail).
 */
export function isContentImage(image: Element): boolean {
  if (!hasUsableSource(image)) return false;
  const names = [image.getAttribute('src'), image.getAttribute('class'), image.getAttribute('alt')];
  if (names.some((name) => name !== null && FURNITURE.test(name))) return false;
  for (const name of ['width', 'height']) {
    const value = image.getAttribute(name);
    if (
      value !== null &&
      /^\s*\d+(?:\.\d+)?\s*(?:px)?\s*$/i.test(value) &&
      Number.parseFloat(value) < MIN_CONTENT_IMAGE_PX
    ) {
      return false;
    }
  }
  const link = closestMatching(image, 'a[href]');
  return !link || LINK_TARGETS.some((name) => IMAGE_FILE.test(link.getAttribute(name) ?? ''));
}

/** Shortest text that may be a paragraph of prose, and the most of it that may sit in links. */
const MIN_PROSE_CHARS = 120;
const MAX_PROSE_LINK_DENSITY = 0.3;
/** A sentence ends, and another starts after it: two sentences at least. */
const SENTENCE_BREAK = /[.!?…。！？]["”’»)]?\s+["“„«(]?[\p{Lu}\p{N}]/u;
const SENTENCE_END = /[.!?…。！？]["”’»)]?$/u;

/** Shortest text that may be a sentence of the article rather than a label. */
const MIN_SENTENCE_CHARS = 30;

/** A paragraph that reads as a sentence of the article: ending like one, mostly not links. */
export function isSentence(paragraph: Element): boolean {
  const text = normalisedText(paragraph);
  if (text.length < MIN_SENTENCE_CHARS || !SENTENCE_END.test(text)) return false;
  return linkDensity(paragraph, text) <= MAX_PROSE_LINK_DENSITY;
}

/** A paragraph of the article's prose: two sentences or more, ending like one, mostly not links. */
export function isProse(paragraph: Element): boolean {
  const text = normalisedText(paragraph);
  if (text.length < MIN_PROSE_CHARS || !SENTENCE_END.test(text) || !SENTENCE_BREAK.test(text)) return false;
  return linkDensity(paragraph, text) <= MAX_PROSE_LINK_DENSITY;
}

/** The longest mean cell text of a data table: an infobox's "Population | 4,812", not a navigation box's link lists. */
const MAX_DATA_CELL_CHARS = 60;

/**
 * A table of data (an infobox, a table of figures): header cells, two rows or more of two cells or more, and short
 * cells on average. Not a layout grid (nested tables, role=presentation) nor a box of link lists beside headers.
 */
export function isDataTable(table: Element): boolean {
  const role = table.getAttribute('role');
  if (role === 'presentation' || role === 'none') return false;
  if (!firstMatching(table, 'th') || firstMatching(table, 'table')) return false;
  let rows = 0;
  let cells = 0;
  let characters = 0;
  for (const row of elementsWithTags(table, ['tr'])) {
    const rowCells = childElements(row).filter((cell) => cell.tagName === 'TD' || cell.tagName === 'TH');
    if (rowCells.length < 2) continue;
    rows += 1;
    cells += rowCells.length;
    for (const cell of rowCells) characters += normalisedText(cell).length;
  }
  return rows >= 2 && characters / cells <= MAX_DATA_CELL_CHARS;
}

/**
 * What an element holding article content holds: a content image (in a figure or not), a data table, prose, or a
 * link to a sound or video file (a podcast's episode, which the Markdown can only offer as that link).
 */
export type ContentKind = 'image' | 'table' | 'prose' | 'media';

/** A sound or video file a link may lead to: the episode or the film itself, not a page about it. */
const MEDIA_FILE = /\.(?:mp3|m4a|aac|ogg|oga|opus|wav|flac|mp4|m4v|webm|mov)(?:[?#]|$)/i;

/** True when `element` is or holds a link to a sound or video file. */
function holdsMediaLink(element: Element): boolean {
  if (element.tagName === 'A') return MEDIA_FILE.test(element.getAttribute('href') ?? '');
  for (const link of elementsWithTags(element, ['a']))
    if (MEDIA_FILE.test(link.getAttribute('href') ?? '')) return true;
  return false;
}

/**
 * True when `element` sits inside a paragraph of prose: taking it out would cut words from a sentence ("you can
 * <a>sign up</a> on the agency's website" is no "Sign up" button).
 */
export function isWithinProse(element: Element): boolean {
  const paragraph = element.parentElement ? closestMatching(element.parentElement, 'p') : null;
  return paragraph !== null && paragraph !== undefined && isProse(paragraph);
}

/**
 * The kind of article content `element` is or holds, if any: a content image first, then a data table, then a
 * paragraph of prose, then a link to a sound or video file.
 */
export function contentIn(element: Element): ContentKind | undefined {
  if (element.tagName === 'IMG') return isContentImage(element) ? 'image' : undefined;
  for (const image of elementsWithTags(element, ['img'])) if (isContentImage(image)) return 'image';
  if (element.tagName === 'TABLE' && isDataTable(element)) return 'table';
  for (const table of elementsWithTags(element, ['table'])) if (isDataTable(table)) return 'table';
  if (holdsProse(element)) return 'prose';
  return holdsMediaLink(element) ? 'media' : undefined;
}

/** True when `element` is or holds a paragraph of prose. */
export function holdsProse(element: Element): boolean {
  if (element.tagName === 'P') return isProse(element);
  for (const paragraph of elementsWithTags(element, ['p'])) if (isProse(paragraph)) return true;
  return false;
}
