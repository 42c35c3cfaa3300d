// Marks the brackets in text that would cost a Markdown reader time in proportion to their block.

import type { Nodes, Root, Text } from 'mdast';

declare module 'mdast' {
  interface TextData {
    /** Brackets of this text (`[` and `]`, counted in order from 0) to write escaped (see escapes.ts). */
    keptBrackets?: ReadonlySet<number>;
  }
}

// micromark (under remark) reads a `]` by looking back for an open `[`: it copies and normalises
// the text from that `[` (a label to look up), and GFM's footnote call walks back over the block's
// tokens to the last `[` or link. So nested brackets (`[[[…]]]`, also across emphasis:
// `**[****[**…`) and `]`s that close nothing cost time in proportion to the block, per bracket:
// 40 KB of either took 6 s to parse, 25 KB of bold brackets 3 s and 50 KB 27 s. Escaped, a bracket
// is no syntax at all. Here at most MAX_OPEN unescaped `[` are open at once in a block and every
// unescaped `]` closes one of them, so each character is read a bounded number of times; prose
// (`[1]`, `[[wiki]]`, `**[**[source](…)**]**`) keeps its brackets as written.
const MAX_OPEN = 2;

/** Marks, on the tree's text nodes, the brackets to keep escaped (read by the root handler in escapes.ts). */
export function markCostlyBrackets(root: Root): void {
  visit(root, { open: 0 });
}

interface BlockState {
  open: number;
}

function visit(node: Nodes, block: BlockState): void {
  switch (node.type) {
    // A link's or image's text is bracketed by the link itself, and the escaper balances brackets there.
    case 'link':
    case 'linkReference':
    case 'image':
    case 'imageReference':
    case 'inlineCode':
    case 'code':
    case 'html':
      return;
    case 'text':
      markText(node, block);
      return;
    // Each starts inline content a reader parses on its own (a table's cells as one, to be safe).
    case 'paragraph':
    case 'heading':
    case 'table':
      block = { open: 0 };
      break;
    default:
      break;
  }
  if ('children' in node) for (const child of node.children) visit(child, block);
}

function markText(text: Text, block: BlockState): void {
  const kept = new Set<number>();
  let bracket = 0;
  for (const character of text.value) {
    if (character === '[') {
      if (block.open < MAX_OPEN) block.open++;
      else kept.add(bracket);
      bracket++;
    } else if (character === ']') {
      if (block.open > 0) block.open--;
      else kept.add(bracket);
      bracket++;
    }
  }
  if (kept.size > 0) text.data = { ...text.data, keptBrackets: kept };
}
