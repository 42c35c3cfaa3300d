// fold-caption: moves a caption's text onto its image (alt when empty, else title) and takes it out of the text.

import { FOLDED_CAPTION_ATTRIBUTE } from '../../markdown/image.js';
import type { CompiledRule } from '../compile-rules.js';
import { elementMeetsConditions, normalisedText } from '../conditions.js';
import { hasUsableSource } from '../content.js';
import { applicableSelector, forgetTokens, tokensOf } from '../selector-needs.js';
import type { RuleAction } from './action-types.js';
import { elementMatches, elementsMatching, elementsWithTags, firstMatching } from '../../stages/elements-by-tag.js';
import { dedupeKey, looseKey } from './dedupe.js';

/**
 * The most text a caption's container may hold besides its captions and images to count as one figure: a
 * caption and its image share a small wrapper, while a section of the article holding an image holds prose.
 */
const MAX_TEXT_BESIDE = 80;
/** How far up from the caption its image's container may be (figcaption → figure is one; span → p → div is two). */
const MAX_CONTAINER_LEVELS = 4;

/**
 * The share of the article's text above which its captions are the story and stay text: a slideshow page tells
 * its story in the slides' captions (a paragraph or two under each photo), and folded onto the images it would be
 * left with its headline. On the 680 pages of both bench sets one page's captions hold 84 % of its text, every
 * other page's 21 % or less.
 */
const STORY_IN_CAPTIONS_SHARE = 0.5;

const MEDIA = 'img, picture, video, audio, iframe, svg, canvas, object, embed';
/** A heading names what follows it (a recipe card's title under its photo), even when it repeats an alt. */
const HEADINGS = 'h1, h2, h3, h4, h5, h6';

/**
 * The image a caption belongs to: in the nearest container (a few levels up, inside the article) that holds a
 * usable image and little text besides the caption, the last such image before the caption, else the first after.
 * None when the nearest container with an image is a stretch of article prose: the caption then stays text.
 */
function imageFor(caption: Element, root: Element, captions: ReadonlySet<Element>): Element | undefined {
  let container = caption.parentElement;
  for (let level = 0; container && level < MAX_CONTAINER_LEVELS; level++) {
    const images = elementsWithTags(container, ['img']).filter(
      (image) => !caption.contains(image) && hasUsableSource(image),
    );
    if (images.length > 0) {
      if (textBeside(container, captions) > MAX_TEXT_BESIDE) return undefined;
      const before = images.filter((image) => image.compareDocumentPosition(caption) & 4 /* caption follows */);
      return before.at(-1) ?? images[0];
    }
    if (container === root) return undefined;
    container = container.parentElement;
  }
  return undefined;
}

/** Characters of text in `container` outside the caption elements. */
function textBeside(container: Element, captions: ReadonlySet<Element>): number {
  let length = normalisedText(container).length;
  for (const caption of captions) if (container.contains(caption)) length -= normalisedText(caption).length;
  return length;
}

/**
 * Caption candidates in document order: matches meeting the conditions (and `accept`, on their text) that hold no
 * media or heading (a wrapper around image and caption is not one; its own caption elements, further in, still are).
 */
function captionsIn(root: Element, rule: CompiledRule, accept: (text: string) => boolean): Element[] {
  if (rule.rule.selector === undefined) return [];
  const selector = applicableSelector(rule.selectorParts, tokensOf(root));
  if (selector === undefined) return [];
  const chosen: Element[] = [];
  for (const element of elementsMatching(root, selector)) {
    if (chosen.at(-1)?.contains(element)) continue; // outermost: a credit span inside a chosen caption goes with it
    // Text tests first: they rule out most elements without a selector query.
    const text = normalisedText(element);
    if (!text || !elementMeetsConditions(element, rule.when, text) || !accept(text)) continue;
    if (firstMatching(element, MEDIA) || elementMatches(element, HEADINGS) || firstMatching(element, HEADINGS))
      continue;
    chosen.push(element);
  }
  return chosen;
}

/**
 * True when the captions that have an image to fold onto hold most of the article's text (a slideshow): then
 * they are the story, not notes on its photos.
 */
function tellsTheStory(captions: readonly Element[], root: Element, marked: ReadonlySet<Element>): boolean {
  let captionChars = 0;
  for (const caption of captions) {
    if (caption !== root && imageFor(caption, root, marked)) captionChars += normalisedText(caption).length;
  }
  return captionChars > 0 && captionChars > STORY_IN_CAPTIONS_SHARE * normalisedText(root).length;
}

