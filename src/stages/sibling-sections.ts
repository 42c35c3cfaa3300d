// Joins the article's sibling sections Readability left out: the text that page builders split into alike blocks.
//
// Page builders and CMS templates set a long article in a run of alike blocks: `div.vc_row` after `div.vc_row`, one
// `div.field__item` per paragraph group, one `section.story-text` per stretch between ads. Readability scores each
// paragraph's parent and grandparent, takes the best, and joins its siblings only when their own score is high
// enough, so when the blocks nest a few levels deep it keeps one of them and the article loses its other parts.
// Before Readability runs, each run of two or more sibling blocks of the same tag and classes, each mostly prose,
// is noted; afterwards, when the article holds one block of a run, the run's other blocks join it in page order.
// The blocks may stand right under <body> (a theme that sets each row of the article as a top-level container), and
// a block of another kind between two of them that holds a data table joins too: the article's table, set apart
// by the theme (a "show table" toggle around it), is the article's as much as the text around it. A block with less
// text than a paragraph (a "Support us now!" button in a row of its own) neither makes nor breaks a run; a block
// after the last one the article holds joins only when it holds a sentence or a data table, not a heading over a
// programme line or over links Readability dropped.

import { linkDensity, normalisedText } from '../rules/conditions.js';
import { isProse, isSentence } from '../rules/content.js';
import { childElements, elementsWithTags } from './elements-by-tag.js';

export interface SectionRun {
  /** Copies of the run's blocks in page order, as they were before Readability changed the page. */
  sections: Element[];
  /** Each block's paragraphs, to tell whether the article holds (some of) that block. */
  keys: string[][];
  /**
   * Whether each block holds a sentence or a data table. Blocks after the last one the article holds join only when
   * they do: the run's closing rows may be a heading over links that Readability dropped, or a programme line, in
   * the same row markup.
   */
  content: boolean[];
}

/** The least share of a run's text its prose paragraphs hold: the run is the article's text, not a set of cards. */
const MIN_PROSE_SHARE = 0.6;
/** A paragraph this long tells its block apart from the others of the run. */
const MIN_KEY_CHARS = 30;
/** Mostly not links: a list of teasers is links with a line of summary each. */
const MAX_LINK_DENSITY = 0.25;
/** Readability's own words for what is not the article (comments, sidebars, related links, share bars…). */
const NOT_ARTICLE =
  /comment|sidebar|related|teaser|widget|share|social|footer|promo|sponsor|banner|ad-|advert|recommend/i;
const HEADING_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
/** What Readability removes from its article as controls, not content. */
const FORM_CONTROL_TAGS = ['button', 'input', 'select', 'textarea'];
/** Blocks a run is made of. */
const SECTION_TAGS = new Set(['DIV', 'SECTION', 'ARTICLE']);

/** Runs of alike sibling blocks of prose on the page. */
export function findSectionRuns(document: Document): SectionRun[] {
  const body = document.body as HTMLElement | null;
  if (!body) return [];
  const runs: SectionRun[] = [];
  for (const parent of [body, ...elementsWithTags(body, ['div', 'section', 'article', 'main'])]) {
    const children = childElements(parent);
    if (children.length < 2) continue;
    const bySignature = new Map<string, Element[]>();
    for (const child of children) {
      if (!SECTION_TAGS.has(child.tagName)) continue;
      const signature = signatureOf(child);
      if (signature === undefined) continue;
      bySignature.set(signature, [...(bySignature.get(signature) ?? []), child]);
    }
    for (const found of bySignature.values()) {
      // Empty blocks of the run are spacers and dividers, and a block with less text than a paragraph key is a label
      // or a button ("Support us now!"): they neither make nor break it.
      const members = found.filter((member) => normalisedText(member).length >= MIN_KEY_CHARS);
      if (members.length < 2) continue;
      const keys = members.map(paragraphsOf);
      // Every block must read as text (a card or a comment among them makes the run something else), and the run
      // as a whole must be mostly prose.
      if (keys.some((key) => key.length === 0) || !members.every(isTextBlock) || !isMostlyProse(members)) continue;
      const keysOf = new Map(members.map((member, index) => [member, keys[index] ?? []]));
      const blocks = withTablesBetween(members);
      runs.push({
        sections: blocks.map((block) => block.cloneNode(true) as Element),
        keys: blocks.map((block) => keysOf.get(block) ?? tableKeysOf(block)),
        content: blocks.map((block) => holdsSentenceOrTable(block)),
      });
    }
  }
  return runs;
}

/**
 * The run's blocks with, in page order, the siblings between its first and last block that hold a data table: a block
 * of text-block shape, not named as clutter, whose tables' text tells it apart (see tableKeysOf).
 */
function withTablesBetween(members: readonly Element[]): Element[] {
  const blocks: Element[] = [];
  const last = members.at(-1);
  for (let at: Element | null = members[0] ?? null; at; at = at.nextElementSibling) {
    if (members.includes(at) || isTableBlock(at)) blocks.push(at);
    if (at === last) break;
  }
  return blocks;
}

function isTableBlock(element: Element): boolean {
  if (!SECTION_TAGS.has(element.tagName) && element.tagName !== 'TABLE') return false;
  return !namedAsClutter(element) && tableKeysOf(element).length > 0 && isTextBlock(element);
}

