// Readability's own first-pass test for the blocks it strips unseen as unlikely (@mozilla/readability 0.6.0): a class
// or id naming a header, menu, footer, sidebar, comment, ad or banner, and a navigation or dialog role. Read here by
// stages that must judge a block as Readability will.

import { Readability } from '@mozilla/readability';

const READABILITY = Readability.prototype as unknown as {
  REGEXPS: { unlikelyCandidates: RegExp; okMaybeItsACandidate: RegExp };
  UNLIKELY_ROLES: readonly string[];
};

/** Whether the element's class or id (`className + " " + id`, as Readability reads them) names it unlikely. */
export function namedUnlikely(element: Element): boolean {
  const { unlikelyCandidates, okMaybeItsACandidate } = READABILITY.REGEXPS;
  const names = `${typeof element.className === 'string' ? element.className : ''} ${element.id}`;
  return unlikelyCandidates.test(names) && !okMaybeItsACandidate.test(names);
}

/** Whether the element's role is one Readability strips (navigation, dialog, …). */
export function hasUnlikelyRole(element: Element): boolean {
  return READABILITY.UNLIKELY_ROLES.includes(element.getAttribute('role') ?? '');
}
