// jsdom's search for the document's <base>, done without its selector engine. Imported for its effect,
// after jsdom has loaded (parse.ts imports it right after jsdom): jsdom's document module cannot be loaded
// on its own, and the replacement, unlike those in jsdom-fast-paths.ts, is read from the prototype at
// each call. Written against jsdom 29.1.1 (pinned); test/jsdom-fast-paths.test.ts fails if an upgrade moves it.

import 'jsdom';
import internalConstants from 'jsdom/lib/jsdom/living/helpers/internal-constants.js';
import type { JsdomNodeImpl } from 'jsdom/lib/jsdom/living/helpers/mutation-observers.js';
import documentModule from 'jsdom/lib/jsdom/living/nodes/Document-impl.js';
import type { JsdomDocumentImpl, JsdomElementImpl } from 'jsdom/lib/jsdom/living/nodes/Document-impl.js';

const { domSymbolTree } = internalConstants;

// The first read of any link's or image's address asks for it, and jsdom finds the
// <base> with `querySelector("base[href]")`: that builds the document's selector engine (nwsapi and
// dom-selector, about a millisecond and a half) on a page that may ask it nothing else, since
// elements-by-tag.ts answers the rules' look-ups without it. The same element is found by a walk of the tree:
// the first element named `base` (in an HTML document a type selector matches an HTML element's name
// ignoring case) with an `href` attribute in no namespace. jsdom's own steps then run as before.

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
const ELEMENT_NODE = 1;

function firstBaseWithHref(document: JsdomDocumentImpl): JsdomElementImpl | null {
  let node = domSymbolTree.following<JsdomNodeImpl>(document, { root: document });
  while (node) {
    const element = node as Partial<JsdomElementImpl>;
    if (
      element.nodeType === ELEMENT_NODE &&
      (element._namespaceURI === HTML_NAMESPACE ? element._localName?.toLowerCase() : element._localName) === 'base' &&
      element.hasAttributeNS?.(null, 'href') === true
    ) {
      return element as JsdomElementImpl;
    }
    node = domSymbolTree.following(node, { root: document });
  }
  return null;
}

const documentPrototype = documentModule.implementation.prototype;

if (!documentPrototype.declutterBaseWalk) {
  documentPrototype.baseURL = function (this: JsdomDocumentImpl): unknown {
    if (this._baseURLCache) return this._baseURLCache;
    const firstBase = firstBaseWithHref(this);
    this._baseURLCache =
      firstBase === null ? this._fallbackBaseURL() : this._frozenBaseURL(firstBase, this._fallbackBaseURL());
    return this._baseURLCache;
  };
  documentPrototype.declutterBaseWalk = true;
}
