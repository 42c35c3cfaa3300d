// The page as parsed, written out again as inert HTML with the report's marks: only tags and attributes from fixed
// allowlists, every text escaped, images and embeds as placeholders. Nothing of the page's markup is copied through.

import { toSafeUrl } from '../markdown/safe-url.js';
import { childElements } from '../stages/elements-by-tag.js';
import { CHANGE_LABELS, type ChangeKind, type RuleFamily } from './families.js';
import { escapeAttribute, escapeText, shorten, withoutControlCharacters } from './html-text.js';

/** One trace entry as the report shows it. */
export interface MarkEntry {
  /** The trace entry's number (1 for the first): one change may be marked in several places on the page. */
  change: number;
  ruleId: string;
  kind: ChangeKind;
  family: RuleFamily;
  /** The hover text: rule id, what it did, its selector and why the rule exists. */
  title: string;
}

/** What to mark on the page: elements and runs of child nodes, the article container and what was kept. */
export interface PageMarks {
  elements: ReadonlyMap<Element, readonly MarkEntry[]>;
  /** Runs of child nodes (content a made-up wrapper held), by the page element they are children of. */
  runs: ReadonlyMap<Element, readonly { from: number; to: number; entries: readonly MarkEntry[] }[]>;
  /** The smallest page element holding everything Readability kept. */
  container: Element | undefined;
  /** True when the node, or something inside it, ended up in the article. */
  holdsKept: (node: Node) => boolean;
  /** True when the node itself ended up in the article. */
  isKept: (node: Node) => boolean;
}

export interface InertPageOptions {
  /** Show http(s) images instead of placeholders. */
  images: boolean;
  /** The page URL, to show (and, with `images`, load) relative image URLs absolutely. */
  baseUrl: string | undefined;
}

/** One located mark as written: its number, in document order, and what it covers. */
export interface WrittenMark {
  number: number;
  entries: readonly MarkEntry[];
}

export interface InertPage {
  html: string;
  marks: WrittenMark[];
  /** Marks on elements that are not shown (in the page's <head>, or inside something written as a placeholder). */
  unshown: MarkEntry[][];
}

// Tags written as they are: structure and text semantics that load nothing and run nothing.
const KEPT_TAGS = new Set(
  (
    'p div span h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr td th caption colgroup col blockquote ' +
    'pre code kbd samp var em strong b i u s small sub sup mark abbr cite q dfn time data br hr wbr figure figcaption ' +
    'header footer nav aside section article main address ins del bdi bdo ruby rt rp'
  ).split(' '),
);
// Tags written as another harmless one.
const RENAMED_TAGS: Readonly<Record<string, string>> = {
  center: 'div',
  details: 'div',
  summary: 'div',
  dialog: 'div',
  form: 'div',
  fieldset: 'div',
  legend: 'div',
  search: 'div',
  hgroup: 'div',
  noscript: 'div',
  menu: 'ul',
  strike: 's',
  tt: 'code',
  listing: 'pre',
  xmp: 'pre',
  plaintext: 'pre',
  font: 'span',
  big: 'span',
  nobr: 'span',
  blink: 'span',
  marquee: 'span',
  label: 'span',
  picture: 'span',
  output: 'span',
  meter: 'span',
  progress: 'span',
  select: 'span',
  optgroup: 'span',
  option: 'span',
  datalist: 'span',
  button: 'span',
  a: 'a',
};
// Written as a placeholder naming what was there (and its URL), never as themselves; their children are not written.
const PLACEHOLDER_TAGS = new Set(
  'img image video audio iframe frame frameset object embed applet canvas svg portal fencedframe input textarea map'.split(
    ' ',
  ),
);
// Never written at all: they show nothing, or only load or run something.
const DROPPED_TAGS = new Set(
  'script style link meta base title template slot source track param area head noembed noframes'.split(' '),
);
const VOID_TAGS = new Set(['br', 'hr', 'wbr', 'col']);
const BLOCK_TAGS = new Set(
  (
    'address article aside blockquote details dialog div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 ' +
    'header hgroup hr li main nav ol p pre section table ul center menu search noscript'
  ).split(' '),
);
// A label (a child span) cannot go inside these without the browser moving it elsewhere: the mark goes on a wrapper.
const WRAPPED_WHEN_MARKED = new Set(['table', 'ul', 'ol', 'dl', 'menu', 'br', 'hr', 'wbr', 'col', 'colgroup']);
// …nor inside these, which must stay in their table: the label goes into the first cell within.
const TABLE_PARTS = new Set(['thead', 'tbody', 'tfoot', 'tr']);
const CELLS = new Set(['td', 'th', 'caption']);

