// Works out the base URL for links: --url, then <base href>, then canonical, then og:url.

import type { PipelineContext } from '../types.js';
import type { PageUrls } from './prune-html.js';

/**
 * The absolute http(s) base URL, or undefined when none is known. A relative `<base href>` is
 * resolved against the best page URL known (the option, else canonical, else og:url).
 */
export function chooseBaseUrl(urls: PageUrls, pageUrl: string | undefined): string | undefined {
  const page = [pageUrl, urls.canonical, urls.ogUrl].map((candidate) => toHttpUrl(candidate)).find(Boolean);
  const candidates = [pageUrl, urls.base, urls.canonical, urls.ogUrl];
  for (const candidate of candidates) {
    const url = toHttpUrl(candidate, page);
    if (url) return url;
  }
  return undefined;
}

/** The same choice read from a parsed document (first <base href>, canonical link, og:url meta). */
export function findBaseUrl(document: Document, ctx: PipelineContext): string | undefined {
  const ogUrl = [...document.querySelectorAll('meta[property][content], meta[name][content]')].find(
    (meta) => (meta.getAttribute('property') ?? meta.getAttribute('name'))?.trim().toLowerCase() === 'og:url',
  );
  return chooseBaseUrl(
    {
      base: document.querySelector('base[href]')?.getAttribute('href') ?? undefined,
      canonical:
        [...document.querySelectorAll('link[rel][href]')]
          .find((link) => /(?:^|\s)canonical(?:\s|$)/i.test(link.getAttribute('rel') ?? ''))
          ?.getAttribute('href') ?? undefined,
      ogUrl: ogUrl?.getAttribute('content') ?? undefined,
    },
    ctx.options.url,
  );
}

function toHttpUrl(candidate: string | undefined, base?: string): string | undefined {
  const trimmed = candidate?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
