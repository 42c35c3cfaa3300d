// Keeps the page places (page-places.ts) of the nodes Readability re-makes, so post-clean trace entries and the
// report still know where an element of the article was in the page as parsed.
//
// Readability replaces a node in two ways: `_setNodeTag` re-makes an element under another tag (a div of text
// becomes a p), and a pass that finds too little text parses the page's HTML, saved at the start, back into the
// page (every node new) before trying again. Both are followed here on the one Readability instance, like the fast
// paths in readability-fast-paths.ts. Written against @mozilla/readability 0.6.0; check them when upgrading it.

import { carryPlace, restorePlaces, snapshotPlaces, type PagePlaces, type PlaceSnapshot } from './page-places.js';

interface ReaderInternals {
  _setNodeTag: (node: Element, tag: string) => Element;
}

/**
 * Installs both on `reader`, which will read `document`; returns the function that takes the page's own
 * `innerHTML` back once Readability is done.
 */
export function keepPlacesThroughReadability(reader: object, document: Document, places: PagePlaces): () => void {
  const internals = reader as ReaderInternals;
  const setNodeTag = internals._setNodeTag.bind(internals);
  internals._setNodeTag = (node, tag) => {
    const replacement = setNodeTag(node, tag);
    if (replacement !== node) carryPlace(places, node, replacement);
    return replacement;
  };

  const body = document.body as HTMLElement | null;
  const prototype = body ? (Object.getPrototypeOf(body) as object | null) : null;
  if (!body || !prototype || !('innerHTML' in prototype)) return () => undefined;
  let snapshot: PlaceSnapshot | undefined;
  // An own property of this one body element, shadowing the prototype's accessor (reached through Reflect with the
  // body as receiver): Readability reads the HTML once when it starts (noted here with the places of the nodes it
  // describes) and writes it back before a retry.
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get(): unknown {
      snapshot = snapshotPlaces(places, body);
      return Reflect.get(prototype, 'innerHTML', body);
    },
    set(html: unknown): void {
      Reflect.set(prototype, 'innerHTML', html, body);
      if (snapshot) restorePlaces(places, body, snapshot);
    },
  });
  return () => {
    delete (body as { innerHTML?: string }).innerHTML;
  };
}
