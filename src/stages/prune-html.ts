// Before jsdom: one htmlparser2 pass that drops what the pipeline never reads and bounds the work.
//
// jsdom's parse is most of the naive pipeline's CPU, and it builds (and parses the CSS of) many
// things nothing downstream reads. This pass copies the page through unchanged except for cut
// ranges, so attributes, entities and raw text reach jsdom byte for byte:
//   - <script> (but not application/ld+json, which Readability reads metadata from), <style>,
//     stylesheet and resource-hint <link>s, comments, <template>, and the inside of inline <svg>;
//   - the <meta> and <link> elements of <head> that nothing reads (head-metadata.ts says which);
//   - data-* attributes (JSON blobs, tracking ids: a tenth of the characters), when asked: never on
//     the elements Readability reads every attribute of (images, figures, media, embeds and what is
//     inside <object>) or on <pre>/<code>, and never those the caller names (what rules can select on);
//   - past MAX_DEPTH open elements, further nesting wrappers lose their tags (their content stays),
//     because parse time grows with the square of the depth and deep trees overflow the stack;
//   - style attributes: jsdom runs its CSS parser on each one, and only Readability's visibility
//     check and the unhide rule read them; one that hides its element becomes a `hidden` attribute;
//   - a container holding very many `<br><br>` breaks gets its paragraphs as <p> here, because
//     Readability's own br-to-paragraph rewrite is quadratic in jsdom (100 KB took 17 s);
//   - runs of whitespace in text become one space, except where their length is read
//     (whitespace-runs.ts says where and why);
//   - more than MAX_ELEMENTS elements is refused with one clear error.
// The tree bookkeeping follows the HTML standard where it changes depth (void elements, implied
// end tags, scopes, foreign content), and raw text / comment ends are found exactly as the
// standard does (raw-text.ts), so the cuts line up with what jsdom will build.

import { Tokenizer } from 'htmlparser2';
import type { TokenizerCallbacks } from 'htmlparser2';
import { InputError } from '../errors.js';
import { HEAD_CONTENT, headElementIsRead } from './head-metadata.js';
import { RAW_TEXT_ELEMENTS, findCommentEnd, findRawTextEnd } from './raw-text.js';
import { KEEPS_WHITESPACE, RAW_TEXT_ATTRIBUTES, measuresRawText, whitespaceEdits } from './whitespace-runs.js';
import {
  BREAKOUT_FROM_FOREIGN,
  CLOSED_BY_OPENING,
  MATHML_INTEGRATION_POINTS,
  PHRASING,
  SCOPE_BOUNDARIES,
  SVG_INTEGRATION_POINTS,
  TABLE_SCOPE_BOUNDARIES,
  TABLE_STRUCTURE,
  VOID_ELEMENTS,
  WRAPPABLE_CONTAINERS,
} from './html-sets.js';

/**
 * Deeper nesting is flattened. Real pages stay far below (the 181 AEB pages: 51 at most), while
 * jsdom + Readability cost grows with the square of the depth: 10,000 nested <div> flattened to
 * 256 cost 1.0 s of CPU, to 512 3.3 s.
 */
export const MAX_DEPTH = 256;
/**
 * More elements is refused. Large real pages (long Wikipedia articles) have ~50k; jsdom and
 * Readability need about 6 s per 100k empty elements here, so 200k keeps one page under ~15 s.
 */
export const MAX_ELEMENTS = 200_000;
/** A container with this many `<br><br>` breaks gets its paragraphs here instead of in Readability. */
export const BREAKS_TO_WRAP = 100;

export interface PruneOptions {
  /**
   * Style attributes are always dropped, a hiding one (display:none, visibility:hidden) leaving a
   * `hidden` attribute behind; this drops them without that marker (parse's retry when jsdom still throws).
   */
  dropStyleAttributes?: boolean;
  /**
   * Drop data-* attributes except on DATA_ATTRIBUTE_READERS and except these names (lower-case); left
   * out, every data-* attribute stays.
   */
  keepDataAttributes?: ReadonlySet<string>;
  /** Keep every <meta> and <link> of <head>: a site config's metadata XPath may read any of them. */
  keepHeadMetadata?: boolean;
  /** Runs of whitespace in text become one space where nothing reads their length (default true). */
  collapseWhitespace?: boolean;
  maxDepth?: number;
  maxElements?: number;
}

