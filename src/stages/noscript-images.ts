// A page's element read as the article without Readability (microdata-body.ts, thread-posts.ts) is cleared of
// <noscript> as Readability clears the page: a lazy image's <noscript> copy takes the stand-in's place, and the rest
// goes.
//
// Lazy-loading themes write each photo twice: an <img> whose src is a blank stand-in (the photo in `data-src`) and,
// right after it, a <noscript> holding the real <img>. Readability keeps one; read as it stands, the element gave
// the Markdown every such photo twice.

import { elementsMatching } from './elements-by-tag.js';

/**
 * Replaces each lazy image followed by a <noscript> holding only an image with that image (Readability's rule: the
 * element before the <noscript> holds one image and no text; Readability replaces that whole element, a link around
 * the image included), then removes every <noscript>.
 */
export function resolveNoscriptImages(root: Element): void {
  for (const noscript of elementsMatching(root, 'noscript')) {
    const image = singleImage(noscript);
    const previous = noscript.previousElementSibling;
    // The stand-in itself is replaced, so a link around it (to the full-size photo) stays.
    const standIn = image && previous ? singleImage(previous) : undefined;
    if (image && standIn) standIn.replaceWith(image);
    noscript.remove();
  }
}

/** The one image an element holds as its only content (through a chain of single children, with no text). */
function singleImage(element: Element): Element | undefined {
  for (let node: Element | undefined = element; node; node = node.firstElementChild ?? undefined) {
    if (node.tagName === 'IMG') return node;
    if (node.childElementCount !== 1 || (node.textContent ?? '').trim() !== '') return undefined;
  }
  return undefined;
}
