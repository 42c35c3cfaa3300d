// Puts back a standfirst Readability left out: the lead paragraph standing between the headline and the text it chose.
//
// Many themes set the article's opening paragraph (the standfirst, teaser or abstract) apart from the body: in the
// header beside the headline, as an `h2.excerpt`, in a `div.intro`. Readability scores the body's container and takes
// it; the standfirst sits in a sibling with too little text of its own to be joined, and the article loses its first
// sentences. Before Readability runs, one walk over the page notes its text and each prose block's place in it;
// afterwards, the last block whose end is followed by the article's start within a byline's or a photo credit's
// length goes back in front of the article, as a paragraph. When no block is that near, the last block before the
// article's start whose text is one of the page's own `<meta>` descriptions (word for word, or up to where the site
// cut it) goes back: a deck set apart from the body by an audio player, a paywall bar or a box of teasers.

import { normalisedText } from '../rules/conditions.js';
import { isDateLine } from './date-words.js';
import { pageDescriptions } from './description-fallback.js';
import { elementMatches, firstMatching } from './elements-by-tag.js';
import { headTitles } from './page-titles.js';

/**
 * Marks the paragraph put back, for the edge rules: it stands where the article's start was, and trimming from the top
 * passes over it (it neither stops the trim nor ends the edge zone) unless it is itself what the rule trims.
 */
export const STANDFIRST_ATTRIBUTE = 'data-declutter-standfirst';

export interface StandfirstCandidate {
  /** The block as it stood before Readability ran (it may have been moved or changed since). */
  block: Element;
  /** Its text, whitespace collapsed. */
  text: string;
  /** Where its text starts and ends in the page's text. */
  start: number;
  end: number;
  /** Set for a block inside an element whose class names a caption (see CAPTION_TOKEN). */
  caption: boolean;
  /**
   * Set for a block right after an image (with no text between): it may be the photo's caption, so only the page's
   * own description can vouch for it (a deck under a share bar's row of icons).
   */
  afterImage: boolean;
}

export interface PageText {
  /** The body's text in document order, whitespace collapsed as `normalisedText` collapses it. */
  text: string;
  /** The prose blocks that could open an article, in document order, with where each one ends in `text`. */
  candidates: StandfirstCandidate[];
  /** Where in `text` each heading begins, in order. */
  headingStarts: number[];
  /**
   * The page's own summaries (`<meta>` description, og: and twitter:), whitespace collapsed: each may differ (a site's
   * slogan as the description, the story's deck as og:description).
   */
  descriptions: string[];
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
/**
 * Prose is mostly letters: a line with more digits than this is a date and time line ("Published Tue, Nov 19 2019
 * 7:05 AM EST Updated …"), a score or a price list.
 */
const MAX_DIGIT_SHARE = 0.15;
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
const CANDIDATE_TAGS = new Set(['P', 'H2', 'H3', 'H4', 'DIV', 'HEADER']);
/** Where an opening paragraph never sits (and `[hidden]`, `[aria-hidden="true"]`). */
const OUTSIDE_ARTICLE_TAGS = new Set(['NAV', 'FOOTER', 'ASIDE', 'LI', 'TD', 'TH', 'BLOCKQUOTE', 'FIGURE', 'FORM']);
/**
 * A block whose class names a caption holds a photo's caption or credit, however it is marked up: a `<figure>`'s
 * image with the caption in a `div.caption` beside it, WordPress's `p.wp-caption-text`. A caption ahead of the body
 * is nearer to it than the standfirst above the photo, and was put back instead of it; now the standfirst that leads
 * into the caption goes back too, in front of it. A class token that is a caption (`caption`, `image-caption`,
 * `figure__caption`, `wp-caption-text`) counts, not one that only mentions captions
 * (`content-header__caption-style--default`, a plugin's `wp-featherlight-captions` on `<body>`).
 */
const CAPTION_TOKEN = /^(?:[\w-]*[-_])?caption(?:[-_]+text)?$/i;
/** A block holding one of these is a form (a newsletter box, a reader's settings), not prose. */
const CONTROL_TAGS = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'OPTION']);
/** Whose text is not the page's. */
const UNREAD_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
/** Content that makes the text after it a caption, however it is marked up. */
const IMAGE_TAGS = new Set(['IMG', 'PICTURE', 'VIDEO', 'SVG', 'svg']);
const HEADING = /^H[1-6]$/;
const BLANK = /^\s*$/;
const WHITESPACE_RUN = /\s+/g;