/** URLs the page declares about itself, gathered on the way for the base URL. */
export interface PageUrls {
  base: string | undefined;
  canonical: string | undefined;
  ogUrl: string | undefined;
}

export interface PruneResult {
  html: string;
  urls: PageUrls;
  /** Elements handed on to jsdom. */
  elements: number;
  /** The deepest nesting in the input. */
  depth: number;
  /** Nesting wrappers whose tags were removed past the depth limit. */
  flattened: number;
  /** `<br><br>` breaks turned into paragraph boundaries. */
  wrappedBreaks: number;
}

/** Copies HTML through minus what the pipeline never reads; throws InputError past the element cap. */
export function pruneHtml(html: string, options: PruneOptions = {}): PruneResult {
  const scan = new PruneScan(html, options);
  scan.run();
  const maxElements = options.maxElements ?? MAX_ELEMENTS;
  if (scan.elements > maxElements) {
    throw new InputError(`page has too many elements (${scan.elements} > ${maxElements})`);
  }
  return {
    html: applyEdits(html, scan.edits),
    urls: scan.urls,
    elements: scan.elements,
    depth: scan.maxSeenDepth,
    flattened: scan.flattened,
    wrappedBreaks: scan.wrappedBreaks,
  };
}

/** A replacement of html[start, end) by `text`; the scan's edits are applied in one pass at the end. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** How an open element is treated. */
type Handling =
  | 'keep'
  | 'wrapper' // past the depth limit: its start and end tags are cut
  | 'drop-element' // cut from its start tag to its end tag
  | 'drop-content' // the tags stay, everything between is cut (inline <svg>)
  | 'inert'; // inside a dropped region: only tracked

type Namespace = 'html' | 'svg' | 'math';

interface OpenElement {
  name: string;
  handling: Handling;
  /** The namespace its content is parsed in (HTML again inside SVG/MathML integration points). */
  content: Namespace;
  start: number;
  contentStart: number;
  runs: BreakRuns | undefined;
  /** Its text keeps its whitespace: it or an ancestor is of a kind whose text is read as written. */
  keepsWhitespace: boolean;
  /** It is such an element itself, not only inside one. */
  readsRawText: boolean;
}

/** `<br><br>` bookkeeping for a container whose children are being watched. */
interface BreakRuns {
  /** Where the current run of inline content began. */
  runStart: number;
  runHasContent: boolean;
  chain: { start: number; end: number; count: number } | undefined;
  /** Once a break has split the container, later runs are wrapped too. */
  splitting: boolean;
  breaks: number;
  edits: Edit[];
}

interface PendingTag {
  name: string;
  start: number;
  attributes: Map<string, string>;
  attributeName: string;
  attributeNameStart: number;
  attributeValue: string;
}

const ATTRIBUTES_WANTED: ReadonlySet<string> = new Set(['script', 'link', 'base', 'meta']);
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
/**
 * Elements whose data-* attributes always stay: Readability reads every attribute of images, pictures
 * and figures (lazy-loading sources) and of embeds (video hosts); the Markdown stage reads lazy image
 * sources and code languages; <source> and <track> go with media.
 */
export const DATA_ATTRIBUTE_READERS: ReadonlySet<string> = new Set([
  'img',
  'picture',
  'source',
  'figure',
  'video',
  'audio',
  'track',
  'iframe',
  'embed',
  'object',
  'pre',
  'code',
]);
const RESOURCE_LINKS =
  /(?:^|\s)(?:stylesheet|preload|prefetch|preconnect|dns-prefetch|modulepreload|prerender)(?:\s|$)/i;

