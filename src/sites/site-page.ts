// What a site config reads off the page before anything is removed from it: title, author and date
// (they fill the metadata when they match) and the single-page / next-page links (returned as the result's
// pageLinks; the CLI follows them for URL inputs with --follow-pages). Read first because the strip rules
// and Readability take bylines and pagers away.

import type { SelectedSite } from '../rules/select-rules.js';
import { evaluateNodes, evaluateString, stringValue, stringValues } from '../rules/xpath/evaluate-xpath.js';
import { planValue } from '../rules/xpath/plan-xpath.js';
import { oneLineWithoutControls } from '../markdown/controls.js';
import { withoutHash } from '../pages/page-url.js';
import type { PageLinks, PipelineContext } from '../types.js';
import type { XPathLine } from './site-config-types.js';

export interface SitePageFacts {
  title?: string;
  author?: string;
  published?: string;
  pageLinks?: PageLinks;
}

const MAX_METADATA_CHARS = 500;

/** Reads the site config's metadata and page-link expressions on the page, tracing what they found. */
export function readSitePage(document: Document, ctx: PipelineContext, site: SelectedSite | undefined): SitePageFacts {
  const facts: SitePageFacts = {};
  if (site === undefined) return facts;
  const { directives } = site;
  const root = document.documentElement;
  const record = (directive: string, action: string, selector: string, preview: string): void => {
    ctx.trace.push({ ruleId: `${site.id}/${directive}`, phase: 'pre', action, selector, preview, site: site.id });
  };
  const first = (lines: readonly XPathLine[] | undefined, read: (xpath: string) => string | undefined) => {
    for (const { xpath } of lines ?? []) {
      const value = read(xpath);
      if (value !== undefined && value !== '') return { xpath, value };
    }
    return undefined;
  };
  const text = (xpath: string): string => cleanText(evaluateString(planValue(xpath), root));

  const title = first(directives.title, text);
  if (title) {
    facts.title = title.value;
    record('title', 'metadata', title.xpath, title.value);
  }
  // Several authors are common (a byline with two names): every node the expression finds.
  const author = first(directives.author, (xpath) => {
    const names = [...new Set(stringValues(planValue(xpath), root).map(cleanText).filter(Boolean))];
    return names.length > 0 ? names.join(', ') : undefined;
  });
  if (author) {
    facts.author = author.value;
    record('author', 'metadata', author.xpath, author.value);
  }
  const date = first(directives.date, text);
  if (date) {
    facts.published = date.value;
    record('date', 'metadata', date.xpath, date.value);
  }

  const link = (xpath: string): string | undefined => linkTarget(xpath, root, ctx.baseUrl);
  const single = first(directives.singlePageLink, link);
  const next = first(directives.nextPageLink, link);
  if (single || next) {
    facts.pageLinks = { site: directives.host };
    if (single) {
      facts.pageLinks.singlePage = single.value;
      record('single_page_link', 'page-link', single.xpath, single.value);
    }
    if (next) {
      facts.pageLinks.nextPage = next.value;
      record('next_page_link', 'page-link', next.xpath, next.value);
    }
  }
  return facts;
}

/**
 * The URL a page-link expression points to: a link element's href, an attribute's or a string's value,
 * resolved against the page; only http(s), and never the page itself.
 */
function linkTarget(xpath: string, root: Element, baseUrl: string | undefined): string | undefined {
  const plan = planValue(xpath);
  let raw: string;
  if (plan.kind === 'nodes') {
    const [node] = evaluateNodes(plan.plan, root);
    if (node === undefined) return undefined;
    raw = node.nodeType === 1 ? ((node as Element).getAttribute('href') ?? '') : stringValue(node);
  } else {
    raw = evaluateString(plan, root);
  }
  raw = raw.trim();
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = baseUrl === undefined ? new URL(raw) : new URL(raw, baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  const own = baseUrl === undefined ? undefined : withoutHash(baseUrl);
  return url.href === own ? undefined : url.href;
}

/** Whitespace collapsed, control characters gone, bounded: metadata goes to terminals and YAML. */
function cleanText(value: string): string {
  const cleaned = oneLineWithoutControls(value);
  return cleaned.length > MAX_METADATA_CHARS ? `${cleaned.slice(0, MAX_METADATA_CHARS - 1)}…` : cleaned;
}
