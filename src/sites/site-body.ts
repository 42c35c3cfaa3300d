// A site config's `body`: Readability on the article container it names, never worse than the whole page.
//
// The first body expression that selects elements names the container (all of its elements, outermost
// only, in page order). Readability runs on a copy of the page holding just those elements under the page's
// own <head>, so metadata, its clean-up and the post rules work as on any page. Configs go stale when sites
// are redesigned: a container that gives far less text than Readability finds on the whole page (under
// STALE_SHARE of it) is taken for a stale one, and the whole page's article is used. That second run is
// skipped when the container's article already holds STALE_SHARE of the page's whole text (no article can
// hold more than that). Metadata always comes from the whole page, as it would without the config.
// Each outcome is traced under `site/<host>/body`. With `prune: no`, a container that is used is taken as the site
// gives it: no Readability clean-up inside it, and the post rules that prune by structure do not run on it.

import { NoArticleError } from '../errors.js';
import type { SelectedSite } from '../rules/select-rules.js';
import { evaluateElements } from '../rules/xpath/evaluate-xpath.js';
import { planNodes } from '../rules/xpath/plan-xpath.js';
import { containerDocument } from '../stages/container-document.js';
import { articleOrNone, extractArticle, readPageMetadata, type ExtractedArticle } from '../stages/extract.js';
import { placeOf, type PagePlaces } from '../stages/page-places.js';
import { releaseDocument } from '../stages/parse.js';
import type { PipelineContext, TraceEntry } from '../types.js';
import type { XPathLine } from './site-config-types.js';
import { childElements, elementsWithTags } from '../stages/elements-by-tag.js';
import { hasUnlikelyRole, namedUnlikely } from '../stages/readability-unlikely.js';

/** A container giving less than this share of the whole page's article text is stale. */
export const STALE_SHARE = 0.5;

/**
 * The generic post sets that prune by structure: link-dense blocks and lines at the article's edges (`edges`),
 * headline and related-link lists (`related`). What Full-Text RSS's `prune` switches on or off; the caption and
 * UI-label sets remove repeats and controls, not structure, and still run.
 */
const PRUNING_POST_SETS: ReadonlySet<string> = new Set(['edges', 'related']);
const NO_SETS: ReadonlySet<string> = new Set();

/** The post sets that skip this article: the pruning ones when it is a `prune: no` config's container. */
export function sparedPostSets(article: ExtractedArticle, site: SelectedSite | undefined): ReadonlySet<string> {
  return article.fromSiteBody && site?.directives.prune === false ? PRUNING_POST_SETS : NO_SETS;
}

/** The article: from the site config's container when it has one and it holds up, else from the whole page. */
export function extractWithSiteBody(
  document: Document,
  ctx: PipelineContext,
  site: SelectedSite | undefined,
): ExtractedArticle {
  const body = site?.directives.body;
  if (site === undefined || body === undefined || body.length === 0) return extractArticle(document, ctx);
  const ruleId = `${site.id}/body`;
  const found = findContainer(document, body);
  if (found === undefined) {
    trace(
      ctx,
      { ruleId, site: site.id, selector: body.map(({ xpath }) => xpath).join(' ; '), outcome: 'no-match' },
      'no expression selected an element; the whole page was used',
    );
    return extractArticle(document, ctx);
  }
  // The container is copied out, so Readability can run on it and still find the page intact.
  const copy = containerDocument(document, found.elements);
  if (ctx.places) mirrorPlaces(ctx.places, document, copy, found.elements);
  let fromContainer: ExtractedArticle | undefined;
  try {
    fromContainer = articleOrNone(() =>
      extractArticle(copy, ctx, {
        wholePage: document,
        ...(site.directives.prune === false ? { cleanConditionally: false } : {}),
      }),
    );
  } finally {
    releaseDocument(copy);
  }
  const containerChars = textLength(fromContainer);
  // Readability adds no text, so the whole page's article can hold no more than the text it may read: a container
  // giving at least STALE_SHARE of that cannot be stale, and the second Readability run (a third to a half of a
  // config page's CPU) is not needed. Metadata is then read off the whole page without extracting it again.
  const pageChars = articleTextBound(document, containerChars);
  if (fromContainer !== undefined && containerChars >= STALE_SHARE * pageChars) {
    trace(
      ctx,
      { ruleId, site: site.id, selector: found.xpath, outcome: 'used' },
      `${describe(found.elements)}: ${containerChars} characters of the page's ${pageChars}`,
    );
    tracePrune(ctx, site);
    return {
      content: fromContainer.content,
      metadata: readPageMetadata(document, ctx, fromContainer.metadata),
      fromSiteBody: true,
    };
  }
  const whole = articleOrNone(() => extractArticle(document, ctx));
  const wholeChars = textLength(whole);
  const described = `${describe(found.elements)}: ${containerChars} characters; the whole page gives ${wholeChars}`;
  if (fromContainer !== undefined && (whole === undefined || containerChars >= STALE_SHARE * wholeChars)) {
    trace(ctx, { ruleId, site: site.id, selector: found.xpath, outcome: 'used' }, described);
    tracePrune(ctx, site);
    return { content: fromContainer.content, metadata: whole?.metadata ?? fromContainer.metadata, fromSiteBody: true };
  }
  trace(
    ctx,
    { ruleId, site: site.id, selector: found.xpath, outcome: 'stale' },
    `${described}; the whole page was used`,
  );
  if (whole === undefined) throw new NoArticleError();
  return whole;
}