class PruneScan implements TokenizerCallbacks {
  readonly edits: Edit[] = [];
  readonly urls: PageUrls = { base: undefined, canonical: undefined, ogUrl: undefined };
  elements = 0;
  maxSeenDepth = 0;
  flattened = 0;
  wrappedBreaks = 0;

  private readonly stack: OpenElement[] = [];
  /** For each name, the stack indexes where it is open (so end tags find their element in O(1)). */
  private readonly openByName = new Map<string, number[]>();
  private readonly scopeBoundaries: number[] = [];
  private readonly tableBoundaries: number[] = [];
  private keptDepth = 0;
  private openWrappers = 0;
  private suppressed = 0;
  private offset = 0;
  private resumeAt = -1;
  private tokenizer: Tokenizer | undefined;
  private tag: PendingTag | undefined;
  /**
   * True while everything since <head> is what the parser keeps in the head, so an element this scan
   * sees as a child of <head> is one there for the parser too (only then are unread ones dropped).
   */
  private headIntact = true;
  /** The attributes of the start tag being opened, for push(). */
  private opening: ReadonlyMap<string, string> | undefined;
  /** Set once the parser's tree may differ from this scan's where whitespace matters: all stays from then on. */
  private keepAllWhitespace: boolean;
  private readonly maxDepth: number;

  constructor(
    private readonly html: string,
    private readonly options: PruneOptions,
  ) {
    this.maxDepth = options.maxDepth ?? MAX_DEPTH;
    this.keepAllWhitespace = options.collapseWhitespace === false;
  }

  run(): void {
    // The tokenizer is restarted after each raw-text element and mis-ended comment, at the
    // position the standard gives, so htmlparser2's own idea of those ends never matters.
    for (let start = 0; start < this.html.length;) {
      this.offset = start;
      this.resumeAt = -1;
      this.tokenizer = new Tokenizer({ decodeEntities: false }, this);
      this.tokenizer.write(start === 0 ? this.html : this.html.slice(start));
      // An unterminated comment or CDATA section is only reported at the end, and may restart too.
      if (this.resumeAt === -1) this.tokenizer.end();
      if (this.resumeAt === -1) break;
      start = this.resumeAt;
    }
    this.closeDownTo(0, this.html.length, undefined);
  }

  // ── tokenizer callbacks ──────────────────────────────────────────────────────────────────

  ontext(start: number, end: number): void {
    const from = this.offset + start;
    const to = this.offset + end;
    const hasContent = /[^\t\n\f\r ]/.test(this.html.slice(from, to));
    if (hasContent && this.headIntact && this.isOpen('head')) this.headIntact = false;
    const top = this.stack.at(-1);
    if (this.suppressed === 0 && !this.keepAllWhitespace && !top?.keepsWhitespace) {
      for (const edit of whitespaceEdits(this.html, from, to)) this.edits.push(edit);
    }
    if (this.suppressed > 0 || !top?.runs) return;
    if (hasContent) this.noteContent(top.runs);
  }

  ontextentity(): void {
    // decodeEntities is off: never called.
  }

  onopentagname(start: number, end: number): void {
    const name = this.html.slice(this.offset + start, this.offset + end).toLowerCase();
    this.tag = {
      name,
      start: this.offset + start - 1,
      attributes: new Map(),
      attributeName: '',
      attributeNameStart: 0,
      attributeValue: '',
    };
  }

  onattribname(start: number, end: number): void {
    if (!this.tag) return;
    this.tag.attributeName = this.html.slice(this.offset + start, this.offset + end).toLowerCase();
    this.tag.attributeNameStart = this.offset + start;
    this.tag.attributeValue = '';
  }

  onattribdata(start: number, end: number): void {
    const tag = this.tag;
    if (
      tag &&
      (ATTRIBUTES_WANTED.has(tag.name) || tag.attributeName === 'style' || RAW_TEXT_ATTRIBUTES.has(tag.attributeName))
    ) {
      tag.attributeValue += this.html.slice(this.offset + start, this.offset + end);
    }
  }

  onattribentity(): void {
    // decodeEntities is off: never called.
  }

