// Stage 2: string → Document, with jsdom running no scripts and loading nothing.

import { JSDOM, VirtualConsole } from 'jsdom';
import type { PipelineContext } from '../types.js';

/** Parses HTML with scripts off, no resource loading and a silent console. */
export function parseHtml(html: string, ctx: PipelineContext): Document {
  const dom = new JSDOM(html, {
    virtualConsole: new VirtualConsole(),
    ...(ctx.options.url ? { url: ctx.options.url } : {}),
  });
  return dom.window.document;
}
