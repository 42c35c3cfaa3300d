// What a Markdown tree shows, as plain data: for checking that Markdown reads back as the tree it was written from.

import type { Nodes, Root } from 'mdast';

/** One node as a reader sees it: its kind, what it shows, and where it points. */
export interface Shape {
  type: string;
  value?: string;
  url?: string;
  title?: string | null;
  alt?: string;
  depth?: number;
  ordered?: boolean;
  start?: number | null;
  lang?: string | null;
  children?: Shape[];
}

/**
 * The tree without what does not change the rendering: positions, list looseness, table
 * alignment, the split of text into nodes, and whitespace runs (HTML shows any run as one space,
 * and a line's leading and trailing whitespace not at all).
 */
export function shapeOf(node: Nodes, oneLine = false): Shape {
  switch (node.type) {
    case 'break':
      // A table cell and a heading are one line: a break there is written as a space.
      return oneLine ? { type: 'text', value: ' ' } : { type: 'break' };
    case 'text':
    case 'inlineCode':
    case 'html':
      return { type: node.type, value: node.value };
    case 'code':
      return { type: 'code', lang: node.lang ?? null, value: node.value };
    case 'link':
      return {
        type: 'link',
        url: node.url,
        title: node.title ?? null,
        children: phrasingShapes(node.children, oneLine),
      };
    case 'image':
      return { type: 'image', url: node.url, title: node.title ?? null, alt: collapse(node.alt ?? '') };
    case 'heading':
      return { type: 'heading', depth: node.depth, children: trimmed(phrasingShapes(node.children, true)) };
    case 'list':
      return {
        type: 'list',
        ordered: node.ordered ?? false,
        start: node.ordered ? (node.start ?? 1) : null,
        children: node.children.map((child) => shapeOf(child)),
      };
    case 'paragraph':
      return { type: node.type, children: trimmed(phrasingShapes(node.children, oneLine)) };
    case 'tableCell':
      return { type: node.type, children: trimmed(phrasingShapes(node.children, true)) };
    case 'emphasis':
    case 'strong':
    case 'delete':
      return { type: node.type, children: phrasingShapes(node.children, oneLine) };
    default:
      return 'children' in node
        ? { type: node.type, children: (node.children as Nodes[]).map((child) => shapeOf(child, oneLine)) }
        : { type: node.type };
  }
}

const collapse = (text: string): string => text.replace(/[ \t\r\n]+/g, ' ');

/** Inline nodes with neighbouring text joined and whitespace runs collapsed. */
function phrasingShapes(children: readonly Nodes[], oneLine: boolean): Shape[] {
  const shapes: Shape[] = [];
  for (const child of children) {
    const shape = shapeOf(child, oneLine);
    const previous = shapes[shapes.length - 1];
    if (shape.type === 'text' && previous?.type === 'text') previous.value = (previous.value ?? '') + shape.value;
    else shapes.push(shape);
  }
  for (const shape of shapes) if (shape.type === 'text') shape.value = collapse(shape.value ?? '');
  return shapes.filter((shape) => shape.type !== 'text' || shape.value !== '');
}

/** A line's edges: leading and trailing whitespace of a block's first and last text does not show. */
function trimmed(shapes: Shape[]): Shape[] {
  const first = shapes[0];
  if (first?.type === 'text') first.value = (first.value ?? '').replace(/^ /, '');
  const last = shapes[shapes.length - 1];
  if (last?.type === 'text') last.value = (last.value ?? '').replace(/ $/, '');
  return shapes.filter((shape) => shape.type !== 'text' || shape.value !== '');
}

/**
 * GFM readers (remark, cmark-gfm) turn `www.x.com`, `https://x.com` and `a@b.co` in text into
 * links whatever the escaping, so a link the Markdown does not write (with `[` or `<`) is read as
 * the text it came from.
 */
export function withoutLiteralAutolinks(tree: Root, markdown: string): Root {
  const unwrap = (node: Nodes): void => {
    if (!('children' in node)) return;
    const children: Nodes[] = [];
    for (const child of node.children as Nodes[]) {
      const start = child.position?.start.offset;
      const written = start !== undefined && (markdown.charAt(start) === '[' || markdown.charAt(start) === '<');
      if (child.type === 'link' && !written) children.push(...child.children);
      else children.push(child);
      unwrap(child);
    }
    (node as { children: Nodes[] }).children = children;
  };
  unwrap(tree);
  return tree;
}
