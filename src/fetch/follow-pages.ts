// Follows a site config's single_page_link and next_page_link from a fetched page (--follow-pages N): the
// one-page version of the article replaces the page; next pages are appended, up to N fetches in all.
//
// Each further page is fetched with the first page's limits (the caller's fetch: deadline, size cap,
// redirects, http(s) only) and must be HTML. A link is followed only on the article's own site: the first
// page's host, or a host the site config covers (`example.com` covers www.example.com; `.example.com`
// every subdomain), on the same port, never from https down to http, and this holds for every redirect
// too. Following stops at a URL already fetched (a loop), at a link off the site, at N fetches, and at the
// first page that cannot be fetched or converted; what was fetched is kept, and one warning line says why
// it stopped early. Every step is traced under `site/<host>/single_page_link` or `…/next_page_link`.

import { siteConfigRank } from '../sites/site-hosts.js';
import { joinArticlePages, type ArticlePage } from '../pages/article-pages.js';
import { withoutHash } from '../pages/page-url.js';
import type { DeclutterResult, TraceEntry } from '../types.js';
import type { FetchedPage } from './fetch-page.js';

export interface FollowPagesOptions {
  /** At most this many further pages are fetched (the single page and next pages together). */
  maxPages: number;
  /** The caller's fetch, with the same limits as the first page's, refusing the URLs `refuseUrl` refuses. */
  fetchPage: (url: string, refuseUrl: (url: string) => string | undefined) => Promise<FetchedPage>;
  /** Converts a fetched page as the first one was. */
  convert: (page: FetchedPage) => ArticlePage;
  titleHeading: boolean;
}

export interface FirstPage {
  /** The URL asked for (before redirects). */
  requested: string;
  fetched: FetchedPage;
  page: ArticlePage;
}

/** The article with its one-page version or its further pages, as far as they could be followed. */
export async function followPages(start: FirstPage, options: FollowPagesOptions): Promise<DeclutterResult> {
  const links = start.page.result.pageLinks;
  if (links === undefined) return start.page.result;
  const site = links.site;
  const origin = new URL(start.fetched.url);
  const refuseUrl = (url: string): string | undefined => refuseOffSite(url, origin, site);
  const visited = new Set([withoutHash(start.requested), withoutHash(start.fetched.url)]);
  const steps: TraceEntry[] = [];
  const warnings: string[] = [];
  const step = (directive: string, action: string, preview: string): void => {
    steps.push({ ruleId: `site/${site}/${directive}`, phase: 'pre', action, preview, site: `site/${site}` });
  };
  let budget = options.maxPages;
  let first = start.page;

  // The one-page version, when the site offers one, is the article: the page it replaces is not kept.
  if (links.singlePage !== undefined) {
    const url = links.singlePage;
    const refused = refuseUrl(url);
    if (refused !== undefined) {
      step('single_page_link', 'refused', `${url}: ${refused}`);
      warnings.push(`single page ${url} not followed: ${refused}`);
    } else {
      budget -= 1;
      const outcome = await fetchAndConvert(url, refuseUrl, options);
      if ('failure' in outcome) {
        step('single_page_link', 'failed', `${url}: ${outcome.failure}; this page was kept`);
        warnings.push(`single page ${url} not used: ${outcome.failure}; kept this page and followed no further`);
        return finish({ first, further: [], urls: [], site, steps, warnings }, options);
      }
      first = outcome.page;
      visited.add(withoutHash(url)).add(withoutHash(outcome.fetched.url));
      step('single_page_link', 'followed', `${url}: the one-page version replaces this page`);
    }
  }

  const further: ArticlePage[] = [];
  const urls: string[] = [];
  for (let current = first; ;) {
    const url = current.result.pageLinks?.nextPage;
    if (url === undefined) break;
    const number = further.length + 2;
    if (visited.has(withoutHash(url))) {
      step('next_page_link', 'stopped', `page ${number}: ${url} was fetched already (a loop)`);
      break;
    }
    const refused = refuseUrl(url);
    if (refused !== undefined) {
      step('next_page_link', 'refused', `page ${number}: ${url}: ${refused}`);
      warnings.push(`page ${number} at ${url} not followed: ${refused}`);
      break;
    }
    if (budget <= 0) {
      step('next_page_link', 'stopped', `page ${number}: ${url}: --follow-pages ${options.maxPages} reached`);
      warnings.push(`the article goes on at ${url}; not fetched (--follow-pages ${options.maxPages} reached)`);
      break;
    }
    budget -= 1;
    const outcome = await fetchAndConvert(url, refuseUrl, options);
    if ('failure' in outcome) {
      step('next_page_link', 'failed', `page ${number}: ${url}: ${outcome.failure}`);
      warnings.push(`page ${number} at ${url} failed: ${outcome.failure}; kept the ${number - 1} page(s) before it`);
      break;
    }
    if (visited.has(withoutHash(outcome.fetched.url))) {
      step('next_page_link', 'stopped', `page ${number}: ${url} redirects to a page fetched already (a loop)`);
      break;
    }
    visited.add(withoutHash(url)).add(withoutHash(outcome.fetched.url));
    further.push(outcome.page);
    urls.push(url);
    current = outcome.page;
  }
  return finish({ first, further, urls, site, steps, warnings }, options);
}

