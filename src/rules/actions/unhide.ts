// unhide: removes aria-hidden / inert / hidden from matching elements, undoing what consent scripts do.

import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';

const HIDING_ATTRIBUTES = ['aria-hidden', 'inert', 'hidden'] as const;

export const unhideAction: RuleAction = {
  name: 'unhide',
  phases: ['pre'],
  applyToDom(root, rule, record) {
    for (const element of selectTargets(root, rule)) {
      if (!HIDING_ATTRIBUTES.some((name) => element.hasAttribute(name))) continue;
      record({ element });
      for (const name of HIDING_ATTRIBUTES) element.removeAttribute(name);
    }
  },
};