/** A candidate block being read: where its text starts and how much of it is in links. */
interface OpenBlock {
  element: Element;
  start: number;
  caption: boolean;
  linked: number;
  afterImage: boolean;
  holdsControl: boolean;
}

/**
 * The page's text and its prose blocks, in one walk over the body (a walk per block, or a selector query, cost a
 * tenth of the page's time on news pages).
 */
export function readPageText(document: Document): PageText {
  const body = document.body as HTMLElement | null;
  const empty: PageText = { text: '', candidates: [], headingStarts: [], descriptions: [] };
  if (!body) return empty;
  // Built by appending (V8 keeps it as a rope until it is read), so each block's text is a slice of it.
  let pageText = '';
  let length = 0;
  let endsInSpace = true; // at the start, as after a space: leading whitespace is dropped
  let afterImage = false;
  let linkDepth = 0;
  let outsideDepth = 0;
  let captionDepth = 0;
  const open: OpenBlock[] = [];
  const candidates: StandfirstCandidate[] = [];
  const headingStarts: number[] = [];
  const headlines: string[] = [];

  const append = (data: string): void => {
    // Most text nodes between tags are whitespace only: one space at most, without a regular expression.
    if (BLANK.test(data)) {
      if (endsInSpace || !data) return;
      pageText += ' ';
      length += 1;
      endsInSpace = true;
      if (linkDepth > 0) for (const block of open) block.linked += 1;
      return;
    }
    let chunk = data.replace(WHITESPACE_RUN, ' ');
    if (endsInSpace && chunk.startsWith(' ')) chunk = chunk.slice(1);
    pageText += chunk;
    length += chunk.length;
    endsInSpace = chunk.endsWith(' ');
    afterImage = false;
    if (linkDepth > 0) for (const block of open) block.linked += chunk.length;
  };

  const close = (block: OpenBlock): void => {
    if (candidates.length >= MAX_CANDIDATES) return;
    // The collapsed length is known from the walk: most blocks are ruled out before their text is read.
    const span = length - block.start;
    if (span < MIN_CHARS || span > MAX_CHARS + 2) return;
    const raw = pageText.slice(block.start, length);
    const text = raw.trim();
    if (text.length < MIN_CHARS || text.length > MAX_CHARS || text.split(' ').length < MIN_WORDS) return;
    if (block.linked / text.length > MAX_LINK_DENSITY || block.holdsControl) return;
    if (digitShare(text) > MAX_DIGIT_SHARE) return;
    const start = block.start + raw.length - raw.trimStart().length;
    candidates.push({
      block: block.element,
      text,
      start,
      end: length,
      caption: block.caption,
      afterImage: block.afterImage,
    });
  };

  const visit = (element: Element): void => {
    const tag = element.tagName;
    if (UNREAD_TAGS.has(tag)) return;
    if (IMAGE_TAGS.has(tag)) afterImage = true;
    if (CONTROL_TAGS.has(tag)) for (const block of open) block.holdsControl = true;
    if (HEADING.test(tag)) {
      const heading = normalisedText(element);
      // A date set as a heading ("Thursday, 21 April 2022") stands between standfirst and body like any date line.
      if (!isDateLine(heading)) headingStarts.push(length);
      if (tag === 'H1' && heading.length >= MIN_HEADLINE_CHARS) headlines.push(heading);
    }
    const outside =
      OUTSIDE_ARTICLE_TAGS.has(tag) || element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true';
    const caption = namesCaption(element.getAttribute('class'));
    if (caption) captionDepth++;
    if (outside) outsideDepth++;
    const isLink = tag === 'A';
    if (isLink) linkDepth++;
    const block =
      outsideDepth === 0 && CANDIDATE_TAGS.has(tag) && holdsOnlyInlineContent(element)
        ? { element, start: length, caption: captionDepth > 0, linked: 0, afterImage, holdsControl: false }
        : undefined;
    if (block) open.push(block);
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3 /* Node.TEXT_NODE */) append((child as Text).data);
      else if (child.nodeType === 1 /* Node.ELEMENT_NODE */) visit(child as Element);
    }
    if (block) {
      open.pop();
      close(block);
    }
    if (isLink) linkDepth--;
    if (outside) outsideDepth--;
    if (caption) captionDepth--;
  };

  visit(body);
  // A block that repeats the headline is a share label or a teaser of the article, not its opening.
  const openings = candidates.filter((candidate) => !headlines.some((headline) => candidate.text.includes(headline)));
  return { text: pageText, candidates: openings, headingStarts, descriptions: deckDescriptions(document) };
}

