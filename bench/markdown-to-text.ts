// Markdown → the text a reader sees, for scoring: parsed with remark (GFM), never with regexes.
//
// What is kept and dropped (documented in BENCHMARKS.md):
// - paragraphs, headings, list items, block quotes, table rows and code blocks each become one block,
//   blocks are separated by a blank line (so words of adjacent blocks never fuse into one token);
// - link text is kept, the URL is not; emphasis, strong, strikethrough and inline code keep their text;
// - raw HTML (turndown keeps header-less tables as HTML) gives its text, a break at each non-inline tag;
// - images (alt text included), link definitions, footnote markers and rules are dropped;
// - hard line breaks become a newline; table cells are joined with a space, rows with a newline.

import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { toString } from 'mdast-util-to-string';
import type { Nodes, Root, RootContent, TableRow } from 'mdast';
import { htmlFragmentText } from './html-text.js';

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/** The visible text of a Markdown document, one block per paragraph, blocks split by blank lines. */
export function markdownToText(markdown: string): string {
  return markdownToBlocks(markdown).join('\n\n');
}

/** The visible text of each block (paragraph, heading, list item paragraph, table, code block). */
export function markdownToBlocks(markdown: string): string[] {
  const tree: Root = parser.parse(markdown);
  const blocks: string[] = [];
  for (const child of tree.children) collectBlocks(child, blocks);
  return blocks.filter((block) => block.trim() !== '');
}

function collectBlocks(node: RootContent, blocks: string[]): void {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      blocks.push(phrasingText(node).trim());
      return;
    case 'code':
      blocks.push(node.value);
      return;
    case 'table':
      blocks.push(node.children.map(rowText).join('\n'));
      return;
    case 'html':
      blocks.push(...splitBlocks(htmlFragmentText(node.value)));
      return;
    case 'blockquote':
    case 'list':
    case 'listItem':
    case 'footnoteDefinition':
      for (const child of node.children) collectBlocks(child, blocks);
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

function rowText(row: TableRow): string {
  return row.children
    .map((cell) => phrasingText(cell).trim())
    .filter((text) => text !== '')
    .join(' ');
}

/** Text of inline content; `toString` reads leaf values, the walk decides what is visible. */
function phrasingText(node: Nodes): string {
  switch (node.type) {
    case 'break':
      return '\n';
    case 'html':
      return htmlFragmentText(node.value);
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
    case 'definition':
      return '';
    default:
      if ('children' in node) return node.children.map((child) => phrasingText(child)).join('');
      return toString(node, { includeImageAlt: false });
  }
}