  onattribend(_quote: unknown, end: number): void {
    const tag = this.tag;
    if (!tag) return;
    if (!tag.attributes.has(tag.attributeName)) tag.attributes.set(tag.attributeName, tag.attributeValue);
    if (tag.attributeName === 'style' && this.suppressed === 0) {
      // jsdom parses every style attribute with its CSS parser while building the tree, and only
      // Readability's visibility check (display, visibility) and the unhide rule (display:none) read
      // them: keep that one bit as the `hidden` attribute, which both also honour, and drop the rest.
      const text = !this.options.dropStyleAttributes && hidesElement(tag.attributeValue) ? 'hidden ' : '';
      this.edits.push({ start: tag.attributeNameStart, end: this.offset + end, text });
    } else if (this.dropsDataAttribute(tag)) {
      this.edits.push({ start: tag.attributeNameStart, end: this.offset + end, text: '' });
    }
  }

  /** Whether the attribute just read is a data-* attribute nothing reads (see keepDataAttributes). */
  private dropsDataAttribute(tag: PendingTag): boolean {
    const keep = this.options.keepDataAttributes;
    return (
      keep !== undefined &&
      this.suppressed === 0 &&
      tag.attributeName.startsWith('data-') &&
      !keep.has(tag.attributeName) &&
      !DATA_ATTRIBUTE_READERS.has(tag.name) &&
      // Readability tests the whole inner HTML of an <object> against its video hosts.
      !this.isOpen('object')
    );
  }

  onopentagend(end: number): void {
    this.openTag(this.offset + end + 1, false);
  }

  onselfclosingtag(end: number): void {
    this.openTag(this.offset + end + 1, true);
  }

  onclosetag(start: number, end: number): void {
    const name = this.html.slice(this.offset + start, this.offset + end).toLowerCase();
    if (name !== 'head' && name !== 'noscript' && this.isOpen('head')) this.headIntact = false;
    const tagStart = this.offset + start - 2;
    const close = this.html.indexOf('>', this.offset + end);
    this.closeTag(name, tagStart, close === -1 ? this.html.length : close + 1);
  }

  oncomment(start: number, end: number): void {
    this.commentLike(this.offset + start, this.offset + end + 1);
  }

  oncdata(start: number, end: number): void {
    // Inside SVG/MathML, CDATA is real and ends at "]]>": leave it be.
    if ((this.stack.at(-1)?.content ?? 'html') !== 'html') return;
    this.commentLike(this.offset + start, this.offset + end + 1);
  }

  onprocessinginstruction(start: number, end: number): void {
    this.commentLike(this.offset + start, this.offset + end + 1);
  }

  ondeclaration(start: number, end: number): void {
    // <!DOCTYPE> decides quirks mode, which changes how jsdom builds tables: keep it.
    if (/^doctype/i.test(this.html.slice(this.offset + start, this.offset + end))) return;
    this.commentLike(this.offset + start, this.offset + end + 1);
  }

  oncommentend(): void {}

  onend(): void {}

  // ── elements ─────────────────────────────────────────────────────────────────────────────