const LAZY_IMAGE_SOURCES = ['data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-hi-res-src', 'src'];

interface WriteState {
  /** Inside something a rule removed or Readability dropped: no further shading. */
  settled: boolean;
}

/** Writes the body of `page` (the `<html>` element as parsed) as inert HTML with the marks. */
export function writeInertPage(page: Element, marks: PageMarks, options: InertPageOptions): InertPage {
  const out: string[] = [];
  const written: WrittenMark[] = [];
  const unshown: MarkEntry[][] = [];
  const blockish = new WeakMap<Element, boolean>();
  let pendingCellLabel: string | undefined;

  const nextMark = (entries: readonly MarkEntry[]): number => {
    const number = written.length + 1;
    written.push({ number, entries });
    return number;
  };

  const writeText = (text: Node, state: WriteState): void => {
    const value = escapeText(withoutControlCharacters(text.nodeValue ?? ''));
    if (!state.settled && value.trim() !== '' && !marks.isKept(text)) {
      out.push(`<span class="dcl-dropped" title="dropped by Readability">${value}</span>`);
    } else out.push(value);
  };

  const writeNode = (node: Node, state: WriteState): void => {
    if (node.nodeType === 3) writeText(node, state);
    else if (node.nodeType === 1) writeElement(node as Element, state);
  };

  const writeChildren = (element: Element, state: WriteState): void => {
    const runs = marks.runs.get(element) ?? [];
    const children: Node[] = [];
    for (let child = element.firstChild; child; child = child.nextSibling) children.push(child);
    const writtenRuns = new Set<(typeof runs)[number]>();
    for (let index = 0; index < children.length; index++) {
      const run = runs.find((candidate) => candidate.from === index && !writtenRuns.has(candidate));
      if (!run) {
        writeNode(children[index] as Node, state);
        continue;
      }
      writtenRuns.add(run);
      const number = nextMark(run.entries);
      out.push(`<span${markAttributes(run.entries, number, [])}>${markLabel(run.entries, number)}`);
      const inner = { settled: state.settled || removes(run.entries) };
      const last = Math.min(run.to, children.length - 1);
      for (let at = index; at <= last; at++) writeNode(children[at] as Node, inner);
      out.push('</span>');
      index = last;
    }
    for (const run of runs) if (!writtenRuns.has(run)) unshown.push([...run.entries]);
  };

  const writeElement = (element: Element, state: WriteState): void => {
    const tag = element.localName;
    if (element.namespaceURI !== HTML_NS) {
      // SVG or MathML: an SVG picture as a placeholder; a formula by its text, in spans.
      if (tag === 'svg') writePlaceholder(element, state);
      else writeMarked(element, 'span', state, (inner) => writeChildren(element, inner));
      return;
    }
    if (DROPPED_TAGS.has(tag)) {
      collectUnshown(element);
      return;
    }
    if (PLACEHOLDER_TAGS.has(tag)) {
      writePlaceholder(element, state);
      return;
    }
    const outTag = KEPT_TAGS.has(tag) ? tag : (RENAMED_TAGS[tag] ?? (holdsBlock(element) ? 'div' : 'span'));
    writeMarked(element, outTag, state, (inner) => writeChildren(element, inner));
  };

  const writePlaceholder = (element: Element, state: WriteState): void => {
    writeMarked(element, 'span', state, () => out.push(placeholder(element, options)), { placeholder: true });
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) collectUnshown(child);
  };

  /** Marks on an element that is not written, or inside it, are listed as not shown. */
  const collectUnshown = (element: Element): void => {
    const own = marks.elements.get(element);
    if (own) unshown.push([...own]);
    for (const run of marks.runs.get(element) ?? []) unshown.push([...run.entries]);
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) collectUnshown(child);
  };

  /** An unknown element (a custom element, `o:p`) is a div when it holds blocks, else a span. */
  const holdsBlock = (element: Element): boolean => {
    const known = blockish.get(element);
    if (known !== undefined) return known;
    let found = false;
    for (let child = element.firstElementChild; child && !found; child = child.nextElementSibling) {
      const name = child.localName;
      found = BLOCK_TAGS.has(name) || (!KEPT_TAGS.has(name) && !(name in RENAMED_TAGS) && holdsBlock(child));
    }
    blockish.set(element, found);
    return found;
  };

  const writeMarked = (
    element: Element,
    outTag: string,
    state: WriteState,
    writeInside: (state: WriteState) => void,
    { placeholder: isPlaceholder = false }: { placeholder?: boolean } = {},
  ): void => {
    const entries = marks.elements.get(element);
    const removed = entries !== undefined && removes(entries);
    const dropped = !state.settled && !removed && !marks.holdsKept(element);
    const isContainer = element === marks.container;
    const classes: string[] = [];
    let title: string | undefined;
    if (dropped) {
      classes.push('dcl-dropped');
      title = 'dropped by Readability';
    }
    if (isContainer) classes.push('dcl-article');
    if (element.hasAttribute('hidden')) classes.push('dcl-hidden-in-page');
    const href = outTag === 'a' ? element.getAttribute('href') : null;
    if (href !== null) {
      // No href in the report: a link shows where it led on hover, and nothing can be followed from the report.
      classes.push('dcl-link');
      title ??= `link: ${shorten(withoutControlCharacters(href.trim()), 300)}`;
    }
    const inner: WriteState = { settled: state.settled || removed || dropped };
    const attributes = safeAttributes(element, outTag);
    const containerLabel = isContainer
      ? '<span class="dcl-label dcl-article-label" aria-hidden="true">article: Readability kept what is in here</span>'
      : '';
    // A parser drops one newline right after <pre>: one is written there, so the page's own first newline stays.
    const afterOpen = outTag === 'pre' ? '\n' : '';
    const open = (ownClasses: string[], ownTitle: string | undefined): string =>
      `<${outTag}${ownClasses.length > 0 ? ` class="${ownClasses.join(' ')}"` : ''}` +
      `${ownTitle !== undefined ? ` title="${escapeAttribute(ownTitle)}"` : ''}${attributes}>${afterOpen}`;
    const body = (): void => {
      if (VOID_TAGS.has(outTag)) return;
      takeCellLabel(outTag);
      out.push(containerLabel);
      writeInside(inner);
      if (TABLE_PARTS.has(outTag)) pendingCellLabel = undefined;
      out.push(`</${outTag}>`);
    };

    if (!entries) {
      out.push(open(classes, title));
      body();
      return;
    }
    const number = nextMark(entries);
    const label = markLabel(entries, number);
    if (isPlaceholder || WRAPPED_WHEN_MARKED.has(outTag)) {
      const wrapper = BLOCK_TAGS.has(outTag) || outTag === 'colgroup' ? 'div' : 'span';
      out.push(`<${wrapper}${markAttributes(entries, number, [])}>${label}`);
      out.push(open(classes, title));
      body();
      out.push(`</${wrapper}>`);
      return;
    }
    out.push(`<${outTag}${markAttributes(entries, number, classes)}${attributes}>${afterOpen}`);
    if (TABLE_PARTS.has(outTag)) pendingCellLabel = label;
    else out.push(label);
    body();
  };

  const takeCellLabel = (outTag: string): void => {
    if (pendingCellLabel !== undefined && CELLS.has(outTag)) {
      out.push(pendingCellLabel);
      pendingCellLabel = undefined;
    }
  };

  const head = childElements(page).find((child) => child.localName === 'head');
  if (head) collectUnshown(head);
  const body = childElements(page).find((child) => child.localName !== 'head');
  if (body?.localName === 'body') {
    // The body is written as a div: the report has a body of its own.
    writeMarked(body, 'div', { settled: false }, (inner) => writeChildren(body, inner));
  } else if (body) writeElement(body, { settled: false }); // a frames page's frameset: a placeholder
  return { html: out.join(''), marks: written, unshown };
}

