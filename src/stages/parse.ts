// Stage 2: string → Document: prune what is never read, then jsdom with no scripts and no loading.

import { JSDOM, VirtualConsole } from 'jsdom';
import { InputError } from '../errors.js';
import type { PipelineContext } from '../types.js';
import { chooseBaseUrl } from './base-url.js';
import { pruneHtml } from './prune-html.js';

/**
 * Parses HTML with scripts off, no resource loading and a silent console, after prune-html has
 * dropped scripts, styles, comments and the like and bounded the nesting. Sets `ctx.baseUrl` and
 * gives jsdom that URL, so Readability makes links absolute.
 */
export function parseHtml(html: string, ctx: PipelineContext): Document {
  const pruned = pruneHtml(html);
  if (pruned.flattened > 0) {
    ctx.warnings.push(`page nested ${pruned.depth} elements deep; ${pruned.flattened} wrappers were flattened`);
  }
  ctx.baseUrl = chooseBaseUrl(pruned.urls, ctx.options.url);
  try {
    return buildDocument(pruned.html, ctx.baseUrl);
  } catch (error) {
    if (isStackOverflow(error)) throw error;
    // jsdom parses CSS while building the tree and throws on some invalid values (SCSS left in
    // a style attribute: `calc(($a - $b) / 2)`). <style> elements are gone already; retry
    // without style attributes, which only Readability's visibility check reads.
    const retried = pruneHtml(html, { dropStyleAttributes: true });
    try {
      const document = buildDocument(retried.html, ctx.baseUrl);
      ctx.warnings.push(`jsdom could not parse the page's inline CSS (${describe(error)}); parsed without it`);
      return document;
    } catch (second) {
      if (isStackOverflow(second)) throw second;
      throw new InputError(`could not parse the page: ${describe(second)}`, { cause: second });
    }
  }
}

function buildDocument(html: string, url: string | undefined): Document {
  // jsdom's defaults run no scripts and load no subresources; neither option is ever passed.
  const dom = new JSDOM(html, { virtualConsole: new VirtualConsole(), ...(url ? { url } : {}) });
  return dom.window.document;
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
}