  private openTag(tagEnd: number, selfClosing: boolean): void {
    const tag = this.tag;
    this.tag = undefined;
    if (!tag) return;
    this.opening = tag.attributes;
    const { name, start } = tag;
    let parent = this.stack.at(-1);

    if (parent && parent.content !== 'html' && BREAKOUT_FROM_FOREIGN.has(name)) {
      // An HTML element inside SVG/MathML closes the foreign elements, as the standard does.
      let index = this.stack.length - 1;
      while (index > 0 && this.stack[index - 1]?.content !== 'html') index--;
      this.closeDownTo(index, start, undefined);
      parent = this.stack.at(-1);
    }
    const context = parent?.content ?? 'html';

    if (context !== 'html') {
      // htmlparser2 treats <style>, <script>, <title> … as raw text even inside SVG, where the
      // standard does not: restart it after the tag so it keeps tokenizing markup.
      if (RAW_TEXT_ELEMENTS.has(name)) this.restartAt(tagEnd);
      const integration = context === 'svg' ? SVG_INTEGRATION_POINTS : MATHML_INTEGRATION_POINTS;
      const contentForeign: Namespace = integration.has(name) ? 'html' : context;
      if (this.suppressed > 0) {
        if (!selfClosing) this.push(name, 'inert', contentForeign, start, tagEnd);
      } else if (selfClosing) {
        this.countElement(parent, name, start, tagEnd);
      } else {
        this.pushOrFlatten(parent, name, contentForeign, start, tagEnd);
      }
      return;
    }

    if (!HEAD_CONTENT.has(name) && name !== 'head' && name !== 'html' && this.isOpen('head')) this.headIntact = false;
    if (RAW_TEXT_ELEMENTS.has(name)) {
      this.openRawText(tag, tagEnd);
      return;
    }
    this.applyImpliedEndTags(name, start);
    parent = this.stack.at(-1);
    if ((name === 'html' || name === 'body' || name === 'head') && this.isOpen(name)) {
      // A second <html> or <body> adds its attributes to the open one (a byline class, say).
      if (name !== 'head' && tag.attributes.size > 0) this.keepAllWhitespace = true;
      return;
    }
    if (name === 'body') this.closeIfOpen('head', start);

    if (this.suppressed > 0) {
      if (!VOID_ELEMENTS.has(name)) this.push(name, 'inert', namespaceOf(name), start, tagEnd);
      return;
    }
    if (VOID_ELEMENTS.has(name)) {
      this.openVoid(tag, tagEnd, parent);
      return;
    }
    if (name === 'template') {
      this.push(name, 'drop-element', 'html', start, tagEnd);
      return;
    }
    if (name === 'svg') {
      this.countElement(parent, name, start, tagEnd);
      if (!selfClosing) this.push(name, 'drop-content', 'svg', start, tagEnd);
      return;
    }
    this.pushOrFlatten(parent, name, namespaceOf(name), start, tagEnd);
  }

  /** Opens a kept element, or past the depth limit a wrapper whose tags are cut. */
  private pushOrFlatten(
    parent: OpenElement | undefined,
    name: string,
    content: Namespace,
    start: number,
    tagEnd: number,
  ): void {
    if (this.keptDepth >= this.maxDepth) {
      this.flattened++;
      this.edits.push({ start, end: tagEnd, text: '' });
      this.push(name, 'wrapper', content, start, tagEnd);
      return;
    }
    this.countElement(parent, name, start, tagEnd);
    this.push(name, 'keep', content, start, tagEnd);
  }

  private openRawText(tag: PendingTag, tagEnd: number): void {
    const { name, start } = tag;
    const { end } = findRawTextEnd(this.html, name, tagEnd);
    this.restartAt(end);
    if (this.suppressed > 0) return;
    const parent = this.stack.at(-1);
    const type = tag.attributes.get('type')?.trim().toLowerCase();
    if (name === 'style' || (name === 'script' && type !== 'application/ld+json')) {
      this.edits.push({ start, end, text: '' });
      return;
    }
    this.countElement(parent, name, start, end);
    if (parent?.runs && PHRASING.has(name)) this.noteContent(parent.runs);
  }

  private openVoid(tag: PendingTag, tagEnd: number, parent: OpenElement | undefined): void {
    const { name, start, attributes } = tag;
    if (name === 'link' && RESOURCE_LINKS.test(attributes.get('rel') ?? '')) {
      this.edits.push({ start, end: tagEnd, text: '' });
      return;
    }
    this.collectUrls(name, attributes);
    if (!this.options.keepHeadMetadata && this.inIntactHead(parent) && !headElementIsRead(name, attributes)) {
      this.edits.push({ start, end: tagEnd, text: '' });
      return;
    }
    this.countElement(parent, name, start, tagEnd);
  }

