// jsdom's search for the document's <base>, done without its selector engine. Imported for its effect,
// after jsdom has loaded (parse.ts imports it right after jsdom): jsdom's document module cannot be loaded
// on its own, and the replacement, unlike those in jsdom-fast-paths.ts, is read from the prototype at
// each call. Written against jsdom 29.1.1 (pinned); test/jsdom-fast-paths.test.ts fails if an upgrade moves it.

import 'jsdom';
import idlUtils from 'jsdom/lib/generated/idl/utils.js';
import documentModule from 'jsdom/lib/jsdom/living/nodes/Document-impl.js';
import type { JsdomDocumentImpl } from 'jsdom/lib/jsdom/living/nodes/Document-impl.js';
import { elementsWithTags } from './elements-by-tag.js';

// The first read of any link's or image's address asks for it, and jsdom finds the <base> with
// `querySelector("base[href]")`: that builds the document's selector engine (nwsapi and dom-selector, about a
// millisecond and a half) on a page that may ask it nothing else, since elements-by-tag.ts answers the rules'
// look-ups without it. The same element is the first named `base` (found by tag, as the parser names elements)
// with an `href` attribute. jsdom's own steps then run as before.

const documentPrototype = documentModule.implementation.prototype;

if (!documentPrototype.declutterBaseWalk) {
  documentPrototype.baseURL = function (this: JsdomDocumentImpl): unknown {
    if (this._baseURLCache) return this._baseURLCache;
    const document = idlUtils.wrapperForImpl(this) as Document;
    const firstBase = elementsWithTags(document, ['base']).find((base) => base.hasAttribute('href'));
    this._baseURLCache =
      firstBase === undefined
        ? this._fallbackBaseURL()
        : this._frozenBaseURL(idlUtils.implForWrapper(firstBase), this._fallbackBaseURL());
    return this._baseURLCache;
  };
  documentPrototype.declutterBaseWalk = true;
}
