// <img> → mdast image with its alt text, picking a usable source from lazy-loading attributes and srcset.

import type { Element, Parents } from 'hast';
import type { Handle } from 'hast-util-to-mdast';
import type { Image } from 'mdast';
import { formulaPicture } from './math.js';

/**
 * Set by the fold-caption rule action on an image it moved a caption onto: the caption's words, once. The
 * Markdown carries them as alt or title; plain text has no image to carry them, so it prints these instead.
 * Pages cannot set it: the parse stage drops data-* attributes that no rule names.
 */
export const FOLDED_CAPTION_ATTRIBUTE = 'data-declutter-caption';

declare module 'mdast' {
  interface ImageData {
    /** The caption folded onto the image (see FOLDED_CAPTION_ATTRIBUTE). */
    caption?: string;
  }
}

// Lazy loaders keep the real image in a data attribute and put a placeholder in `src` until a
// script swaps them; no script runs here, so the data attribute is the better source when present.
const LAZY_SOURCES = ['dataSrc', 'dataLazySrc', 'dataOriginal', 'dataUrl', 'dataHiResSrc'];
const SRCSETS = ['srcSet', 'dataSrcset', 'dataLazySrcset'];

/** Converts an `<img>`; URL safety and resolution happen later, for every URL in one place. */
export const handleImage: Handle = (state, node, parent) => {
  // A picture of a formula (MediaWiki's fallback image beside its hidden MathML) is maths: its alt is the TeX.
  const formula = formulaPicture(node);
  if (formula) {
    state.patch(node, formula);
    return formula;
  }
  const result: Image = {
    type: 'image',
    url: pickImageSource(node, parent) ?? '',
    title: collapse(node.properties.title) || null,
    alt: collapse(node.properties.alt),
  };
  const caption = collapse(node.properties.dataDeclutterCaption);
  if (caption) result.data = { caption };
  state.patch(node, result);
  return result;
};

/**
 * The first usable source: a lazy-loading attribute, then `src` unless it is an inline `data:`
 * placeholder, then the first `srcset` candidate, then the first `<source>` of a wrapping `<picture>`.
 */
export function pickImageSource(image: Element, parent: Parents | undefined): string | undefined {
  for (const name of LAZY_SOURCES) {
    const value = stringProperty(image, name);
    if (value) return value;
  }
  const src = stringProperty(image, 'src');
  if (src && !/^\s*data:/i.test(src)) return src;
  for (const name of SRCSETS) {
    const candidate = firstSrcsetCandidate(stringProperty(image, name));
    if (candidate) return candidate;
  }
  if (parent?.type === 'element' && parent.tagName === 'picture') {
    for (const child of parent.children) {
      if (child.type !== 'element' || child.tagName !== 'source') continue;
      const candidate = firstSrcsetCandidate(stringProperty(child, 'srcSet'));
      if (candidate) return candidate;
    }
  }
  return src;
}

/**
 * The URL of the first image candidate in a `srcset`, parsed as the HTML standard does: a URL runs
 * to the next whitespace (so commas inside it, as in CDN paths like `w_400,h_300`, are kept) and
 * loses trailing commas when it has no descriptor.
 */
export function firstSrcsetCandidate(srcset: string | undefined): string | undefined {
  if (!srcset) return undefined;
  const match = /^[\s,]*([^\s]+)/.exec(srcset);
  const url = match?.[1]?.replace(/,+$/, '');
  return url ? url : undefined;
}

function stringProperty(element: Element, name: string): string | undefined {
  const value = element.properties[name];
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.join(' ').trim() || undefined;
  return undefined;
}

/** Attribute text on one line, as it is shown: whitespace runs collapsed. */
export function collapse(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (Array.isArray(value)) return value.join(' ').replace(/\s+/g, ' ').trim();
  return '';
}