  /** Whether `parent` is the <head>, as a direct child of <html>, with nothing yet that would close it. */
  private inIntactHead(parent: OpenElement | undefined): boolean {
    return this.headIntact && parent?.name === 'head' && this.stack.length === 2 && this.stack[0]?.name === 'html';
  }

  private collectUrls(name: string, attributes: ReadonlyMap<string, string>): void {
    const urls = this.urls;
    if (name === 'base' && urls.base === undefined && attributes.has('href')) {
      urls.base = decodeAttribute(attributes.get('href') ?? '');
    } else if (
      name === 'link' &&
      urls.canonical === undefined &&
      /(?:^|\s)canonical(?:\s|$)/i.test(attributes.get('rel') ?? '')
    ) {
      const href = attributes.get('href');
      if (href) urls.canonical = decodeAttribute(href);
    } else if (name === 'meta' && urls.ogUrl === undefined) {
      const property = (attributes.get('property') ?? attributes.get('name'))?.trim().toLowerCase();
      const content = attributes.get('content');
      if (property === 'og:url' && content) urls.ogUrl = decodeAttribute(content);
    }
  }

  /** Counts an element handed on to jsdom and tells its parent's break bookkeeping about it. */
  private countElement(parent: OpenElement | undefined, name: string, start: number, end: number): void {
    this.elements++;
    const runs = parent?.runs;
    if (!runs) return;
    if (name === 'br') this.noteBreak(runs, start, end);
    else if (PHRASING.has(name)) this.noteContent(runs);
    else this.endRun(runs, start);
  }

  private push(name: string, handling: Handling, content: Namespace, start: number, contentStart: number): void {
    if (handling === 'keep') this.keptDepth++;
    else if (handling === 'wrapper') this.openWrappers++;
    const depth = this.keptDepth + this.openWrappers;
    if (depth > this.maxSeenDepth) this.maxSeenDepth = depth;
    if (handling === 'drop-element' || handling === 'drop-content') this.suppressed++;
    const index = this.stack.length;
    const watched = handling === 'keep' && content === 'html' && WRAPPABLE_CONTAINERS.has(name);
    const readsRawText = KEEPS_WHITESPACE.has(name) || measuresRawText(this.opening ?? NO_ATTRIBUTES);
    this.opening = undefined;
    this.stack.push({
      name,
      handling,
      content,
      start,
      contentStart,
      runs: watched
        ? { runStart: contentStart, runHasContent: false, chain: undefined, splitting: false, breaks: 0, edits: [] }
        : undefined,
      keepsWhitespace: readsRawText || content !== 'html' || (this.stack.at(-1)?.keepsWhitespace ?? false),
      readsRawText,
    });
    let positions = this.openByName.get(name);
    if (!positions) {
      positions = [];
      this.openByName.set(name, positions);
    }
    positions.push(index);
    if (SCOPE_BOUNDARIES.has(name)) this.scopeBoundaries.push(index);
    if (TABLE_SCOPE_BOUNDARIES.has(name)) this.tableBoundaries.push(index);
  }

  private closeTag(name: string, tagStart: number, tagEnd: number): void {
    // </body> and </html> do not end anything in practice: later content still goes in the body.
    if (name === 'body' || name === 'html' || VOID_ELEMENTS.has(name)) return;
    const index = this.findInScope(name);
    if (index === -1) return;
    this.closeDownTo(index, tagStart, tagEnd);
  }

  /** The stack index of the element an end tag closes, or -1 if the standard would ignore it. */
  private findInScope(name: string): number {
    const index = this.openByName.get(name)?.at(-1) ?? -1;
    if (index === -1) return -1;
    const boundaries = TABLE_STRUCTURE.has(name) ? this.tableBoundaries : this.scopeBoundaries;
    const boundary = boundaries.at(-1) ?? -1;
    // Foreign elements close by name regardless of HTML scopes.
    return boundary > index && this.stack[index]?.content === 'html' ? -1 : index;
  }

  private isOpen(name: string): boolean {
    return (this.openByName.get(name)?.length ?? 0) > 0;
  }

