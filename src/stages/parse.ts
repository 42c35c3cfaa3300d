// Stage 2: string → Document: prune what is never read, then jsdom with no scripts and no loading.

// Before jsdom: it replaces helpers jsdom's modules take when they load.
import './jsdom-fast-paths.js';
import { JSDOM, VirtualConsole } from 'jsdom';
import './jsdom-base-url.js';
import { InputError } from '../errors.js';
import type { PipelineContext } from '../types.js';
import type { RuleSet } from '../rules/rule-types.js';
import { LANGUAGE_ATTRIBUTES } from '../markdown/language-attributes.js';
import { LIGHTBOX_TARGET_ATTRIBUTES } from '../rules/content.js';
import { dataAttributesNamedByRules } from '../rules/attribute-names.js';
import { chooseBaseUrl } from './base-url.js';
import { pruneHtml, type PruneOptions } from './prune-html.js';
import { selectedRulesFor } from '../rules/apply-rules.js';
import type { SelectedSite } from '../rules/select-rules.js';
import { replaceStrings } from '../sites/replace-strings.js';
import { sitePruneNeeds } from '../sites/site-prune-needs.js';

/**
 * Parses HTML with scripts off, no resource loading and a silent console, after prune-html has
 * dropped scripts, styles, comments and the like and bounded the nesting. Sets `ctx.baseUrl` and
 * gives jsdom that URL, so Readability makes links absolute.
 */
export function parseHtml(html: string, ctx: PipelineContext): Document {
  let site = siteFor(ctx, ctx.options.url);
  let options = pruneOptions(ctx, site);
  let text = site ? withReplacements(html, site, ctx) : html;
  let pruned = pruneHtml(text, options);
  ctx.baseUrl = chooseBaseUrl(pruned.urls, ctx.options.url);
  // Without a URL from the caller, the page names its own address (canonical, og:url) and so its site: that
  // site's config may need the text replaced or more kept, so the page is pruned again for it.
  if (ctx.options.url === undefined && ctx.baseUrl !== undefined) {
    const found = siteFor(ctx, ctx.baseUrl);
    if (found !== undefined && found.id !== site?.id && changesParsing(found)) {
      site = found;
      options = pruneOptions(ctx, site);
      text = withReplacements(html, site, ctx);
      pruned = pruneHtml(text, options);
    }
  }
  if (pruned.flattened > 0) {
    ctx.warnings.push(`page nested ${pruned.depth} elements deep; ${pruned.flattened} wrappers were flattened`);
  }
  try {
    return buildDocument(pruned.html, ctx.baseUrl);
  } catch (error) {
    if (isStackOverflow(error)) throw error;
    // jsdom parses CSS while building the tree and throws on some invalid values (SCSS left in
    // a style attribute: `calc(($a - $b) / 2)`). <style> elements are gone already; retry
    // without style attributes, which only Readability's visibility check reads.
    const retried = pruneHtml(text, { ...options, dropStyleAttributes: true });
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

/**
 * data-* attributes are dropped except those a rule may select on (any the rules name) and those the
 * Markdown stage reads: what jsdom parses, Readability copies around and rules index shrinks by a
 * tenth. When a rule selector uses escapes, nothing can be told apart and all of them stay.
 */
function pruneOptions(ctx: PipelineContext, site: SelectedSite | undefined): PruneOptions {
  const options = rulePruneOptions(ctx);
  if (site === undefined) return options;
  // A site config's XPath may read data-* attributes and <head> metadata no other rule names.
  const needs = sitePruneNeeds(site.set);
  const keep = options.keepDataAttributes;
  return {
    ...options,
    ...(keep !== undefined && needs.dataAttributes.size > 0
      ? { keepDataAttributes: new Set([...keep, ...needs.dataAttributes]) }
      : {}),
    ...(needs.headMetadata ? { keepHeadMetadata: true } : {}),
  };
}

/** The page's site config, when rules run and its host has one. */
function siteFor(ctx: PipelineContext, url: string | undefined): SelectedSite | undefined {
  return ctx.options.rules && url !== undefined ? selectedRulesFor(ctx, url).site : undefined;
}

function changesParsing(site: SelectedSite): boolean {
  const needs = sitePruneNeeds(site.set);
  return (site.directives.replace?.length ?? 0) > 0 || needs.dataAttributes.size > 0 || needs.headMetadata;
}

function withReplacements(html: string, site: SelectedSite, ctx: PipelineContext): string {
  const replacements = site.directives.replace;
  return replacements ? replaceStrings(html, replacements, site.id, ctx) : html;
}

function rulePruneOptions(ctx: PipelineContext): PruneOptions {
  if (!ctx.options.rules) return WITHOUT_RULES;
  // Worked out once per list of user rules (a batch passes the same one for every page), not per page.
  const userRules = ctx.options.userRules;
  if (userRules.length === 0) return (builtInOnly ??= keepingNamedBy(userRules));
  let options = optionsByUserRules.get(userRules);
  if (!options) {
    options = keepingNamedBy(userRules);
    optionsByUserRules.set(userRules, options);
  }
  return options;
}

function keepingNamedBy(userRules: readonly RuleSet[]): PruneOptions {
  const named = dataAttributesNamedByRules(userRules);
  if (named === undefined) return {};
  // The content guard reads a lightbox link's photo from these (rules/content.ts).
  return { keepDataAttributes: new Set([...named, ...LANGUAGE_ATTRIBUTES, ...LIGHTBOX_TARGET_ATTRIBUTES]) };
}

const WITHOUT_RULES: PruneOptions = { keepDataAttributes: new Set(LANGUAGE_ATTRIBUTES) };
let builtInOnly: PruneOptions | undefined;
const optionsByUserRules = new WeakMap<readonly RuleSet[], PruneOptions>();

// One window for every page: building a jsdom window costs about as much as parsing a mid-sized
// page (every interface is installed afresh), and the pipeline never reads the window, only the
// document. Pages are parsed with the window's DOMParser, after pointing the window's URL at the
// page's base URL, which is what a DOMParser document takes as its own URL (Readability resolves
// links against it). DOMParser documents are scripting-disabled, as jsdom's default parse is.
// A window shared like this holds on to every page it parsed unless each is let go (releaseDocument).
let shared: JSDOM | undefined;

function buildDocument(html: string, url: string | undefined): Document {
  if (!shared) {
    // jsdom's defaults run no scripts and load no subresources; neither option is ever passed.
    shared = new JSDOM('', { virtualConsole: new VirtualConsole() });
    // jsdom's selector engine (dom-selector) adds focus, key and mouse listeners to the window for
    // every document it first queries (for :focus-visible, :hover, :active) and never removes them: each page
    // stayed reachable from the window through them. Nothing dispatches events to this window, so
    // it takes no listeners at all.
    shared.window.addEventListener = () => undefined;
  }
  shared.reconfigure({ url: url ? url : 'about:blank' });
  return new shared.window.DOMParser().parseFromString(html, 'text/html');
}

/**
 * Lets the shared window forget a page once the pipeline is done with it. jsdom's window keeps a
 * table of every element with an `id` or `name` in every document it made (for `window[name]`),
 * and an element leaves it only when it leaves its document: without this, every page converted in
 * a process stayed in memory (3.6 MB per AEB page; 750 MB after the 181). Removing the root takes
 * the elements still in the page out of that table; the article, already out of the page, is the
 * caller's.
 */
export function releaseDocument(document: Document): void {
  document.documentElement?.remove();
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
}
