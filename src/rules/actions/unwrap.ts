// unwrap: replaces matching elements with their children (keeps the content, drops the wrapper).

import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';

export const unwrapAction: RuleAction = {
  name: 'unwrap',
  phases: ['pre', 'post'],
  applyToDom(root, rule, record) {
    for (const element of selectTargets(root, rule)) {
      if (element === root) continue;
      record({ element });
      element.replaceWith(...Array.from(element.childNodes));
    }
  },
};