  private closeIfOpen(name: string, at: number): void {
    const index = this.openByName.get(name)?.at(-1);
    if (index !== undefined) this.closeDownTo(index, at, undefined);
  }

  /** The end tags the standard implies when `name` opens (a <div> closes an open <p>, …). */
  private applyImpliedEndTags(name: string, at: number): void {
    const rule = CLOSED_BY_OPENING.get(name);
    if (!rule) return;
    if (rule.onlyCurrent) {
      const top = this.stack.at(-1);
      if (top && rule.names.includes(top.name)) this.closeDownTo(this.stack.length - 1, at, undefined);
      return;
    }
    // Table structure is closed within table scope (a cell does not shield its row).
    const boundaries = rule.names.some((closed) => TABLE_STRUCTURE.has(closed))
      ? this.tableBoundaries
      : this.scopeBoundaries;
    let limit = boundaries.at(-1) ?? -1;
    for (const stop of rule.stopAt) limit = Math.max(limit, this.openByName.get(stop)?.at(-1) ?? -1);
    for (const closed of rule.names) {
      const index = this.openByName.get(closed)?.at(-1);
      if (index !== undefined && index > limit) {
        this.closeDownTo(index, at, undefined);
        return;
      }
    }
  }

  /**
   * Pops the stack down to `index` (inclusive). `at` is where the elements end; `endTagEnd` is
   * set when the element at `index` is closed by its own end tag starting at `at`.
   */
  private closeDownTo(index: number, at: number, endTagEnd: number | undefined): void {
    // Closed by its own end tag as the current node: the one close this scan and the parser surely
    // agree on (otherwise the parser may keep an element open longer, or reopen a formatting element).
    const cleanClose = endTagEnd !== undefined && index === this.stack.length - 1;
    while (this.stack.length > index) {
      const element = this.stack.pop();
      if (!element) break;
      const position = this.stack.length;
      const explicit = position === index ? endTagEnd : undefined;
      if (element.readsRawText && !cleanClose) this.keepAllWhitespace = true;
      this.openByName.get(element.name)?.pop();
      if (this.scopeBoundaries.at(-1) === position) this.scopeBoundaries.pop();
      if (this.tableBoundaries.at(-1) === position) this.tableBoundaries.pop();
      this.finishElement(element, at, explicit);
    }
  }

  private finishElement(element: OpenElement, at: number, endTagEnd: number | undefined): void {
    switch (element.handling) {
      case 'keep':
        this.keptDepth--;
        break;
      case 'wrapper':
        this.openWrappers--;
        if (endTagEnd !== undefined) this.edits.push({ start: at, end: endTagEnd, text: '' });
        break;
      case 'drop-element':
        this.suppressed--;
        if (this.suppressed === 0) this.edits.push({ start: element.start, end: endTagEnd ?? at, text: '' });
        break;
      case 'drop-content':
        this.suppressed--;
        if (this.suppressed === 0 && at > element.contentStart) {
          this.edits.push({ start: element.contentStart, end: at, text: '' });
        }
        break;
      case 'inert':
        return;
    }
    if (element.runs) this.finishRuns(element.runs, at);
    const parentRuns = this.stack.at(-1)?.runs;
    if (parentRuns && element.handling === 'keep') {
      const end = endTagEnd ?? at;
      if (PHRASING.has(element.name)) this.noteContent(parentRuns);
      else this.startRunAfter(parentRuns, end);
    }
  }

  private restartAt(position: number): void {
    this.resumeAt = position;
    this.tokenizer?.pause();
  }

  // ── comments ────────────────────────────────────────────────────────────────────────────

  private commentLike(sectionStart: number, tokenizerEnd: number): void {
    const start = this.html.lastIndexOf('<', sectionStart - 1);
    if (start === -1) return;
    const end = findCommentEnd(this.html, start);
    // htmlparser2 does not know "--!>" or bogus CDATA: where the standard ends the comment
    // earlier, carry on tokenizing from there.
    if (end < Math.min(tokenizerEnd, this.html.length)) this.restartAt(end);
    if (this.suppressed === 0) this.edits.push({ start, end, text: '' });
  }

