// strip-credit: takes a photo credit off the end of an image's alt text, keeping the description before it.

import { withoutTrailingCredit } from '../credits.js';
import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';

/**
 * Pages write the credit into the alt text ("Fans in the square. Foto: dpa"), where it reads as part of what the
 * image shows and turns up in every text made from the article. Only the alt text is cut: a title keeps what the
 * page printed. An alt that is nothing but a credit is left as it is (it says who took the photo, and there is no
 * description to keep instead).
 */
export const stripCreditAction: RuleAction = {
  name: 'strip-credit',
  phases: ['pre', 'post'],
  applyToDom(root, rule, record) {
    for (const image of selectTargets(root, rule)) {
      const alt = image.getAttribute('alt');
      if (alt === null) continue;
      const stripped = withoutTrailingCredit(alt.trim());
      // An alt that is a credit only stays: emptied, it would take a printed caption, often another credit.
      const kept = stripped.replace(/[\s,;:|–—-]+$/u, '');
      if (kept === alt.trim() || !/[\p{L}\p{N}]/u.test(kept)) continue;
      record({ element: image, text: `alt "${alt.trim()}" → "${kept}"` });
      image.setAttribute('alt', kept);
    }
  },
};
