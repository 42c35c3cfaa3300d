// Puts back a standfirst Readability left out: the lead paragraph standing between the headline and the text it chose.
//
// Many themes set the article's opening paragraph (the standfirst, teaser or abstract) apart from the body: in the
// header beside the headline, as an `h2.excerpt`, in a `div.intro`. Readability scores the body's container and takes
// it; the standfirst sits in a sibling with too little text of its own to be joined, and the article loses its first
// sentences. Before Readability runs, each prose block of the page is noted with the text that follows it; afterwards,
// the last one whose following text reaches the article's start within a byline's or a photo credit's length goes
// back in front of the article, as a paragraph.

import { linkDensity, normalisedText } from '../rules/conditions.js';

export interface StandfirstCandidate {
  /** A copy of the block as it was before Readability changed the page. */
  block: Element;
  /** Its text, whitespace collapsed. */
  text: string;
  /** The start of the text that follows it in the page (whitespace collapsed). */
  textAfter: string;
  /** Where in `textAfter` the first heading begins (Infinity when none does). */
  headingAt: number;
}

/** A standfirst is a sentence or a few: longer than a label or a headline's kicker, shorter than a whole section. */
const MIN_CHARS = 60;
const MAX_CHARS = 700;
const MIN_WORDS = 8;
/** Mostly not links: a teaser list or a breadcrumb is not the article's opening. */
const MAX_LINK_DENSITY = 0.2;
/**
 * The most text that may stand between the standfirst and the article's start: a byline, a date, a photo credit, a
 * row of share labels. Beyond that, what follows the block is something else than the article it would open.
 */
const MAX_GAP_CHARS = 200;
/** How much of the article's start is matched, and never less than this. */
const MATCH_CHARS = 40;
const MIN_MATCH_CHARS = 20;
/** Enough blocks to reach past a long menu; the standfirst comes before the article's body. */
const MAX_CANDIDATES = 300;
/** Shorter headings than this are labels ("News"), which prose may well contain. */
const MIN_HEADLINE_CHARS = 15;

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'UL',
]);

/** Blocks that may hold a standfirst's text directly (a headline `h1` is the title, not the opening). */
const CANDIDATE_SELECTOR = 'p, h2, h3, h4, div, header';
/** Where an opening paragraph never sits. */
const OUTSIDE_ARTICLE = 'nav, footer, aside, li, td, th, blockquote, figure, [hidden], [aria-hidden="true"]';

/** The page's prose blocks, in document order, each with the text that follows it. */
export function findStandfirsts(document: Document): StandfirstCandidate[] {
  const body = document.body as HTMLElement | null;
  if (!body) return [];
  // A block that repeats the headline is a share label or a teaser of the article, not its opening.
  const headlines = Array.from(body.getElementsByTagName('h1'), (heading) => normalisedText(heading)).filter(
    (headline) => headline.length >= MIN_HEADLINE_CHARS,
  );
  const candidates: StandfirstCandidate[] = [];
  for (const block of body.querySelectorAll(CANDIDATE_SELECTOR)) {
    if (candidates.length >= MAX_CANDIDATES) break;
    if (!holdsOnlyInlineContent(block) || block.closest(OUTSIDE_ARTICLE)) continue;
    const text = normalisedText(block);
    if (text.length < MIN_CHARS || text.length > MAX_CHARS || text.split(' ').length < MIN_WORDS) continue;
    if (linkDensity(block, text) > MAX_LINK_DENSITY || followsAnImage(block)) continue;
    if (headlines.some((headline) => text.includes(headline))) continue;
    const following = followingText(block, MAX_GAP_CHARS + MATCH_CHARS);
    if (following.textAfter) candidates.push({ block: block.cloneNode(true) as Element, text, ...following });
  }
  return candidates;
}

/**
 * The start of the text after `element` in document order (whitespace collapsed), and where in it the first heading
 * begins (Infinity when none does).
 */
