// The Markdown tree → plain text: what a reader sees, with no Markdown syntax, for `--format text`.

import type { Nodes, Root, RootContent } from 'mdast';

/**
 * Blocks are separated by a blank line, list items and table rows take a line each (nested
 * items indented by two spaces), table cells are separated by a tab, a hard break is a newline.
 * Images show nothing: their alt text is not part of the visible text. A caption folded onto its
 * image was visible text, so it shows where the image stands, once.
 */
export function toPlainText(root: Root): string {
  return blocksText(root.children, '').trim();
}

function blocksText(nodes: readonly RootContent[], indent: string): string {
  const parts: string[] = [];
  for (const node of nodes) {
    const text = blockText(node, indent);
    if (text !== '') parts.push(text);
  }
  return parts.join(`\n\n`);
}

function blockText(node: RootContent, indent: string): string {
  switch (node.type) {
    case 'code':
      return indentLines(node.value, indent);
    case 'list':
      return node.children
        .map((item) => {
          const [first, ...rest] = item.children;
          if (!first) return '';
          const lines = [blockText(first, indent)];
          for (const child of rest) {
            lines.push(blockText(child, child.type === 'list' ? `${indent}  ` : indent));
          }
          return lines.filter((line) => line !== '').join('\n');
        })
        .filter((item) => item !== '')
        .join('\n');
    case 'blockquote':
      return blocksText(node.children, indent);
    case 'table':
      return node.children
        .map((row) => indent + row.children.map((cell) => inlineText(cell.children, ' ')).join('\t'))
        .join('\n');
    case 'heading':
      // A heading is one line in Markdown too: a break in it shows as a space.
      return indent + inlineText(node.children, ' ');
    case 'math':
      // Maths prints as its TeX, the only text it has.
      return indentLines(node.value, indent);
    case 'thematicBreak':
    case 'html':
    case 'definition':
      return '';
    default:
      return 'children' in node ? indentLines(inlineText(node.children), indent) : '';
  }
}

function inlineText(nodes: readonly Nodes[], lineBreak = '\n'): string {
  let text = '';
  // A caption stands where its image stood, parted by spaces from the words on either side.
  let spaceAfterCaption = false;
  const add = (piece: string): void => {
    if (piece === '') return;
    if (spaceAfterCaption && !/^\s/.test(piece)) text += ' ';
    spaceAfterCaption = false;
    text += piece;
  };
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'inlineMath') add(node.value);
    else if (node.type === 'break') add(lineBreak);
    else if (node.type === 'image' && node.data?.caption) {
      add(text === '' || /\s$/.test(text) ? node.data.caption : ` ${node.data.caption}`);
      spaceAfterCaption = true;
    } else if (node.type !== 'image' && 'children' in node) add(inlineText(node.children, lineBreak));
  }
  return text;
}

function indentLines(text: string, indent: string): string {
  return indent === '' ? text : text.replace(/^(?=.)/gm, indent);
}
