// strip-credit: takes a photo credit off the end of an image's alt text, keeping the description before it.

import { creditName, isCreditOnly, withoutTrailingCredit } from '../credits.js';
import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';
import { forgetTokens } from '../selector-needs.js';

/**
 * Pages write the credit into the alt text ("Fans in the square. Foto: dpa"), where it reads as part of what the
 * image shows and turns up in every text made from the article. Only the alt text is cut: a title keeps what the
 * page printed. An alt that is nothing but a credit ("© Jane Doe", "Foto: dpa") describes nothing: it moves to the
 * title, where the photo's attribution stays on the image without being read out as what the image shows.
 */
export const stripCreditAction: RuleAction = {
  name: 'strip-credit',
  phases: ['pre', 'post'],
  applyToDom(root, rule, record) {
    let movedToTitle = false;
    for (const image of selectTargets(root, rule)) {
      const alt = image.getAttribute('alt');
      if (alt === null) continue;
      if (isCreditOnly(alt)) {
        moveToTitle(image, alt.replace(/\s+/gu, ' ').trim());
        movedToTitle = true;
        record({ element: image, text: `alt "${alt.trim()}" → title` });
        continue;
      }
      const stripped = withoutTrailingCredit(alt.trim());
      const kept = stripped.replace(/[\s,;:|–—-]+$/u, '');
      if (kept === alt.trim() || !/[\p{L}\p{N}]/u.test(kept)) continue;
      record({ element: image, text: `alt "${alt.trim()}" → "${kept}"` });
      image.setAttribute('alt', kept);
    }
    // A title may be new to the page, and later rules select on attributes.
    if (movedToTitle) forgetTokens(root);
  },
};

/** Empties the alt and keeps the credit in the title, once (a title that already names the credit's source stays). */
function moveToTitle(image: Element, credit: string): void {
  image.setAttribute('alt', '');
  const title = (image.getAttribute('title') ?? '').replace(/\s+/gu, ' ').trim();
  if (!title) image.setAttribute('title', credit);
  else if (!title.includes(creditName(credit))) image.setAttribute('title', `${title} ${credit}`);
}
