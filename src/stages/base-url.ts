// Works out the base URL for links: --url, then <base href>, then canonical / og:url.

import type { PipelineContext } from '../types.js';

/** Returns the absolute base URL for the page, or undefined when none is known. */
export function findBaseUrl(document: Document, ctx: PipelineContext): string | undefined {
  const candidates = [
    ctx.options.url,
    document.querySelector('base[href]')?.getAttribute('href'),
    document.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href'),
    document.querySelector('meta[property="og:url" i][content]')?.getAttribute('content'),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      // A relative <base href> resolves against the page URL when we have one.
      const url = new URL(candidate.trim(), ctx.options.url);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // Not a usable URL: try the next source.
    }
  }
  return undefined;
}