  // ── <br><br> runs ───────────────────────────────────────────────────────────────────────

  private noteContent(runs: BreakRuns): void {
    if (runs.chain) this.settleChain(runs);
    runs.runHasContent = true;
  }

  private noteBreak(runs: BreakRuns, start: number, end: number): void {
    if (runs.chain) {
      runs.chain.end = end;
      runs.chain.count++;
    } else {
      runs.chain = { start, end, count: 1 };
    }
  }

  /** A chain of two or more breaks ends the run before it, as Readability would make it a <p>. */
  private settleChain(runs: BreakRuns): void {
    const chain = runs.chain;
    runs.chain = undefined;
    if (!chain) return;
    if (chain.count < 2) {
      runs.runHasContent = true;
      return;
    }
    runs.breaks++;
    if (runs.runHasContent) {
      runs.edits.push({ start: runs.runStart, end: runs.runStart, text: '<p>' });
      runs.edits.push({ start: chain.start, end: chain.end, text: '</p>' });
    } else {
      runs.edits.push({ start: chain.start, end: chain.end, text: '' });
    }
    runs.splitting = true;
    runs.runStart = chain.end;
    runs.runHasContent = false;
  }

  /** A block child or the container's end closes the current run. */
  private endRun(runs: BreakRuns, at: number): void {
    this.settleChain(runs);
    if (runs.splitting && runs.runHasContent) {
      runs.edits.push({ start: runs.runStart, end: runs.runStart, text: '<p>' });
      runs.edits.push({ start: at, end: at, text: '</p>' });
    }
    runs.runHasContent = false;
    runs.splitting = false;
  }

  private startRunAfter(runs: BreakRuns, position: number): void {
    this.endRun(runs, position);
    runs.runStart = position;
  }

  private finishRuns(runs: BreakRuns, at: number): void {
    this.endRun(runs, at);
    if (runs.breaks < BREAKS_TO_WRAP) return;
    this.wrappedBreaks += runs.breaks;
    for (const edit of runs.edits) this.edits.push(edit);
  }
}

function namespaceOf(name: string): Namespace {
  return name === 'svg' ? 'svg' : name === 'math' ? 'math' : 'html';
}

/**
 * Applies non-overlapping edits; later edits inside an earlier cut are dropped. A cut must not
 * join its two sides into new markup: text "<" or "&" right before it would meet whatever follows
 * ("<" + "div>" is a tag, "&" + "amp;" an entity), so an empty comment keeps them apart there.
 */
function applyEdits(html: string, edits: Edit[]): string {
  if (edits.length === 0) return html;
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let position = 0;
  let last = '';
  for (const edit of edits) {
    if (edit.start < position) continue;
    const before = html.slice(position, edit.start);
    if (before) last = before;
    const text = edit.text === '' && edit.end > edit.start && /[<&]$/.test(last) ? '<!---->' : edit.text;
    parts.push(before, text);
    if (text) last = text;
    position = edit.end;
  }
  parts.push(html.slice(position));
  return parts.join('');
}

/** The few character references that matter in a URL attribute (decoding is off in the tokenizer). */
function decodeAttribute(value: string): string {
  return value.replace(
    /&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot|apos));/gi,
    (whole, dec?: string, hex?: string, named?: string) => {
      if (dec !== undefined || hex !== undefined) {
        const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      const names: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      return names[(named ?? '').toLowerCase()] ?? whole;
    },
  );
}

/**
 * Whether an inline style hides its element the way Readability checks: the last valid `display`
 * is `none` or the last valid `visibility` is `hidden` (later declarations win, `!important` or not).
 */
export function hidesElement(style: string): boolean {
  let display = '';
  let visibility = '';
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!\s*important\s*$/i, '')
      .trim()
      .toLowerCase();
    if (property === 'display' && value) display = value;
    else if (property === 'visibility' && value) visibility = value;
  }
  return display === 'none' || visibility === 'hidden';
}