function removes(entries: readonly MarkEntry[]): boolean {
  return entries.some((entry) => entry.kind === 'removed' || entry.kind === 'folded');
}

/** The attributes of a mark: number, family and kind classes (for colour, pattern and the toggle), rule ids, hover text. */
function markAttributes(entries: readonly MarkEntry[], number: number, classes: readonly string[]): string {
  const families = [...new Set(entries.map((entry) => `dcl-fam-${entry.family.key}`))];
  const kinds = [...new Set(entries.map((entry) => `dcl-${entry.kind}`))];
  const rules = [...new Set(entries.map((entry) => entry.ruleId))].join(' ');
  const title = entries.map((entry) => entry.title).join('\n\n');
  const changes = [...new Set(entries.map((entry) => entry.change))].join(' ');
  const spoken = `Change ${number}: ${entries.map((entry) => `${entry.ruleId}, ${CHANGE_LABELS[entry.kind]}`).join('; ')}`;
  return (
    ` id="dcl-m${number}" class="${['dcl-mark', ...families, ...kinds, ...classes].join(' ')}" tabindex="0"` +
    ` data-rules="${escapeAttribute(rules)}" data-changes="${changes}" title="${escapeAttribute(title)}"` +
    ` aria-label="${escapeAttribute(spoken)}"`
  );
}

