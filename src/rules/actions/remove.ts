// remove: deletes matching elements (or paragraphs) with everything inside them.

import { paragraphMeetsConditions } from '../conditions.js';
import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';

export const removeAction: RuleAction = {
  name: 'remove',
  phases: ['pre', 'post', 'text'],
  applyToDom(root, rule, record) {
    for (const element of selectTargets(root, rule)) {
      if (element === root) continue; // never delete the whole page or article
      record({ element });
      element.remove();
    }
  },
  applyToText(paragraphs, rule, record) {
    // Conditions (adjacentText among them) are judged on the paragraphs as they were before this rule, except
    // that adjacency chains through what this rule removes: a notice followed by "Accept all", then "Manage
    // preferences", loses both lines, the second being next to the notice once the first is gone.
    const removed = new Set<number>();
    for (let grew = true; grew;) {
      grew = false;
      paragraphs.forEach((_, index) => {
        if (removed.has(index) || !paragraphMeetsConditions(paragraphs, index, rule.when, removed)) return;
        removed.add(index);
        // Without adjacentText one pass finds everything; with it, each removal may make a neighbour adjacent.
        grew = rule.when.adjacentText !== undefined;
      });
    }
    return paragraphs.filter((paragraph, index) => {
      if (!removed.has(index)) return true;
      record({ text: paragraph });
      return false;
    });
  },
};