const NEVER_TEXT = new Set(['script', 'style', 'template', 'noscript']);

/**
 * The page's text, whitespace collapsed, that Readability's article can hold: without what scripts hold (JSON-LD)
 * and without the blocks its first pass strips as unlikely (a class or id saying header, menu, footer, sidebar,
 * comment…, or a navigation or dialog role), the text an article page's chrome is mostly made of. Readability
 * searches those blocks again only when its first pass finds under 500 characters, so below that (in the
 * container's article) the bound is not used.
 */
function likelyTextLength(document: Document): number {
  const body = document.body;
  if (!body) return 0;
  let chars = elementTextLength(body);
  const stack: Element[] = childElements(body);
  while (stack.length > 0) {
    const element = stack.pop() as Element;
    const name = element.localName;
    // As in Readability: nothing inside a table or a code block is stripped as unlikely, nor is a link.
    if (name === 'table' || name === 'code' || name === 'a') continue;
    const unlikely = NEVER_TEXT.has(name) || namedUnlikely(element) || hasUnlikelyRole(element);
    if (unlikely) chars -= elementTextLength(element);
    else stack.push(...childElements(element));
  }
  return chars;
}

/** Readability's charThreshold: a first pass finding less searches the unlikely blocks again. */
const READABILITY_CHAR_THRESHOLD = 500;

/**
 * The most text the whole page's article can hold, as far as the check needs it: the text Readability may read
 * (likelyTextLength) when the container's article is long enough that a first pass finding less than Readability's
 * threshold would not matter, else all the page's text but its scripts.
 */
function articleTextBound(document: Document, containerChars: number): number {
  return containerChars >= READABILITY_CHAR_THRESHOLD ? likelyTextLength(document) : pageTextLength(document);
}

/** The page's text, whitespace collapsed, without what its scripts hold (JSON-LD): an article's upper bound. */
function pageTextLength(document: Document): number {
  const body = document.body;
  if (!body) return 0;
  let chars = elementTextLength(body);
  for (const script of elementsWithTags(body, ['script', 'style', 'template'])) chars -= elementTextLength(script);
  return chars;
}

/** The first body expression that selects elements, with them (outermost only, in page order). */
function findContainer(
  document: Document,
  body: readonly XPathLine[],
): { xpath: string; elements: Element[] } | undefined {
  for (const { xpath } of body) {
    const elements = evaluateElements(planNodes(xpath), document.documentElement).filter(
      (element, index, all) => !all.slice(0, index).some((earlier) => earlier.contains(element)),
    );
    // The page itself is no container: `//html`, `//body` would only repeat the generic path.
    const usable = elements.filter((element) => element !== document.documentElement && element !== document.body);
    if (usable.length > 0) return { xpath, elements: usable };
  }
  return undefined;
}

/**
 * Gives the copy's nodes the places of the page's nodes they copy (page-places.ts), so the trace's paths and
 * the report (`--report`) name where an element of the container's article was in the page as parsed.
 */
function mirrorPlaces(places: PagePlaces, page: Document, copy: Document, elements: readonly Element[]): void {
  const pairs: [Node, Node][] = [];
  if (page.body && copy.body) pairs.push([page.body, copy.body]);
  if (page.head && copy.head) pairs.push([page.head, copy.head]);
  copy.body?.childNodes.forEach((node, index) => {
    const original = elements[index];
    if (original) pairs.push([original, node]);
  });
  while (pairs.length > 0) {
    const [original, made] = pairs.pop() as [Node, Node];
    const place = placeOf(places, original);
    if (place) places.nodes.set(made, place);
    if (made === copy.body) continue;
    for (let a = original.firstChild, b = made.firstChild; a && b; a = a.nextSibling, b = b.nextSibling) {
      pairs.push([a, b]);
    }
  }
}

function textLength(article: ExtractedArticle | undefined): number {
  return article ? elementTextLength(article.content) : 0;
}

function elementTextLength(element: Element): number {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

function describe(elements: readonly Element[]): string {
  const [first] = elements;
  if (!first) return 'container';
  const id = first.id ? `#${first.id}` : '';
  const classes = (first.getAttribute('class') ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 2);
  const name = `<${first.localName}${id}${classes.map((c) => `.${c}`).join('')}>`;
  return elements.length > 1 ? `${name} and ${elements.length - 1} more` : name;
}

/** `prune: no` acted when the container's article is the one used. */
function tracePrune(ctx: PipelineContext, site: SelectedSite): void {
  if (site.directives.prune !== false) return;
  ctx.trace.push({
    ruleId: `${site.id}/prune`,
    site: site.id,
    phase: 'pre',
    action: 'no-prune',
    preview:
      "prune: no: the container's tables, lists and divs were kept without Readability's clean-up, " +
      'and the edges and related post rules did not run on it',
  });
}

function trace(ctx: PipelineContext, entry: Omit<TraceEntry, 'phase' | 'action' | 'preview'>, preview: string): void {
  ctx.trace.push({ phase: 'pre', action: 'body', preview, ...entry });
}