/** The text of each data table in (or being) the block long enough to be told apart: how the article is seen to hold it. */
function tableKeysOf(block: Element): string[] {
  const tables = block.tagName === 'TABLE' ? [block] : elementsWithTags(block, ['table']);
  return tables.map((table) => normalisedText(table)).filter((text) => text.length >= MIN_KEY_CHARS);
}

/** Tag and sorted classes, or nothing for a block without classes (plain divs are alike by accident). */
function signatureOf(element: Element): string | undefined {
  const className = classNameOf(element).trim();
  if (!className || namedAsClutter(element)) return undefined;
  return `${element.tagName} ${className.split(/\s+/).sort().join(' ')}`;
}

/** Whether the element's class or id uses Readability's words for what is not the article. */
function namedAsClutter(element: Element): boolean {
  return NOT_ARTICLE.test(classNameOf(element)) || NOT_ARTICLE.test(element.id);
}

/** The class attribute's text (an SVG element's className is an object). */
function classNameOf(element: Element): string {
  return typeof element.className === 'string' ? element.className : '';
}

/** The block's paragraphs long enough to be told apart from others. */
function paragraphsOf(block: Element): string[] {
  return elementsWithTags(block, ['p'])
    .map((paragraph) => normalisedText(paragraph))
    .filter((text) => text.length >= MIN_KEY_CHARS);
}

/** Mostly not links, and no linked heading (a teaser card's headline). */
function isTextBlock(block: Element): boolean {
  if (linkDensity(block) > MAX_LINK_DENSITY) return false;
  // Tag lookups, not a selector: jsdom's selector engine is slow, and this runs on every block of every run.
  for (const link of elementsWithTags(block, ['a'])) {
    if (HEADING_TAGS.some((tag) => link.getElementsByTagName(tag).length > 0)) return false;
    for (let parent = link.parentElement; parent && parent !== block; parent = parent.parentElement) {
      if (/^H[1-6]$/.test(parent.tagName)) return false;
    }
  }
  return true;
}

function holdsSentenceOrTable(block: Element): boolean {
  return elementsWithTags(block, ['p']).some(isSentence) || tableKeysOf(block).length > 0;
}

function isMostlyProse(blocks: readonly Element[]): boolean {
  let prose = 0;
  let total = 0;
  for (const block of blocks) {
    total += normalisedText(block).length;
    for (const paragraph of elementsWithTags(block, ['p'])) {
      if (isProse(paragraph)) prose += normalisedText(paragraph).length;
    }
  }
  return prose >= total * MIN_PROSE_SHARE;
}

/**
 * Adds to the article the blocks of each run it holds a part of, in page order: before the article's text for blocks
 * that came before the first part it holds, after it for those after the last, and right after the held block before
 * them for those in between (a table between two rows Readability both took). Returns how many blocks were added.
 */
export function joinSectionRuns(content: Element, runs: readonly SectionRun[]): number {
  let added = 0;
  for (const run of runs) {
    const articleText = normalisedText(content);
    const held = run.keys.map((paragraphs) => paragraphs.some((paragraph) => articleText.includes(paragraph)));
    const first = held.indexOf(true);
    const last = held.lastIndexOf(true);
    if (first < 0 || held.every(Boolean)) continue;
    const document = content.ownerDocument;
    const holder = innerHolder(content);
    const anchor = holder.firstChild;
    // The copy put in last, while a stretch of blocks the article lacks is being put back after a held one.
    let previous: Element | undefined;
    run.sections.forEach((section, index) => {
      if (held[index] || (index > last && !run.content[index])) {
        previous = undefined;
        return;
      }
      const copy = document.importNode(section, true);
      // Readability drops form controls from its article ("Show table" toggles, search boxes); a copy taken before it
      // ran still has them.
      for (const control of elementsWithTags(copy, FORM_CONTROL_TAGS)) control.remove();
      if (index < first) holder.insertBefore(copy, anchor);
      else if (index > last) holder.appendChild(copy);
      else {
        const after =
          previous ?? heldBlockIn(content, run.keys[index - 1] ?? [], run.keys[held.indexOf(true, index)] ?? []);
        if (after) after.after(copy);
        else holder.appendChild(copy);
      }
      previous = copy;
      added++;
    });
  }
  return added;
}

/**
 * Where the article holds the run's block whose keys are `keys`: the outermost element around its last key that does
 * not reach the next held block (known by `nextKeys`), or nothing when the key is not found as a paragraph or table.
 */
function heldBlockIn(content: Element, keys: readonly string[], nextKeys: readonly string[]): Element | undefined {
  const key = keys.at(-1);
  if (key === undefined) return undefined;
  let at = elementsWithTags(content, ['p', 'table']).find((element) => normalisedText(element) === key);
  if (!at) return undefined;
  for (let parent = at.parentElement; parent && parent !== content; parent = parent.parentElement) {
    const parentText = normalisedText(parent);
    if (nextKeys.some((next) => parentText.includes(next))) break;
    at = parent;
  }
  return at;
}

/** Readability's page wrapper inside the article root, when the root holds nothing else: the blocks join it. */
function innerHolder(content: Element): Element {
  const only = content.childElementCount === 1 ? content.firstElementChild : null;
  const loose = Array.from(content.childNodes).some((node) => node.nodeType === 3 && (node.textContent ?? '').trim());
  return only && !loose ? only : content;
}
