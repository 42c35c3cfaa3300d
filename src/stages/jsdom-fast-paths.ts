// Two jsdom costs nothing here (or anyone else) can observe, removed: MutationObserver records
// nobody can receive, and inline-style objects for elements whose style nobody reads. Imported
// for its effect, before jsdom is first loaded. (A third, in jsdom-base-url.ts, is installed after.)
//
// Both go through jsdom internals. Written against jsdom 29.1.1 (pinned in package.json);
// test/jsdom-fast-paths.test.ts fails if an upgrade moves them. jsdom's modules copy what they use
// from these modules when they are first loaded (`const { queueTreeMutationRecord } = require(…)`;
// the inline-style mixin is copied onto HTMLElement's and SVGElement's prototypes), so the
// replacements must be in place before that: parse.ts and load-rules.ts, the modules that import
// jsdom, import this module first. Installed once per jsdom instance: a second copy of this module
// (a test runner's fresh module registry) finds them in place, with the counts kept on them.

import mutationObservers from 'jsdom/lib/jsdom/living/helpers/mutation-observers.js';
import internalConstants from 'jsdom/lib/jsdom/living/helpers/internal-constants.js';
import type { JsdomNodeImpl } from 'jsdom/lib/jsdom/living/helpers/mutation-observers.js';
import mutationObserverModule from 'jsdom/lib/jsdom/living/mutation-observer/MutationObserver-impl.js';
import inlineStyleModule from 'jsdom/lib/jsdom/living/css/ElementCSSInlineStyle-impl.js';
import cssStyleProperties from 'jsdom/lib/generated/idl/CSSStyleProperties.js';

const { domSymbolTree } = internalConstants;

/** Records skipped so far because no observer could receive them (for the test that this is in effect). */
export function skippedMutationRecords(): number {
  return mutationObservers.declutterSkipped ?? 0;
}

// MutationObserver records. Every insertion, removal, attribute change and text append in jsdom
// (parsing included: each word of text is appended to its text node separately) calls
// queueMutationRecord, which copies the target's ancestors into an array, builds a Map of interested
// observers and schedules a microtask, even when no MutationObserver exists. An observer receives a
// record only when it is registered on the target or one of its ancestors, so when none is, the
// replacements return at once; otherwise they call jsdom's own function.

/**
 * Whether an observer is registered on `target` or an ancestor: only then can a record about it be
 * delivered. Registrations are made only by MutationObserver's observe() (jsdom has no transient
 * ones), so until the first call nothing is observed anywhere and no walk is needed.
 */
function observed(target: JsdomNodeImpl): boolean {
  if (!mutationObservers.declutterObserverRegistered) return false;
  for (let node: JsdomNodeImpl | null = target; node; node = domSymbolTree.parent(node)) {
    if (node._registeredObserverList.length > 0) return true;
  }
  return false;
}

function skip(): void {
  mutationObservers.declutterSkipped = (mutationObservers.declutterSkipped ?? 0) + 1;
}

if (mutationObservers.declutterSkipped === undefined) {
  const { queueMutationRecord, queueTreeMutationRecord, queueAttributeMutationRecord } = mutationObservers;
  mutationObservers.queueMutationRecord = (type, target, ...rest) => {
    if (observed(target)) return queueMutationRecord(type, target, ...rest);
    skip();
  };
  mutationObservers.queueTreeMutationRecord = (target, ...rest) => {
    if (observed(target)) return queueTreeMutationRecord(target, ...rest);
    skip();
  };
  mutationObservers.queueAttributeMutationRecord = (target, ...rest) => {
    if (observed(target)) return queueAttributeMutationRecord(target, ...rest);
    skip();
  };
  const observerPrototype = mutationObserverModule.implementation.prototype;
  const observe = observerPrototype.observe;
  observerPrototype.observe = function (this: unknown, ...args: unknown[]) {
    mutationObservers.declutterObserverRegistered = true;
    return observe.apply(this, args);
  };
  mutationObservers.declutterSkipped = 0;
}

// Inline style. jsdom gives every HTML and SVG element, as it is created, the object behind
// `element.style`: a CSSStyleDeclaration with four Maps, behind a Proxy, for each of the thousands of
// elements of a page, though prune-html leaves no style attribute and nothing here reads `style`.
// Here the object is made on first read instead, from the same arguments; jsdom itself reads it
// when a style attribute is set, so one present while parsing still fills it as before.

interface InlineStyleHolder {
  _globalObject: unknown;
  _settingCssText: boolean;
  style: unknown;
}

const inlineStyle = inlineStyleModule.implementation.prototype as Partial<InlineStyleHolder> & {
  _initElementCSSInlineStyle: (this: InlineStyleHolder) => void;
  declutterLazyStyle?: boolean;
};

function ownStyle(element: InlineStyleHolder, style: unknown): unknown {
  Object.defineProperty(element, 'style', { value: style, writable: true, enumerable: true, configurable: true });
  return style;
}

if (!inlineStyle.declutterLazyStyle) {
  inlineStyle._initElementCSSInlineStyle = function () {
    this._settingCssText = false;
  };
  Object.defineProperty(inlineStyle, 'style', {
    configurable: true,
    get(this: InlineStyleHolder): unknown {
      return ownStyle(this, cssStyleProperties.createImpl(this._globalObject, [], { ownerNode: this }));
    },
    set(this: InlineStyleHolder, value: unknown) {
      ownStyle(this, value);
    },
  });
  inlineStyle.declutterLazyStyle = true;
}
