// drop-from-here-on: removes the first matching element and everything after it in document order.

import { paragraphMeetsConditions } from '../conditions.js';
import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';

export const dropFromHereOnAction: RuleAction = {
  name: 'drop-from-here-on',
  phases: ['post', 'text'],
  applyToDom(root, rule, record) {
    const start = selectTargets(root, rule).find((element) => element !== root);
    if (!start) return;
    // Walk up to the root, removing the start node and every later sibling on the way.
    let node: Element | null = start;
    while (node && node !== root) {
      const parent: Element | null = node.parentElement;
      let sibling: ChildNode | null = node.nextSibling;
      while (sibling) {
        const next: ChildNode | null = sibling.nextSibling;
        if (sibling.nodeType === 1) record({ element: sibling as Element });
        sibling.remove();
        sibling = next;
      }
      node = parent;
    }
    record({ element: start });
    start.remove();
  },
  applyToText(paragraphs, rule, record) {
    const index = paragraphs.findIndex((_, at) => paragraphMeetsConditions(paragraphs, at, rule.when));
    if (index < 0) return [...paragraphs];
    for (const paragraph of paragraphs.slice(index)) record({ text: paragraph });
    return paragraphs.slice(0, index);
  },
};
