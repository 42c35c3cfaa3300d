// Readability helpers replaced with ones that give the same results and cost less under jsdom.
//
// Readability is written for browsers; some of its helpers go through jsdom's slowest paths (the CSS
// selector engine, CSSStyleDeclaration objects, collection proxies). Each replacement here is
// observably the same for Readability: same elements, same order where it matters, same answers.
// They are set on the one Readability instance, not its prototype. Written against
// @mozilla/readability 0.6.0; check them when upgrading it.

import { elementsWithTags } from './elements-by-tag.js';

/** The Readability helpers replaced here. */
interface ReaderInternals {
  _getAllNodesWithTag: (node: Element | Document, tagNames: readonly string[]) => ArrayLike<Element>;
  _isProbablyVisible: (node: Element) => boolean;
}

/** Installs every replacement on one Readability instance. */
export function useJsdomFastPaths(reader: object): void {
  useTreeLookups(reader as ReaderInternals);
  useAttributeVisibility(reader as ReaderInternals);
}

/**
 * Readability finds elements by tag name with `querySelectorAll("h1,h2")`: in jsdom that goes
 * through the full CSS selector engine on every call (about a third of Readability's time on AEB
 * pages). getElementsByTagName matches exactly as a type selector does in an HTML document (an HTML
 * element by its name case-insensitively, as Readability passes some lists in upper case; an element
 * in another namespace, SVG or MathML, by its exact name) and walks the tree inside jsdom, ten times
 * faster than a walk through the DOM API (src/stages/elements-by-tag.ts).
 * A list of several tags is filtered from all elements, so it stays in document order; jsdom's
 * engine returned some such lists group by group, but Readability only counts or sums over those.
 */
function useTreeLookups(internals: ReaderInternals): void {
  internals._getAllNodesWithTag = (node, tagNames) => elementsWithTags(node, tagNames);
}

/**
 * Readability's visibility check reads `node.style.display` and `.visibility`: the first `style` read
 * makes jsdom build a CSSStyleDeclaration wrapper, for every element of every pass. prune-html leaves
 * no style attribute on the page (a hiding one becomes `hidden`), and without one an element's
 * declaration is empty, so both are "": what remains of the check is its attribute part, done here.
 * An element that does have a style attribute (a rule put one back) gets Readability's own check.
 */
function useAttributeVisibility(internals: ReaderInternals): void {
  const ownCheck = internals._isProbablyVisible.bind(internals);
  internals._isProbablyVisible = (node) => {
    if (node.hasAttribute('style')) return ownCheck(node);
    if (node.hasAttribute('hidden')) return false;
    // aria-hidden hides, except on Wikimedia's math fallback images (SVG's className is not a string).
    const className: unknown = node.className;
    return (
      node.getAttribute('aria-hidden') !== 'true' ||
      (typeof className === 'string' && className.includes('fallback-image'))
    );
  };
}
