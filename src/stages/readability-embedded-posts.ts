// A post the article quotes from a social network stays, whatever its wrapper's class says.
//
// News articles quote tweets: "a whole lot of people on Twitter pointed it out." and then the tweets, each the
// network's embed code, a `<blockquote class="twitter-tweet">` holding the post's text, its author and date. Sites
// wrap the embed in blocks of their own, whose classes often say what they are (`social-media-embed`), and two of
// Readability's passes then took the quoted posts away, leaving the sentence that announces them pointing at nothing:
// its first pass drops unseen any block whose class or id names `social` (meant for share bars), and its clean-up
// drops a block of low class weight ("media" weighs against it) when a fifth of its text is links, as a post's
// address, author and date are. Here, while Readability runs, the blocks that wrap quoted posts and hold little
// besides are taken for likely blocks in the first pass and weigh as the article's parts in the clean-up. A sidebar
// or a "follow us" box that also holds a tweet holds more than its posts and is judged as before. Instagram's and
// TikTok's embed codes hold no post text before their scripts run (a "View this post on Instagram" link), so they
// are left alone.
// Written against @mozilla/readability 0.6.0 (`REGEXPS.okMaybeItsACandidate`, read as `className + " " + id`).

import { closestMatching, elementsMatching } from './elements-by-tag.js';
import { markForReadability, patternWithMark } from './readability-marks.js';

interface LikelyInternals {
  REGEXPS: { okMaybeItsACandidate: RegExp } & Record<string, RegExp>;
}

/**
 * The embed code of a post on X (Twitter), which carries the post's text: its class in any case (`i`). As an
 * attribute test it needs no selector engine in either document mode (simple-selectors.ts); `.twitter-tweet`
 * ignores case only in quirks mode, and there only jsdom's engine answers it (compiled-selectors.ts).
 */
export const EMBEDDED_POST = 'blockquote[class~=twitter-tweet i]';
/** The class the wrappers kept wear while Readability runs; Readability's "maybe a candidate" pattern is given it. */
const MARK = 'declutter-quoted-embed';
/** A wrapper holds little besides its posts: at most this many characters of its own (a heading, a credit line). */
const MAX_OWN_CHARS = 200;

/**
 * Marks the blocks that wrap quoted posts and hold little else, from the post's parent up to the first block that
 * holds more, and makes one Readability instance's first pass keep them. Returns what takes the marks off again (from
 * the page and from the article Readability built).
 */
export function useEmbeddedPostsAsLikely(reader: object, document: Document): (article?: Element) => void {
  const wrappers = new Set<Element>();
  for (const post of document.body ? elementsMatching(document.body, EMBEDDED_POST) : []) {
    for (let wrapper = post.parentElement; wrapper && wrapper !== document.body; wrapper = wrapper.parentElement) {
      if (!holdsLittleButPosts(wrapper)) break;
      wrappers.add(wrapper);
    }
  }
  if (wrappers.size === 0) return () => undefined;
  const internals = reader as LikelyInternals;
  // REGEXPS is Readability's shared table: the instance gets its own copy, never the prototype's changed.
  internals.REGEXPS = {
    ...internals.REGEXPS,
    okMaybeItsACandidate: patternWithMark(internals.REGEXPS.okMaybeItsACandidate, MARK),
  };
  return markForReadability(wrappers, MARK);
}

/** Whether the element's text outside its embedded posts is short: it wraps them, it is not a box that also has one. */
function holdsLittleButPosts(element: Element): boolean {
  const posts = elementsMatching(element, EMBEDDED_POST).filter(
    (post) => !post.parentElement || closestMatching(post.parentElement, EMBEDDED_POST) === null,
  );
  const inPosts = posts.reduce((sum, post) => sum + textLength(post), 0);
  return textLength(element) - inPosts <= MAX_OWN_CHARS;
}

function textLength(node: Node): number {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

/**
 * Whether the element is a wrapper of quoted posts marked for this Readability run: conditional cleaning weighs it as
 * a block its class names as the article's (readability-class-weight.ts), since a post's links (its address, its
 * author, its date) make up a third of its text, over the share a block of lower weight may link.
 */
export function isQuotedPostWrapper(element: Element): boolean {
  return element.classList.contains(MARK);
}
