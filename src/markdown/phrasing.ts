// The mdast node types the converter's passes treat as phrasing (inline) content.

/** Inline node types: what a GFM table cell can hold, and what a paragraph is made of. */
export const PHRASING_TYPES: ReadonlySet<string> = new Set([
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'inlineMath',
  'break',
  'link',
  'image',
  'linkReference',
  'imageReference',
]);
