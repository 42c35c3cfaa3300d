// unhide: removes aria-hidden and inert from matching elements, undoing what consent scripts do to the page.

import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';

/** What consent scripts set on the page behind their dialog: hidden from assistive technology, still on screen. */
const HIDING_ATTRIBUTES = ['aria-hidden', 'inert'] as const;

/**
 * Content hidden from everyone (the `hidden` attribute, an inline display:none) is genuinely hidden: closed
 * menus, templates, the other half of a tab set. unhide never shows it, whatever the selector says.
 */
function hiddenFromEveryone(element: Element): boolean {
  return element.hasAttribute('hidden') || /display\s*:\s*none/i.test(element.getAttribute('style') ?? '');
}

export const unhideAction: RuleAction = {
  name: 'unhide',
  phases: ['pre'],
  applyToDom(root, rule, record) {
    for (const element of selectTargets(root, rule)) {
      if (hiddenFromEveryone(element) || !HIDING_ATTRIBUTES.some((name) => element.hasAttribute(name))) continue;
      record({ element });
      for (const name of HIDING_ATTRIBUTES) element.removeAttribute(name);
    }
  },
};
