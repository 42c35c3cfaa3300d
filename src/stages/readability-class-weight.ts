// Readability's class weighting, with classes that only qualify "hidden" no longer read as hidden.
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
// The same goes for `media`, another word of the pattern: meant for social-media bars and media players, it also
// names the media object, the commonest layout of a picture beside its text (Bootstrap's `media` / `media-body`,
// BEM's `o-media__body`), in which CMS templates set whole stretches of an article. A media-object class on a
// block that holds a paragraph of prose counts as if it were not there; on a block without prose (a player, a
// thumbnail card) it still weighs.
// Written against @mozilla/readability 0.6.0 (`_getClassWeight`); check it when upgrading.

import { isProse } from '../rules/content.js';

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

/** The media object's own class tokens: `media`, `media-body`, `media__body`, `o-media`, `c-media--left`. */
const MEDIA_OBJECT = /^(?:[a-z]-)?media(?:(?:-|__)(?:body|content|text|left|right))?(?:--[a-z0-9-]+)?$/i;

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
 * The class string without its qualified-hidden tokens, and without its media-object tokens when the element holds
 * prose (unchanged, so as cheap as before, when it has neither word).
 */
function cleaningClassName(element: Element, className: string): string {
  const hidden = /hidden/i.test(className);
  const media = /media/i.test(className);
  if (!hidden && !media) return className;
  let tokens = className.split(/\s+/);
  if (hidden) tokens = tokens.filter((token) => !QUALIFIED_HIDDEN.test(token) || STATE_HIDDEN.test(token));
  if (media && tokens.some((token) => MEDIA_OBJECT.test(token)) && holdsProse(element))
    tokens = tokens.filter((token) => !MEDIA_OBJECT.test(token));
  return tokens.join(' ');
}

function holdsProse(element: Element): boolean {
  for (const paragraph of element.getElementsByTagName('p')) if (isProse(paragraph)) return true;
  return false;
}
