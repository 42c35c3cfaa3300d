// <a> → mdast link; an anchor without an href (a named target, a script hook) is just its text.

import type { Handle } from 'hast-util-to-mdast';
import type { Link, PhrasingContent } from 'mdast';
import { collapse } from './image.js';

/** Converts an `<a>`; URL safety and resolution happen later, for every URL in one place. */
export const handleLink: Handle = (state, node) => {
  // Block content inside a link (card-style teasers) is split around it later by the converter.
  const children = state.all(node) as PhrasingContent[];
  const href = node.properties.href;
  if (typeof href !== 'string' || href.trim() === '') return children;
  const result: Link = { type: 'link', url: href, title: collapse(node.properties.title) || null, children };
  state.patch(node, result);
  return result;
};
