// Numbered lists whose items also print their own number: the counter written once, not twice.

import type { List, ListItem } from 'mdast';

/** A counter as pages print it in front of an item: "3", "3." or "3)". */
const COUNTER = /^\s*(\d{1,4})[.)]?\s*$/;

/**
 * Reference lists and recipe steps are often an `<ol>` styled without its numbers, each item opening with a block
 * that prints the number instead (`<li><p class="counter">1.</p><p>Shear NH, …</p></li>`). Markdown numbers the list
 * itself, so the item came out as "1. 1\." over its text. When every item of a numbered list (two or more) opens with
 * a paragraph that is nothing but its own number, in order from the list's start, that paragraph goes: the list's
 * numbering says the same. A list whose numbers do not follow its own order (a top-ten counting down, an item
 * skipped), or an item whose number shares its paragraph with text, is left as it is.
 */
export function dropRepeatedCounters(list: List): void {
  if (!list.ordered || list.children.length < 2) return;
  const start = list.start ?? 1;
  const counted = list.children.every((item, index) => openingCounter(item) === start + index);
  if (!counted) return;
  for (const item of list.children) item.children.shift();
}

/** The number an item's first block prints when that block is a paragraph of nothing but a counter. */
function openingCounter(item: ListItem): number | undefined {
  const [first, second] = item.children;
  if (first?.type !== 'paragraph' || second === undefined) return undefined;
  const [only, ...rest] = first.children;
  if (only?.type !== 'text' || rest.length > 0) return undefined;
  const match = COUNTER.exec(only.value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
