// The title heading: added once on top, and a heading in the body that repeats it is folded into it.

import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { oneLineWithoutControls } from './controls.js';

// Only the opening of the article is searched for a repeat of the title: a kicker, a byline or a
// lead image may come before it, body text may not.
const LEADING_NODES = 6;
const SHORT_TEXT = 200;
// Separators sites put between a headline and their name: "Headline | Site", "Site - Headline".
// Not ':' — "Topic: the rest of the headline" is a headline, not a site name.
const SEPARATOR = /^\s*[|\-–—·•»/]\s*\S/;

/**
 * Puts `title` on top as a level-1 heading. When one of the first blocks is a heading saying the
 * same (ignoring case, whitespace, quotes style and a site name after a separator), that heading is
 * removed so the title appears once, and the shorter of the two wordings is kept; a plain paragraph
 * there that says exactly the title goes too. With
 * `insert: false` (`--no-title`) the repeat is still removed and no heading is added: the title is
 * left out, not left in the body's wording.
 */
export function addTitleHeading(tree: Root, title: string | undefined, options: { insert: boolean }): void {
  const wanted = title === undefined ? undefined : oneLineWithoutControls(title);
  if (!wanted) return;
  let text = wanted;
  for (const [index, node] of tree.children.slice(0, LEADING_NODES).entries()) {
    if (node.type === 'heading') {
      const repeated = matchTitle(toString(node, { includeImageAlt: false }), wanted);
      if (repeated !== undefined) {
        tree.children.splice(index, 1);
        text = repeated;
      }
      break;
    }
    // A headline the page printed as a plain block (a styled <div> or <p>, not a heading) repeats the title word
    // for word: it goes, as a repeating heading does. Only an exact repeat: a paragraph is never cut by affixes.
    if (node.type === 'paragraph' && normalise(toString(node, { includeImageAlt: false })) === normalise(wanted)) {
      tree.children.splice(index, 1);
      break;
    }
    if (!isShortLeadBlock(node)) break;
  }
  if (!options.insert) return;
  const heading: Heading = { type: 'heading', depth: 1, children: [{ type: 'text', value: text }] };
  tree.children.unshift(heading);
}

/** The wording to keep when `heading` repeats `title`, or `undefined` when it does not. */
export function matchTitle(heading: string, title: string): string | undefined {
  const h = normalise(heading);
  const t = normalise(title);
  if (h === '' || t === '') return undefined;
  const cleanHeading = heading.replace(/\s+/g, ' ').trim();
  if (h === t) return title;
  // "Headline | Site" or "Site - Headline" against "Headline": keep the headline alone.
  if (isAffixed(t, h)) return cleanHeading;
  if (isAffixed(h, t)) return title;
  return undefined;
}

/** Whether `long` is `short` plus a separator and a site name (a few words) before or after it. */
function isAffixed(long: string, short: string): boolean {
  if (long.startsWith(short)) {
    const rest = long.slice(short.length);
    if (SEPARATOR.test(rest) && isSiteName(rest)) return true;
  }
  if (long.endsWith(short)) {
    const rest = long.slice(0, long.length - short.length);
    if (SEPARATOR.test(reverse(rest)) && isSiteName(rest)) return true;
  }
  return false;
}

// Site names are short: "BBC News", "The Coastal Post". A longer remainder is more headline.
function isSiteName(rest: string): boolean {
  const words = rest
    .replace(/[|\-–—·•»/]/g, ' ')
    .trim()
    .split(/\s+/);
  return words.length <= 5 && rest.length <= 60;
}

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function reverse(text: string): string {
  return [...text].reverse().join('');
}

function isShortLeadBlock(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false;
  return toString(node, { includeImageAlt: false }).length <= SHORT_TEXT;
}