/** A summary cut short by the site ("… Down…"), whose words up to the cut are what a block must start with. */
const CUT_SHORT = /\s*(?:…|\.\.\.)$/;

/** The page's own summaries (see description-fallback.ts), of a standfirst's length, that do not repeat its title. */
function deckDescriptions(document: Document): string[] {
  const titles = headTitles(document);
  return pageDescriptions(document).filter(
    (text) => text.length >= MIN_CHARS && !titles.some((title) => title.includes(text)),
  );
}

/** True when one of the class tokens in `classes` names a caption (see CAPTION_TOKEN). */
function namesCaption(classes: string | null): boolean {
  if (classes === null || !/caption/i.test(classes)) return false;
  return classes.split(/\s+/).some((token) => CAPTION_TOKEN.test(token));
}

/** The share of a text's characters that are digits. */
function digitShare(text: string): number {
  return (text.match(/[0-9]/g)?.length ?? 0) / text.length;
}

/** True when no child is a block: the element is one paragraph of text, not a wrapper of several. */
function holdsOnlyInlineContent(element: Element): boolean {
  for (let child = element.firstElementChild; child; child = child.nextElementSibling) {
    if (BLOCK_TAGS.has(child.tagName)) return false;
  }
  return true;
}

/**
 * Puts the standfirst that leads into the article in front of it, as a paragraph, unless the article holds its text
 * already. `articleStart` is the article's text before anything else was put back. Returns the paragraph, if any.
 */
export function restoreStandfirst(content: Element, page: PageText, articleStart: string): Element | undefined {
  if (page.candidates.length === 0) return undefined;
  let starts = placesOf(page.text, articleStart.slice(0, MATCH_CHARS));
  // Readability drops a byline or a date line from inside the article, so its first 40 characters can join two
  // blocks that were apart on the page ("4. November 2021" + the body, the byline between gone): the article's
  // first block alone is then where it starts.
  if (starts.length === 0) starts = placesOf(page.text, firstBlockText(content, articleStart).slice(0, MATCH_CHARS));
  if (starts.length === 0) return undefined;
  const lead = nearestReaching(page, starts, (candidate) => !candidate.afterImage) ?? describedOpening(page, starts);
  if (!lead) return undefined;
  // A photo's caption between the standfirst and the text is nearer to the text than the standfirst: both go back.
  const above = lead.caption
    ? nearestReaching(page, [lead.start], (candidate) => !candidate.caption && !candidate.afterImage)
    : undefined;
  const text = normalisedText(content);
  const first = openingBlock(content);
  const before = first ?? content.firstChild;
  let restored: Element | undefined;
  for (const block of [above, lead]) {
    if (!block || text.includes(block.text)) continue;
    const paragraph = paragraphOf(block, content.ownerDocument);
    (first?.parentNode ?? content).insertBefore(paragraph, before);
    restored ??= paragraph;
  }
  return restored;
}

/**
 * The last candidate (of those `accepted`) whose end is followed by one of `starts` within a byline's length, with
 * no heading between: the nearest block leading into that text (an earlier block has this one between).
 */
function nearestReaching(
  page: PageText,
  starts: readonly number[],
  accepted: (candidate: StandfirstCandidate) => boolean,
): StandfirstCandidate | undefined {
  let lead: StandfirstCandidate | undefined;
  for (const candidate of page.candidates) {
    if (!accepted(candidate)) continue;
    const from = page.text[candidate.end] === ' ' ? candidate.end + 1 : candidate.end;
    // A heading between the block and the article (the headline, a section's title) makes the block something else.
    const reaches = starts.some(
      (at) => at >= from && at - from <= MAX_GAP_CHARS && !page.headingStarts.some((h) => h >= from && h < at),
    );
    if (reaches) lead = candidate;
  }
  return lead;
}

