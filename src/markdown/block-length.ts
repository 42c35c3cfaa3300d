// Blocks any Markdown parser reads in time: no paragraph, heading or table cell longer than a bound.

import type {
  Heading,
  List,
  ListItem,
  Paragraph,
  Parents,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
} from 'mdast';

// CommonMark parsers read a block's inline content as one unit, and micromark (under remark) does
// work for each inline construct — an escape, a failed `!`, `&` or `[`, an emphasis — in proportion
// to the whole block: a paragraph of n characters dense in them costs O(n²). 8.5 MB of escaped
// punctuation in one paragraph took micromark over 70 minutes. Escaping cannot avoid it (escapes
// are such constructs themselves); bounding the block can: with every block under MAX_BLOCK, reading
// a document costs at most MAX_BLOCK times its length. Only what makes tokens counts: ASCII
// punctuation (letters, digits and spaces of a block are one token, read in linear time, so a
// 20 MB word stays whole). Prose has a punctuation mark every 15-30 characters, so no paragraph of
// prose comes near the bound; one that does is cut into several paragraphs at a sentence end, else
// at a space, so every character stays. The bound is 10,000 and not more because micromark is already
// super-linear well below it: a block of 25,000 characters of `]&\\[` repeated (weight 20,000) took
// 1.0–1.9 s of CPU where the same text in two blocks of 12,500 took 0.27 s. The 680 bench pages give
// the same Markdown with 10,000 as with 20,000.
export const MAX_BLOCK = 10_000;

// A node's own markers (`**`, `[`, `](`…) count a few characters; a URL, a title or a code span is
// read in one go, so their length does not count.
const MARKERS = 4;
// An emphasis, strong, strikethrough, link or image costs micromark more than its markers: each one
// it resolves splices the block's list of tokens, so a block of n of them costs O(n²) (100 KB of
// `*a* ` took 4.7 s where 25 KB took 0.6 s). Weighing them as SPAN characters keeps a block to at
// most MAX_BLOCK / SPAN of them (500: more than any paragraph of prose holds).
const SPAN = 20;

/** Cuts the tree's over-long blocks in place (see MAX_BLOCK). */
export function boundBlockLengths(root: Root, max = MAX_BLOCK): void {
  boundChildren(root, max);
}

function boundChildren(parent: Parents, max: number): void {
  if (!('children' in parent)) return;
  const children: RootContent[] = [];
  for (const child of parent.children as RootContent[]) children.push(...boundBlock(child, max));
  (parent as { children: RootContent[] }).children = children;
}

function boundBlock(node: RootContent, max: number): RootContent[] {
  switch (node.type) {
    case 'paragraph':
      if (weigh(node.children) <= max) return [node];
      return splitPhrasing(node.children, max).map((children): Paragraph => ({ type: 'paragraph', children }));
    case 'heading':
      return boundHeading(node, max);
    case 'table':
      return node.children.some((row) => row.children.some((cell) => weigh(cell.children) > max))
        ? [tableAsList(node, max)]
        : [node];
    case 'blockquote':
    case 'list':
    case 'listItem':
    case 'footnoteDefinition':
      boundChildren(node, max);
      return [node];
    default:
      return [node];
  }
}

/** A heading longer than any heading is text: its first part stays the heading, the rest follow as paragraphs. */
function boundHeading(heading: Heading, max: number): RootContent[] {
  if (weigh(heading.children) <= max) return [heading];
  const [first = [], ...rest] = splitPhrasing(heading.children, max);
  return [{ ...heading, children: first }, ...rest.map((children): Paragraph => ({ type: 'paragraph', children }))];
}

/**
 * A GFM cell is one line and cannot be cut, so a table with an over-long cell becomes a list: an
 * item per row, a paragraph per cell (cut like any paragraph). Every cell is kept, in order.
 */
function tableAsList(table: Table, max: number): List {
  const items = table.children.map((row): ListItem => {
    const paragraphs = row.children
      .filter((cell: TableCell) => cell.children.length > 0)
      .flatMap((cell) => boundBlock({ type: 'paragraph', children: cell.children }, max));
    return { type: 'listItem', spread: false, children: paragraphs as ListItem['children'] };
  });
  return { type: 'list', ordered: false, spread: false, children: items.filter((item) => item.children.length > 0) };
}

// ---- weighing and cutting phrasing ------------------------------------------------------------------

function weigh(nodes: readonly PhrasingContent[]): number {
  let weight = 0;
  for (const node of nodes) weight += weighNode(node);
  return weight;
}

function weighNode(node: PhrasingContent): number {
  if (node.type === 'text') return weighText(node.value);
  if (node.type === 'image') return SPAN + weighText(node.alt ?? '');
  if ('children' in node) return SPAN + weigh(node.children);
  return MARKERS;
}

/** Inline text weighs its ASCII punctuation: each mark can be a token (an escape, a failed construct). */
function weighText(text: string): number {
  let weight = 0;
  for (let index = 0; index < text.length; index++) if (isAsciiPunctuation(text.charCodeAt(index))) weight++;
  return weight;
}

function isAsciiPunctuation(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x2f) ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