/** The visible label of a mark: its number, rule ids and what they did (readable without colour). */
function markLabel(entries: readonly MarkEntry[], number: number): string {
  const names = [...new Set(entries.map((entry) => entry.ruleId))].join(', ');
  const kinds = [...new Set(entries.map((entry) => CHANGE_LABELS[entry.kind]))].join(', ');
  return `<span class="dcl-label" aria-hidden="true">${number} · ${escapeText(shorten(names, 120))} · ${escapeText(kinds)}</span>`;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** The few attributes that carry layout or language, each checked against a strict pattern. */
function safeAttributes(element: Element, outTag: string): string {
  let attributes = '';
  const value = (name: string): string | null => element.getAttribute(name);
  if (outTag === 'td' || outTag === 'th') {
    for (const name of ['colspan', 'rowspan']) {
      const span = value(name);
      if (span !== null && /^\s*\d{1,4}\s*$/.test(span)) attributes += ` ${name}="${Number(span)}"`;
    }
  }
  if (outTag === 'ol') {
    const start = value('start');
    if (start !== null && /^\s*-?\d{1,9}\s*$/.test(start)) attributes += ` start="${Number(start)}"`;
    if (element.hasAttribute('reversed')) attributes += ' reversed';
  }
  if (outTag === 'li') {
    const number = value('value');
    if (number !== null && /^\s*-?\d{1,9}\s*$/.test(number)) attributes += ` value="${Number(number)}"`;
  }
  const dir = value('dir')?.trim().toLowerCase();
  if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') attributes += ` dir="${dir}"`;
  const lang = value('lang')?.trim();
  if (lang && /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}$/.test(lang)) attributes += ` lang="${lang}"`;
  return attributes;
}

/** A placeholder for an image, embed, frame or form control: what it was, its alt text or value, and its URL. */
function placeholder(element: Element, options: InertPageOptions): string {
  const tag = element.localName;
  if (tag === 'img' || tag === 'image') return imagePlaceholder(element, options);
  const source =
    element.getAttribute('src') ??
    element.getAttribute('data') ??
    element.querySelector('source[src]')?.getAttribute('src') ??
    undefined;
  const url = source !== undefined ? toSafeUrl(source, options.baseUrl) : undefined;
  let text = '';
  if (tag === 'input') {
    const type = (element.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'hidden') return '';
    text = element.getAttribute('value') ?? element.getAttribute('placeholder') ?? '';
    return `<span class="dcl-ph">[input ${escapeText(shorten(withoutControlCharacters(type), 20))}${text ? `: ${escapeText(shorten(withoutControlCharacters(text), 80))}` : ''}]</span>`;
  }
  if (tag === 'textarea') text = element.textContent ?? '';
  const name = tag === 'frameset' ? 'frames' : tag;
  return (
    `<span class="dcl-ph">[${name}${text ? `: ${escapeText(shorten(withoutControlCharacters(text), 200))}` : ''}` +
    `${url ? ` <span class="dcl-url">${escapeText(shorten(url, 300))}</span>` : ''}]</span>`
  );
}

function imagePlaceholder(element: Element, options: InertPageOptions): string {
  const alt = withoutControlCharacters(element.getAttribute('alt') ?? '').trim();
  const source = LAZY_IMAGE_SOURCES.map((name) => element.getAttribute(name)).find(
    (candidate): candidate is string => candidate !== null && candidate.trim() !== '' && !/^\s*data:/i.test(candidate),
  );
  const url = source !== undefined ? toSafeUrl(source, options.baseUrl) : undefined;
  if (options.images && url !== undefined && /^https?:/i.test(url)) {
    return `<img src="${escapeAttribute(url)}" alt="${escapeAttribute(alt)}" loading="lazy" decoding="async" referrerpolicy="no-referrer">`;
  }
  const spoken = alt ? `image: ${alt}` : 'image without alt text';
  return (
    `<span class="dcl-ph dcl-img" role="img" aria-label="${escapeAttribute(shorten(spoken, 300))}">` +
    `[image${alt ? `: ${escapeText(shorten(alt, 300))}` : ''}` +
    `${url ? ` <span class="dcl-url">${escapeText(shorten(url, 300))}</span>` : ''}]</span>`
  );
}
