// remove-attribute: removes the attributes a rule's XPath selects (`//img/@srcset`), keeping their elements.

import { evaluateNodes } from '../xpath/evaluate-xpath.js';
import type { RuleAction } from './action-types.js';

export const removeAttributeAction: RuleAction = {
  name: 'remove-attribute',
  phases: ['pre'],
  applyToDom(root, rule, record) {
    for (const { source, plan } of rule.xpathPlans) {
      for (const node of evaluateNodes(plan, root)) {
        // Other nodes an expression may select (elements, text) are not this action's.
        if (node.nodeType !== 2) continue;
        const attribute = node as Attr;
        const owner = attribute.ownerElement;
        if (owner === null) continue;
        record({
          element: owner,
          text: `@${attribute.name}="${attribute.value}" on <${owner.localName}>`,
          selector: source,
        });
        owner.removeAttributeNode(attribute);
      }
    }
  },
};
