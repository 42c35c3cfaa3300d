// Markdown → the text a reader sees, for scoring: parsed with remark (GFM), never with regexes.
//
// What is kept and dropped (documented in BENCHMARKS.md):
// - paragraphs, headings, list items, block quotes, table rows and code blocks each become one block,
//   blocks are separated by a blank line (so words of adjacent blocks never fuse into one token);
// - link text is kept, the URL is not; emphasis, strong, strikethrough and inline code keep their text;
// - raw HTML (turndown keeps header-less tables as HTML) gives its text, a break at each non-inline tag;
// - images are dropped, alt text included (AEB's truth has no alt text), unless `imageAlt` asks for
//   the alt text in the image's place (trafilatura's metric keeps it); link definitions, footnote
//   markers and rules are dropped;
// - hard line breaks become a newline; table cells are joined with a space, rows with a newline.

import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { toString } from 'mdast-util-to-string';
import type { Nodes, Root, RootContent, TableRow } from 'mdast';
import { htmlFragmentText } from './html-text.js';

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

export interface TextOptions {
  /** Keep an image's alt text where the image stands (default: images give no text). */
  imageAlt?: boolean;
}

/** The visible text of a Markdown document, one block per paragraph, blocks split by blank lines. */
export function markdownToText(markdown: string, options: TextOptions = {}): string {
  return markdownToBlocks(markdown, options)
    .map((block) => block.text)
    .join('\n\n');
}

export type BlockKind = 'paragraph' | 'heading' | 'list-item' | 'quote' | 'table' | 'code' | 'html';

/** One block of visible text, with how much of it is link text (for the findings report). */
export interface TextBlock {
  kind: BlockKind;
  text: string;
  /** Characters of the text that sit inside links. */
  linkChars: number;
  /** The block holds an image, or comes right after a paragraph that is only images (caption-like). */
  nearImage: boolean;
}

/** The visible text of each block (paragraph, heading, list item paragraph, table, code block). */
export function markdownToBlocks(markdown: string, options: TextOptions = {}): TextBlock[] {
  const tree: Root = parser.parse(markdown);
  const blocks: TextBlock[] = [];
  const state: WalkState = { afterImage: false, imageAlt: options.imageAlt ?? false };
  for (const child of tree.children) collectBlocks(child, { blocks, state, container: undefined });
  return blocks;
}

interface WalkState {
  /** The last block-level node was a paragraph of images only. */
  afterImage: boolean;
  /** Images give their alt text. */
  readonly imageAlt: boolean;
}

interface Walk {
  blocks: TextBlock[];
  state: WalkState;
  /** The list or quote a paragraph sits in, which names its block kind. */
  container: BlockKind | undefined;
}

function push(walk: Walk, block: Omit<TextBlock, 'nearImage'>, images = 0): void {
  if (block.text.trim() === '') {
    walk.state.afterImage = images > 0;
    return;
  }
  walk.blocks.push({ ...block, nearImage: images > 0 || walk.state.afterImage });
  walk.state.afterImage = false;
}

function collectBlocks(node: RootContent, walk: Walk): void {
  switch (node.type) {
    case 'paragraph':
    case 'heading': {
      const parts = phrasingParts(node, walk.state.imageAlt);
      push(
        walk,
        { kind: walk.container ?? node.type, text: parts.text.trim(), linkChars: parts.linkChars },
        parts.images,
      );
      return;
    }
    case 'code':
      push(walk, { kind: 'code', text: node.value, linkChars: 0 });
      return;
    case 'table': {
      const rows = node.children.map((row) => rowParts(row, walk.state.imageAlt));
      push(walk, {
        kind: 'table',
        text: rows.map((row) => row.text).join('\n'),
        linkChars: rows.reduce((sum, row) => sum + row.linkChars, 0),
      });
      return;
    }
    case 'html':
      for (const text of splitBlocks(htmlFragmentText(node.value, { imageAlt: walk.state.imageAlt })))
        push(walk, { kind: 'html', text, linkChars: 0 });
      return;
    case 'blockquote':
      for (const child of node.children) collectBlocks(child, { ...walk, container: walk.container ?? 'quote' });
      return;
    case 'list':
    case 'listItem':
      for (const child of node.children) collectBlocks(child, { ...walk, container: 'list-item' });
      return;
    case 'footnoteDefinition':
      for (const child of node.children) collectBlocks(child, walk);
      return;
    default:
      // definition, thematicBreak, yaml: markup, not visible text.
      return;
  }
}

function splitBlocks(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
}

interface Parts {
  text: string;
  linkChars: number;
  images: number;
}

function rowParts(row: TableRow, imageAlt: boolean): Parts {
  const cells = row.children.map((cell) => phrasingParts(cell, imageAlt)).filter((cell) => cell.text.trim() !== '');
  return {
    text: cells.map((cell) => cell.text.trim()).join(' '),
    linkChars: cells.reduce((sum, cell) => sum + cell.linkChars, 0),
    images: 0,
  };
}

/** Text of inline content; `toString` reads leaf values, the walk decides what is visible. */
function phrasingParts(node: Nodes, imageAlt: boolean): Parts {
  switch (node.type) {
    case 'break':
      return { text: '\n', linkChars: 0, images: 0 };
    case 'html':
      return { text: htmlFragmentText(node.value, { imageAlt }), linkChars: 0, images: 0 };
    case 'image':
    case 'imageReference':
      return { text: imageAlt ? (node.alt ?? '') : '', linkChars: 0, images: 1 };
    case 'footnoteReference':
    case 'definition':
      return { text: '', linkChars: 0, images: 0 };
    default: {
      if (!('children' in node)) return { text: toString(node, { includeImageAlt: false }), linkChars: 0, images: 0 };
      const children = node.children.map((child) => phrasingParts(child, imageAlt));
      const text = children.map((child) => child.text).join('');
      const isLink = node.type === 'link' || node.type === 'linkReference';
      const total = (key: 'linkChars' | 'images'): number => children.reduce((sum, child) => sum + child[key], 0);
      return { text, linkChars: isLink ? text.length : total('linkChars'), images: total('images') };
    }
  }
}