function followingText(element: Element, limit: number): { textAfter: string; headingAt: number } {
  let text = '';
  let headingAt = Number.POSITIVE_INFINITY;
  for (let node = nextOutside(element); node && text.length < limit * 2; node = nextInOrder(node)) {
    if (node.nodeType === 3 /* Node.TEXT_NODE */) text += node.textContent ?? '';
    else if (node.nodeType !== 1) continue;
    else if (/^(?:SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test((node as Element).tagName)) node = lastDescendant(node);
    else if (headingAt === Number.POSITIVE_INFINITY && /^H[1-6]$/.test((node as Element).tagName)) {
      headingAt = collapse(text).length;
    }
  }
  return { textAfter: collapse(text).slice(0, limit), headingAt };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trimStart();
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

/** True when the nearest content before the block is an image: the block is its caption, however it is marked up. */
function followsAnImage(block: Element): boolean {
  for (let node = previousInOrder(block); node; node = previousInOrder(node)) {
    if (node.nodeType === 3 /* Node.TEXT_NODE */ && (node.textContent ?? '').trim()) return false;
    if (node.nodeType === 1 && /^(?:IMG|PICTURE|VIDEO|SVG)$/i.test((node as Element).tagName)) return true;
  }
  return false;
}

/** The node before `node` in document order, the deepest last descendant of a previous sibling first. */
function previousInOrder(node: Node): Node | null {
  if (!node.previousSibling) return node.parentNode;
  let last = node.previousSibling;
  while (last.lastChild) last = last.lastChild;
  return last;
}

/** True when no child is a block: the element is one paragraph of text, not a wrapper of several. */
function holdsOnlyInlineContent(element: Element): boolean {
  for (const child of element.children) if (BLOCK_TAGS.has(child.tagName)) return false;
  return true;
}

/**
 * Puts the standfirst that leads into the article in front of it, as a paragraph, unless the article holds its text
 * already. `articleStart` is the article's text before anything else was put back. Returns the paragraph, if any.
 */
export function restoreStandfirst(
  content: Element,
  candidates: readonly StandfirstCandidate[],
  articleStart: string,
): Element | undefined {
  const start = articleStart.slice(0, MATCH_CHARS);
  if (start.length < MIN_MATCH_CHARS) return undefined;
  // The last block before the article's start is the nearest one: an earlier block has this one between.
  let lead: StandfirstCandidate | undefined;
  let leadAt = 0;
  for (const candidate of candidates) {
    const at = candidate.textAfter.indexOf(start);
    if (at >= 0 && at <= MAX_GAP_CHARS) [lead, leadAt] = [candidate, at];
  }
  // A heading between the block and the article (the headline, a section's title) makes the block something else.
  if (!lead || lead.headingAt < leadAt || normalisedText(content).includes(lead.text)) return undefined;
  const document = content.ownerDocument;
  const paragraph = document.createElement('p');
  paragraph.setAttribute('class', 'standfirst');
  for (const child of Array.from(lead.block.childNodes)) paragraph.appendChild(document.importNode(child, true));
  const first = openingBlock(content);
  (first?.parentNode ?? content).insertBefore(paragraph, first ?? content.firstChild);
  return paragraph;
}

const WRAPPERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER']);
const MEDIA = 'img, picture, video, figure';

/**
 * The block the article opens with, below the article root: the first one holding text or a picture. The walk does
 * not go into a wrapper that holds a picture, so the standfirst never lands between a photo and its caption.
 */
function openingBlock(content: Element): Element | undefined {
  let current = content;
  for (;;) {
    let next: Element | undefined;
    for (const child of current.childNodes) {
      if (child.nodeType === 3 && (child.textContent ?? '').trim()) return current === content ? undefined : current;
      if (
        child.nodeType === 1 &&
        (normalisedText(child) || (child as Element).matches(MEDIA) || (child as Element).querySelector(MEDIA))
      ) {
        next = child as Element;
        break;
      }
    }
    if (!next) return current === content ? undefined : current;
    if (!WRAPPERS.has(next.tagName) || next.querySelector(MEDIA)) return next;
    current = next;
  }
}
