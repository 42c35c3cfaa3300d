// Readability's conditional cleaning, never taking a recipe's ingredients with it.
//
// Readability removes, after choosing its article, each table, list and block that looks like clutter by its
// counts: few words, many list items, a low score, links. A recipe's ingredients are exactly that shape (a small
// table of "50 ml | milk" rows, the names linked to the shop's products; a list of one-line items), so on recipe
// pages they went while the method stayed. A page that marks them up as a schema.org Recipe's ingredients (microdata
// `itemprop=recipeIngredient`, or `ingredients`, the older name many pages still use) has said what they are: while
// Readability cleans conditionally, a block holding the article's last copy of some ingredient is not removed (its
// other blocks are judged as before), so a page that prints the card twice (a desktop tab and a phone carousel)
// keeps one copy, not both. Written against @mozilla/readability 0.6.0 (`_cleanConditionally` hands `_removeNodes`
// the nodes of one tag and the test that removes them); check it when upgrading.

import { elementsMatching, firstMatching } from './elements-by-tag.js';
import { collapseWhitespace } from './text-runs.js';

/** A recipe's ingredient lines in microdata. */
export const INGREDIENT_ITEMS = '[itemprop~=recipeIngredient i], [itemprop~=ingredients i]';

type RemovalTest = (this: unknown, node: Element, index: number, nodes: ArrayLike<Element>) => boolean;

interface CleaningInternals {
  _cleanConditionally: (element: Element, tag: string) => void;
  _removeNodes: (nodes: ArrayLike<Element>, test?: RemovalTest) => void;
}

/** Installs the exemption on one Readability instance (before its parse). */
export function useKeptIngredients(reader: object): void {
  const internals = reader as CleaningInternals;
  const ownClean = internals._cleanConditionally.bind(internals);
  const ownRemove = internals._removeNodes.bind(internals);
  // Readability cleans one article element tag by tag; an article without ingredients never gains one, so it is
  // looked at once (the article, not the whole page: a walk over every page's elements cost 2 % of the pipeline).
  const withoutIngredients = new WeakSet<Element>();
  internals._cleanConditionally = (element, tag) => {
    if (withoutIngredients.has(element)) return ownClean(element, tag);
    if (firstMatching(element, INGREDIENT_ITEMS) === null) {
      withoutIngredients.add(element);
      return ownClean(element, tag);
    }
    internals._removeNodes = (nodes, test) =>
      ownRemove(nodes, function (this: unknown, node, index, all) {
        if (holdsLastCopy(element, node)) return false;
        return test === undefined || test.call(this, node, index, all);
      });
    try {
      ownClean(element, tag);
    } finally {
      internals._removeNodes = ownRemove;
    }
  };
}

/** Whether `block` holds an ingredient line that no item outside it, under `article`, holds too. */
function holdsLastCopy(article: Element, block: Element): boolean {
  const inside: string[] = [];
  const outside = new Set<string>();
  for (const item of elementsMatching(article, INGREDIENT_ITEMS)) {
    const line = collapseWhitespace(item.textContent ?? '');
    if (block.contains(item)) inside.push(line);
    else outside.add(line);
  }
  return inside.some((line) => !outside.has(line));
}
