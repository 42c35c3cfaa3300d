// <figure> → its media and its caption as separate paragraphs, so a caption never runs into an image.

import type { Handle } from 'hast-util-to-mdast';
import type { Paragraph, PhrasingContent, RootContent } from 'mdast';

const PHRASING: ReadonlySet<string> = new Set(['text', 'emphasis', 'strong', 'delete', 'inlineCode', 'break', 'link']);

/**
 * Converts a `<figure>`: each image (or linked image) becomes a paragraph of its own, text beside
 * it becomes a caption paragraph, and `<figcaption>` content stays a plain text paragraph.
 */
export const handleFigure: Handle = (state, node) => {
  const blocks: RootContent[] = [];
  let run: PhrasingContent[] = [];
  const flush = (): void => {
    if (run.some((child) => child.type !== 'text' || child.value.trim() !== '')) {
      const paragraph: Paragraph = { type: 'paragraph', children: run };
      blocks.push(paragraph);
    }
    run = [];
  };
  for (const child of state.all(node)) {
    if (isMedia(child)) {
      flush();
      blocks.push({ type: 'paragraph', children: [child] });
    } else if (isPhrasing(child)) {
      run.push(child);
    } else {
      flush();
      blocks.push(child);
    }
  }
  flush();
  return state.toFlow(blocks);
};

function isPhrasing(node: RootContent): node is PhrasingContent {
  return PHRASING.has(node.type);
}

function isMedia(node: RootContent): node is PhrasingContent {
  if (node.type === 'image') return true;
  return node.type === 'link' && node.children.length > 0 && node.children.every((child) => child.type === 'image');
}
