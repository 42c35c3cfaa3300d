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
    // Conditions (adjacentText among them) are judged on the paragraphs as they were before this rule.
    return paragraphs.filter((paragraph, index) => {
      if (!paragraphMeetsConditions(paragraphs, index, rule.when)) return true;
      record({ text: paragraph });
      return false;
    });
  },
};
