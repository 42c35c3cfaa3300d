// Readability's class weighting, with classes that only qualify "hidden" or name a layout no longer read as clutter.
//
// Readability weighs an element by words in its class and id: -25 when they match its "negative"
// pattern, whose words include `hidden` anywhere in the string. Conditional cleaning then removes any
// block whose weight is below zero, whatever it holds. But a class that merely contains the word mostly
// says something else: Drupal marks every body field `field--label-hidden` (its *label* is hidden),
// Tailwind's `overflow-hidden` clips overflow, Bootstrap's `hidden-xs` / `hidden-print` hide on phones
// or paper only. On such pages the article body went as clutter, leaving the lead and the comment count.
// Here, while Readability cleans conditionally, a class token that is `hidden` joined to other words
// counts as if it were not there. A token that is just `hidden` (or `hid`), or that says its element is
// hidden (`is-hidden`, `js-hidden`, `u-hidden`, `visually-hidden`), still weighs, and every other word
// of the pattern is untouched. (Hiding attributes are read by Readability's visibility check anyway.)
//
// Two more words of the pattern also name layouts that hold article text. `media`, meant for social-media bars and
// media players, names the media object, the commonest layout of a picture beside its text (Bootstrap's `media` /
// `media-body`, BEM's `o-media__body`), in which CMS templates set whole stretches of an article: such a class on a
// block that holds article content (a paragraph of prose, a content image, a data table: a Drupal `media--image`
// is the article's photo) counts as if it were not there, and on a block without (a player, a thumbnail card, a
// social-media bar) it still weighs. `widget`, meant for a sidebar's boxes, names every block the Elementor page
// builder lays out, each paragraph and photo of a post included (`elementor-widget elementor-widget-text-editor` >
// `elementor-widget-container`): its frame classes and those of its text, heading and picture blocks count as if
// they were not there; a block's other type still weighs (`elementor-widget-posts`, `elementor-widget-nav-menu`), as
// do a sidebar's own classes (`widget`, `widget_text`).
// A block that wraps the posts an article quotes weighs as a block named as the article's own, whatever its class
// says (readability-embedded-posts.ts).
// Written against @mozilla/readability 0.6.0 (`_getClassWeight`); check it when upgrading.

import { contentIn } from '../rules/content.js';
import { isQuotedPostWrapper } from './readability-embedded-posts.js';

interface ClassWeightInternals {
  _getClassWeight: (element: Element) => number;
  _cleanConditionally: (element: Element, tag: string) => void;
  _flagIsActive: (flag: number) => boolean;
  FLAG_WEIGHT_CLASSES: number;
  REGEXPS: { positive: RegExp; negative: RegExp };
}

/** A class token holding "hidden" with other words: `field--label-hidden`, `overflow-hidden`, `hidden-xs`. */
const QUALIFIED_HIDDEN = /^(?=.*hidden)(?!hidden$).+$/i;

/** …unless those words only say that the element itself is hidden: `is-hidden`, `visually-hidden`, `visuallyhidden`. */
const STATE_HIDDEN = /^(?:is|js|u|ui|state|visually|sr|screen-reader)[-_]*hidden$/i;

/**
 * Layout class tokens holding one of Readability's clutter words, for blocks that hold article content: any token
 * holding `media` but social media's (the media object's `media-body`, `o-media__body`, a CMS's `accordion-media`).
 */
const LAYOUT_TOKEN = /^(?!.*social).*media/i;
/**
 * Elementor's classes for the frame of every block it lays out and for its blocks of text, headings and pictures:
 * layout whatever the block holds (a block's own type, `elementor-widget-posts`, `elementor-widget-nav-menu`,
 * still weighs).
 */
const BUILDER_TOKEN =
  /^elementor-widget(?:-(?:container|wrap|text-editor|theme-post-content|heading|image|theme-post-featured-image))?$/i;
/** A class string that may hold a layout token: the cheap test before its tokens are read. */
const LAYOUT_WORD = /media|elementor-widget/i;

/**
 * Installs the weighting on one Readability instance, for conditional cleaning only: scoring keeps
 * Readability's own weights, so the container it picks is the one it picked before (a body field
 * scored up would be picked alone, without the lead and header image beside it).
 */
export function useQualifiedHiddenClasses(reader: object): void {
  const internals = reader as ClassWeightInternals;
  const ownWeight = internals._getClassWeight.bind(internals);
  const ownClean = internals._cleanConditionally.bind(internals);
  let cleaning = false;
  internals._cleanConditionally = (element, tag) => {
    cleaning = true;
    try {
      ownClean(element, tag);
    } finally {
      cleaning = false;
    }
  };
  internals._getClassWeight = (element) => {
    if (!cleaning) return ownWeight(element);
    if (!internals._flagIsActive(internals.FLAG_WEIGHT_CLASSES)) return 0;
    if (isQuotedPostWrapper(element)) return 25;
    const { positive, negative } = internals.REGEXPS;
    let weight = 0;
    const className = typeof element.className === 'string' ? element.className : '';
    if (className !== '') {
      if (negative.test(cleaningClassName(element, className))) weight -= 25;
      if (positive.test(className)) weight += 25;
    }
    const id = typeof element.id === 'string' ? element.id : '';
    if (id !== '') {
      if (negative.test(id)) weight -= 25;
      if (positive.test(id)) weight += 25;
    }
    return weight;
  };
}

/**
 * The class string without its qualified-hidden tokens, without Elementor's frame and text-block tokens, and without its
 * media tokens when the element holds article content (unchanged, so as cheap as before, when it has none of the words).
 */
function cleaningClassName(element: Element, className: string): string {
  const hidden = /hidden/i.test(className);
  const layout = LAYOUT_WORD.test(className);
  if (!hidden && !layout) return className;
  let tokens = className.split(/\s+/);
  if (hidden) tokens = tokens.filter((token) => !QUALIFIED_HIDDEN.test(token) || STATE_HIDDEN.test(token));
  if (layout) tokens = tokens.filter((token) => !BUILDER_TOKEN.test(token));
  if (layout && tokens.some((token) => LAYOUT_TOKEN.test(token)) && contentIn(element) !== undefined)
    tokens = tokens.filter((token) => !LAYOUT_TOKEN.test(token));
  return tokens.join(' ');
}