/** Joins the pages; each further page's trace comes after a line saying where it begins and what it added. */
function finish(
  followed: {
    first: ArticlePage;
    further: readonly ArticlePage[];
    urls: readonly string[];
    site: string;
    steps: readonly TraceEntry[];
    warnings: readonly string[];
  },
  options: FollowPagesOptions,
): DeclutterResult {
  const { first, further, urls, site, steps, warnings } = followed;
  const { result, counts } = joinArticlePages(first, further, { titleHeading: options.titleHeading });
  // In the order things happened: the single page, then each page appended, then why following stopped.
  const trace = [...result.trace, ...steps.filter((entry) => entry.ruleId.endsWith('/single_page_link'))];
  further.forEach((page, index) => {
    const count = counts[index];
    trace.push({
      ruleId: `site/${site}/next_page_link`,
      site: `site/${site}`,
      phase: 'pre',
      action: 'appended',
      preview: `page ${index + 2}: ${urls[index]}: ${count?.appended ?? 0} blocks appended, ${count?.repeated ?? 0} left out as repeats of earlier pages`,
    });
    trace.push(...page.result.trace);
  });
  trace.push(...steps.filter((entry) => entry.ruleId.endsWith('/next_page_link')));
  return {
    ...result,
    trace,
    warnings: [...result.warnings, ...further.flatMap((page) => page.result.warnings), ...warnings],
  };
}

async function fetchAndConvert(
  url: string,
  refuseUrl: (url: string) => string | undefined,
  options: FollowPagesOptions,
): Promise<{ fetched: FetchedPage; page: ArticlePage } | { failure: string }> {
  try {
    const fetched = await options.fetchPage(url, refuseUrl);
    return { fetched, page: options.convert(fetched) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // fetchPage's messages start with the URL, already given by the caller's line.
    return { failure: message.startsWith(`${url}: `) ? message.slice(url.length + 2) : message };
  }
}

/** Why `url` is off the article's site, or undefined when it may be followed. */
export function refuseOffSite(url: string, origin: URL, site: string): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return `not http(s) (${target.protocol})`;
  if (origin.protocol === 'https:' && target.protocol === 'http:') return 'from https down to plain http';
  const host = target.hostname.toLowerCase().replace(/\.$/, '');
  const own = origin.hostname.toLowerCase().replace(/\.$/, '');
  if (host !== own && siteConfigRank(site, host) === 0) {
    return `another host (${target.host}) than the page's, and not one the site config ${site} covers`;
  }
  if (target.port !== origin.port && (target.port !== '' || origin.port !== '')) {
    return `another port (${target.host}) than the page's (${origin.host})`;
  }
  return undefined;
}
