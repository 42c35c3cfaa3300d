// The naive pipeline we measure against: jsdom + Readability + turndown (gfm plugin), nothing else.
//
// It is what a developer writes in ten lines: the page string (decoded as UTF-8, as AEB pages are)
// goes into jsdom with the page URL, Readability takes the document, turndown converts its HTML; when
// asked for a title, Readability's title goes first as a `#` heading (as declutter's default output).

import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import TurndownService from 'turndown';
import { gfm } from 'turndown-plugin-gfm';

const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
turndown.use(gfm);

export interface NaiveResult {
  markdown: string;
}

/** Converts one page; an empty string when Readability finds no article. */
export function naiveConvert({
  html,
  url,
  title = false,
}: {
  html: string;
  url: string | undefined;
  title?: boolean;
}): NaiveResult {
  // A silent console: jsdom's CSS-parse complaints are noise, not part of the pipeline's work.
  const dom = new JSDOM(html, { url: url ?? 'about:blank', virtualConsole: new VirtualConsole() });
  try {
    const article = new Readability(dom.window.document).parse();
    const content = article?.content ?? '';
    if (!content) return { markdown: '' };
    const heading = title && article?.title ? `# ${turndown.escape(article.title.replace(/\s+/g, ' '))}\n\n` : '';
    return { markdown: heading + turndown.turndown(content) };
  } finally {
    dom.window.close();
  }
}