/**
 * Cuts phrasing into runs that each weigh at most `max`: between nodes where it can, inside text
 * (at a sentence end, else a space) where it must, and through emphasis and links, each part
 * keeping its emphasis or link. An image whose description alone is too long gives it up as text.
 */
function splitPhrasing(nodes: readonly PhrasingContent[], max: number): PhrasingContent[][] {
  const runs: PhrasingContent[][] = [];
  let run: PhrasingContent[] = [];
  let weight = 0;
  const close = (): void => {
    const trimmed = trimRun(run);
    if (trimmed.length > 0) runs.push(trimmed);
    run = [];
    weight = 0;
  };
  for (const node of nodes.flatMap((child) => withShortDescription(child, max))) {
    const nodeWeight = weighNode(node);
    if (weight + nodeWeight <= max) {
      run.push(node);
      weight += nodeWeight;
      continue;
    }
    const parts = node.type === 'text' ? splitText(node.value, max - weight, max) : splitNode(node, max);
    if (node.type !== 'text' && weight > 0) close();
    for (const [index, part] of parts.entries()) {
      if (index > 0) close();
      run.push(part);
      weight += weighNode(part);
    }
  }
  close();
  return runs;
}

/** An emphasis or link cut into copies of itself around the runs of its content; anything else whole. */
function splitNode(node: PhrasingContent, max: number): PhrasingContent[] {
  if (!isContainer(node)) return [node];
  return splitPhrasing(node.children, max - SPAN).map((children) => ({ ...node, children }));
}

function withShortDescription(node: PhrasingContent, max: number): PhrasingContent[] {
  if (node.type !== 'image' || weighText(node.alt ?? '') <= max / 2) return [node];
  return [
    { ...node, alt: '' },
    { type: 'text', value: ` ${node.alt ?? ''}` },
  ];
}

// A cut goes after a sentence end if there is one in the last half of the budget, else after a space.
const SENTENCE_END = /[.!?。！？…]["'”’)\]]*\s+/g;
const SPACE = /\s+/g;

/**
 * Text cut into pieces: the first weighs at most `first` (it fills the run in progress, or is
 * empty when only a small part of a sentence would fit), the others at most `max`.
 */
function splitText(value: string, first: number, max: number): PhrasingContent[] {
  const pieces: PhrasingContent[] = [];
  let rest = value;
  let restWeight = weighText(value);
  let budget = first < max / 4 ? 0 : first;
  while (restWeight > budget) {
    const cut = budget === 0 ? 0 : cutPosition(rest, budget);
    const piece = rest.slice(0, cut);
    // An empty first piece closes the run in progress before the text starts a new one.
    if (cut > 0 || pieces.length === 0) pieces.push({ type: 'text', value: piece });
    restWeight -= weighText(piece);
    rest = rest.slice(cut);
    budget = max;
  }
  pieces.push({ type: 'text', value: rest });
  return pieces;
}

/** Where to cut `text` so that the part before weighs at most `budget` (always > 0). */
function cutPosition(text: string, budget: number): number {
  let limit = 0;
  for (let weight = 0; limit < text.length; limit++) {
    if (isAsciiPunctuation(text.charCodeAt(limit))) weight++;
    if (weight > budget) break;
  }
  const window = text.slice(Math.floor(limit / 2), limit);
  const offset = Math.floor(limit / 2);
  const sentence = lastMatchEnd(SENTENCE_END, window);
  if (sentence > 0) return offset + sentence;
  const space = lastMatchEnd(SPACE, window);
  if (space > 0) return offset + space;
  // No space at all (a run of punctuation, a CJK sentence): cut anywhere but inside a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? Math.max(1, limit - 1) : Math.max(1, limit);
}

function lastMatchEnd(pattern: RegExp, text: string): number {
  let end = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) end = match.index + match[0].length;
  return end;
}

/** A run of phrasing without whitespace or breaks at either end, inside emphasis and links too. */
function trimRun(run: PhrasingContent[]): PhrasingContent[] {
  return trimSide(trimSide(run, 'start'), 'end');
}

/** Drops breaks and whitespace from one end of phrasing: whole nodes while they are blank, then the edge of the next. */
function trimSide(nodes: PhrasingContent[], side: 'start' | 'end'): PhrasingContent[] {
  const result = [...nodes];
  while (result.length > 0) {
    const at = side === 'start' ? 0 : result.length - 1;
    const edge = result[at];
    if (!edge) break;
    let trimmed: PhrasingContent | undefined;
    if (edge.type === 'break') trimmed = undefined;
    else if (edge.type === 'text') {
      const value = side === 'start' ? edge.value.trimStart() : edge.value.trimEnd();
      trimmed = value === '' ? undefined : { ...edge, value };
    } else if (isContainer(edge)) {
      const children = trimSide(edge.children, side);
      trimmed = children.length === 0 ? undefined : { ...edge, children };
    } else break;
    if (trimmed === undefined) result.splice(at, 1);
    else {
      result[at] = trimmed;
      break;
    }
  }
  return result;
}

function isContainer(
  node: PhrasingContent,
): node is Extract<PhrasingContent, { type: 'emphasis' | 'strong' | 'delete' | 'link' }> {
  return node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete' || node.type === 'link';
}
