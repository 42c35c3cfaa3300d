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

// One window for every page: building a jsdom window costs about as much as parsing a mid-sized
// page (every interface is installed afresh), and the pipeline never reads the window, only the
// document. Pages are parsed with the window's DOMParser, after pointing the window's URL at the
// page's base URL, which is what a DOMParser document takes as its own URL (Readability resolves
// links against it). DOMParser documents are scripting-disabled, as jsdom's default parse is.
let shared: JSDOM | undefined;

function buildDocument(html: string, url: string | undefined): Document {
  // jsdom's defaults run no scripts and load no subresources; neither option is ever passed.
  shared ??= new JSDOM('', { virtualConsole: new VirtualConsole() });
  shared.reconfigure({ url: url ? url : 'about:blank' });
  return new shared.window.DOMParser().parseFromString(html, 'text/html');
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
}