/** The comparison keys of the alt texts of the article's images that have one. */
function imageAltKeys(root: Element): string[] {
  return elementsWithTags(root, ['img'])
    .map((image) => dedupeKey(image.getAttribute('alt') ?? '', 'near'))
    .filter((key) => key !== '');
}

/**
 * The most a block may add to its image's alt text and still count as a copy of it: a credit or a place name
 * the credit pattern of dedupeKey does not know ("… Jane Doe for the Post"), never a clause of prose.
 */
const MAX_ADDED_KEY_CHARS = 30;
/** Shortest alt or caption key that may be found inside the other (shorter ones are words, not captions). */
const MIN_CONTAINED_KEY_CHARS = 12;

/**
 * True when `blockKey` repeats `altKey`: the same words; a part of the alt (the alt already carries every word
 * of it); or the alt with a short addition (a credit). Prose that merely opens with the alt's words ("The
 * glasshouse" then "The glasshouse stands at the end of the garden, …") adds a sentence and is no copy.
 */
function keysRepeat(blockKey: string, altKey: string): boolean {
  if (!blockKey || !altKey) return false;
  if (blockKey === altKey) return true;
  if (blockKey.length >= MIN_CONTAINED_KEY_CHARS && altKey.includes(blockKey)) return true;
  return (
    altKey.length >= MIN_CONTAINED_KEY_CHARS &&
    blockKey.includes(altKey) &&
    blockKey.length - altKey.length <= Math.min(MAX_ADDED_KEY_CHARS, altKey.length)
  );
}

/** True when the block's text repeats the image's alt text. */
function repeats(text: string, alt: string): boolean {
  return keysRepeat(dedupeKey(text, 'near'), dedupeKey(alt, 'near'));
}

/** True when `text` has words `existing` lacks (a caption that only repeats the alt adds nothing). */
function adds(text: string, existing: string): boolean {
  return !looseKey(existing).includes(looseKey(text));
}

/**
 * Adds caption text to the image: as the alt when it has none, otherwise as the title, and only what is new
 * (a caption repeating the alt word for word just goes; one that adds a credit becomes the title). The
 * caption's words are also kept on the image, once, for plain text, which shows no alt or title.
 */
function foldInto(image: Element, text: string): void {
  const folded = image.getAttribute(FOLDED_CAPTION_ATTRIBUTE);
  if (!folded) image.setAttribute(FOLDED_CAPTION_ATTRIBUTE, text);
  else if (adds(text, folded)) image.setAttribute(FOLDED_CAPTION_ATTRIBUTE, `${folded} ${text}`);
  const alt = (image.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
  if (!alt) {
    image.setAttribute('alt', text);
    return;
  }
  if (!adds(text, alt)) return;
  const title = (image.getAttribute('title') ?? '').replace(/\s+/g, ' ').trim();
  if (!title || !adds(title, alt) || !adds(title, text)) image.setAttribute('title', text);
  else if (adds(text, title)) image.setAttribute('title', `${title} ${text}`);
}

export const foldCaptionAction: RuleAction = {
  name: 'fold-caption',
  phases: ['post'],
  applyToDom(root, rule, record) {
    const altCopyOnly = rule.rule.altCopyOnly === true;
    // Alt copies are found by their text, not their markup: only blocks repeating some image's alt qualify.
    const altKeys = altCopyOnly ? imageAltKeys(root) : [];
    if (altCopyOnly && altKeys.length === 0) return;
    const captions = captionsIn(root, rule, (text) => {
      if (!altCopyOnly) return true;
      const key = dedupeKey(text, 'near');
      return altKeys.some((altKey) => keysRepeat(key, altKey));
    });
    const marked = new Set(captions);
    if (!altCopyOnly && tellsTheStory(captions, root, marked)) return;
    let folded = false;
    for (const caption of captions) {
      if (caption === root || !root.contains(caption)) continue;
      // Marked captions of one figure (caption and credit) do not count as text beside each other; an alt copy
      // is found among ordinary blocks, so only its own text is discounted.
      const image = imageFor(caption, root, altCopyOnly ? new Set([caption]) : marked);
      if (!image) continue;
      const text = normalisedText(caption);
      if (altCopyOnly && !repeats(text, image.getAttribute('alt') ?? '')) continue;
      foldInto(image, text);
      folded = true;
      record({ element: caption });
      caption.remove();
      marked.delete(caption);
    }
    // The images may carry alt and title attributes they had nowhere before, which later rules select on.
    if (folded) forgetTokens(root);
  },
};