/**
 * The last candidate before the article's start whose text is the page's own summary: a deck set apart from the body
 * by more than a byline (an audio player, a paywall bar, a box of teasers with their headings), which the page's
 * `<meta>` description repeats word for word. A summary cut short counts by its words up to the cut. Such a block
 * counts even right after an image (a share bar's icons above it), as the description tells it from a caption.
 */
function describedOpening(page: PageText, starts: readonly number[]): StandfirstCandidate | undefined {
  if (page.descriptions.length === 0) return undefined;
  const matches = page.descriptions.map((description) => {
    const cut = CUT_SHORT.test(description) ? description.replace(CUT_SHORT, '') : undefined;
    return (text: string): boolean =>
      text === description || (cut !== undefined && cut.length >= MIN_CHARS && text.startsWith(cut));
  });
  const latestStart = Math.max(...starts);
  let lead: StandfirstCandidate | undefined;
  for (const candidate of page.candidates) {
    if (candidate.end > latestStart) break;
    if (matches.some((described) => described(candidate.text))) lead = candidate;
  }
  return lead;
}

/** The block put back as a paragraph, marked as the standfirst. */
function paragraphOf(block: StandfirstCandidate, document: Document): Element {
  const paragraph = document.createElement('p');
  paragraph.setAttribute(STANDFIRST_ATTRIBUTE, '');
  // Readability leaves the blocks it does not take as they were, but its retries re-parse the page: a block whose
  // text changed since is put back as its text alone.
  if (normalisedText(block.block) === block.text) {
    for (const child of Array.from(block.block.childNodes)) paragraph.appendChild(document.importNode(child, true));
  } else {
    paragraph.textContent = block.text;
  }
  return paragraph;
}

/** Where `start` occurs in the page's text; nowhere when it is too short to tell one place from another. */
function placesOf(text: string, start: string): number[] {
  const places: number[] = [];
  if (start.length < MIN_MATCH_CHARS) return places;
  for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, at + 1)) places.push(at);
  return places;
}

/**
 * The text of the article's first block of text (a paragraph, a heading, a line in a `div`), as the article held it
 * before anything was put back: the first text node's nearest block, when the article still starts with its text.
 */
function firstBlockText(content: Element, articleStart: string): string {
  const walker = content.ownerDocument.createTreeWalker(content, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!(node.textContent ?? '').trim()) continue;
    let block = node.parentElement;
    while (block && block !== content && !BLOCK_TAGS.has(block.tagName)) block = block.parentElement;
    const text = block ? normalisedText(block) : '';
    return articleStart.startsWith(text) ? text : '';
  }
  return '';
}

const WRAPPERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER']);
const MEDIA = 'img, picture, video, figure';

/**
 * Where the standfirst goes: before the first block of the article that holds text or a picture. The walk goes down
 * only through a chain of lone wrappers (the article's `div` in a `div`), never into a wrapper beside others: the
 * standfirst lands beside the first paragraph, not between a photo and its caption or inside a row of cells.
 */
function openingBlock(content: Element): Element | undefined {
  let current = content;
  for (;;) {
    const holders: ChildNode[] = [];
    for (const child of current.childNodes) {
      if (child.nodeType === 3 /* Node.TEXT_NODE */ ? (child.textContent ?? '').trim() : holdsContent(child)) {
        holders.push(child);
      }
    }
    const [first] = holders;
    if (first === undefined || first.nodeType !== 1) return current === content ? undefined : current;
    const element = first as Element;
    if (holders.length > 1 || !WRAPPERS.has(element.tagName)) return element;
    current = element;
  }
}

function holdsContent(node: ChildNode): boolean {
  if (node.nodeType !== 1 /* Node.ELEMENT_NODE */) return false;
  const element = node as Element;
  return normalisedText(element) !== '' || elementMatches(element, MEDIA) || firstMatching(element, MEDIA) !== null;
}
