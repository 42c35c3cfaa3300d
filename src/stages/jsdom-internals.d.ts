// Types for the jsdom-internal modules that jsdom-fast-paths.ts, elements-by-tag.ts and rules/conditions.ts reach
// into (jsdom 29.1.1). Only what they use; jsdom's own implementation objects are far larger.

declare module 'jsdom/lib/jsdom/living/helpers/mutation-observers.js' {
  /** A node's implementation object, behind the DOM wrapper: its registered MutationObservers. */
  export interface JsdomNodeImpl {
    _registeredObserverList: unknown[];
  }
  type Rest = unknown[];
  interface MutationObserverHelpers {
    queueMutationRecord: (type: string, target: JsdomNodeImpl, ...rest: Rest) => void;
    queueTreeMutationRecord: (target: JsdomNodeImpl, ...rest: Rest) => void;
    queueAttributeMutationRecord: (target: JsdomNodeImpl, ...rest: Rest) => void;
    /** Set by declutter: how many records it skipped (undefined until its replacements are installed). */
    declutterSkipped?: number;
    /** Set by declutter once any MutationObserver has called observe(). */
    declutterObserverRegistered?: boolean;
  }
  const helpers: MutationObserverHelpers;
  export default helpers;
}

declare module 'jsdom/lib/jsdom/living/helpers/internal-constants.js' {
  import type { JsdomNodeImpl } from 'jsdom/lib/jsdom/living/helpers/mutation-observers.js';
  interface DomSymbolTree {
    parent: (node: JsdomNodeImpl) => JsdomNodeImpl | null;
    /** The node after `node` in document order, staying inside `root`'s subtree (null past its end). */
    following: <Node extends JsdomNodeImpl>(node: Node, options: { root: JsdomNodeImpl }) => Node | null;
    /** The nodes of the subtree at `root` (root first) in document order that pass `filter`. */
    treeToArray: <Node extends JsdomNodeImpl>(
      root: JsdomNodeImpl,
      options: { filter: (node: Node) => boolean },
    ) => Node[];
  }
  const constants: { domSymbolTree: DomSymbolTree };
  export default constants;
}

declare module 'jsdom/lib/jsdom/living/mutation-observer/MutationObserver-impl.js' {
  const observerModule: { implementation: { prototype: { observe: (...args: unknown[]) => unknown } } };
  export default observerModule;
}

declare module 'jsdom/lib/jsdom/living/css/ElementCSSInlineStyle-impl.js' {
  /** The mixin jsdom copies onto HTMLElement's and SVGElement's implementation prototypes. */
  const inlineStyleModule: { implementation: { prototype: object } };
  export default inlineStyleModule;
}

declare module 'jsdom/lib/generated/idl/CSSStyleProperties.js' {
  const cssStyleProperties: {
    createImpl: (globalObject: unknown, constructorArgs: unknown[], privateData: { ownerNode: object }) => unknown;
  };
  export default cssStyleProperties;
}

// A DOM object's implementation object (its tree version for rules/conditions.ts, its own properties for a
// test) and back (elements-by-tag.ts walks jsdom's tree of implementation objects).
declare module 'jsdom/lib/generated/idl/utils.js' {
  const idlUtils: { implForWrapper: (wrapper: object) => object; wrapperForImpl: (impl: object) => object };
  export default idlUtils;
}

// The document's base URL steps (jsdom-base-url.ts replaces how they find the <base> element).
declare module 'jsdom/lib/jsdom/living/nodes/Document-impl.js' {
  export interface JsdomDocumentImpl {
    _baseURLCache: unknown;
    _fallbackBaseURL: () => unknown;
    _frozenBaseURL: (base: object, fallback: unknown) => unknown;
  }
  const documentModule: {
    implementation: { prototype: { baseURL: (this: JsdomDocumentImpl) => unknown; declutterBaseWalk?: boolean } };
  };
  export default documentModule;
}
