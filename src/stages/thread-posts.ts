// Around extract: a forum thread's posts are its article. On a page that says it is one (schema.org
// DiscussionForumPosting), when Readability kept only some of the posts, the posts are read in page order.

import { NoArticleError } from '../errors.js';
import type { PipelineContext } from '../types.js';
import { articleOrNone, emptyMetadata, type ExtractedArticle } from './extract.js';
import { childElements, elementsMatching, elementsWithTags } from './elements-by-tag.js';
import type { JsonLdBlocks } from './json-ld.js';
import { readJsonLd } from './json-ld.js';
import { resolveNoscriptImages } from './noscript-images.js';
import { headTitles, isPageHeadline } from './page-titles.js';

/** What the page's HTML holds when it may say it is a thread (JSON-LD or microdata). */
const MAY_BE_THREAD = /DiscussionForumPosting/i;
/** A DiscussionForumPosting's `@type` (a string or a list of them). */
const THREAD_TYPE = /^(?:https?:\/\/schema\.org\/)?DiscussionForumPosting$/i;
/** A microdata item of that type, and the property holding its text. */
const THREAD_ITEM = '[itemscope][itemtype*="DiscussionForumPosting" i]';
const POST_TEXT = '[itemprop~="articleBody" i], [itemprop~="text" i]';
/** Its headline: a <meta itemprop=headline content> or an element's text. */
const HEADLINE = '[itemprop~="headline" i]';
/**
 * How much of the opening post's text (without whitespace) finds it in the page: enough to be that post's alone,
 * little enough to be in the summary JSON-LD gives (forums cut it with "…").
 */
const KEY_CHARS = 40;
/** Elements whose text is not the page's. */
const NOT_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
/** What Readability removes from its article as controls, not content; a post's copy is taken before it ran. */
const CONTROLS = ['button', 'input', 'select', 'textarea', 'form', 'script', 'style', 'template'];

/** The thread's posts: each post's block on the page, its text's element, and a copy taken before Readability. */
interface ThreadPosts {
  /** Every element of each post's block, to tell which posts Readability's article took. */
  blockOf: Map<Element, number>;
  /** Copies of each post's text element, in page order. */
  bodies: Element[];
}

/**
 * Forum software marks a thread page as a schema.org `DiscussionForumPosting` (XenForo in JSON-LD, Discourse in
 * microdata), the opening post's text as its `articleBody` or `text`. The posts are alike sibling blocks, each with
 * its poster's card, a date and buttons beside the text. Readability scores each post's text apart and keeps the
 * longest, often a reply: the question and the other answers were lost. When the page's posting is the page's own
 * (its headline is the page's title) and its opening text stands in a run of alike sibling blocks, the text element
 * of each block (found by the same path of tags and classes as the opening post's) is copied before Readability runs;
 * when Readability's article holds some of the posts but not all (or there is no article), the posts are the article,
 * in page order with a rule between them, and a warning says so. A site config's container stands as it is.
 * `html` is the page's text as decoded.
 */
export function withThreadPosts(
  document: Document,
  ctx: PipelineContext,
  html: string,
  extract: () => ExtractedArticle,
): ExtractedArticle {
  if (!MAY_BE_THREAD.test(html)) return extract();
  const thread = findThreadPosts(document);
  if (thread === undefined) return extract();
  const article = articleOrNone(extract);
  if (article?.fromSiteBody) return article;
  const held = new Set<number>();
  if (article) {
    for (const element of [article.content, ...elementsWithTags(article.content, ['*'])]) {
      const post = thread.blockOf.get(element);
      if (post !== undefined) held.add(post);
    }
  }
  const posts = thread.bodies.length;
  // Readability's article holds every post, or none of them: then the run found is not the thread it read (a
  // sidebar's list of threads quoting this one's start), and its article stands.
  if (held.size === posts || (article && held.size === 0)) {
    if (article) return article;
    throw new NoArticleError();
  }
  const content = document.createElement('div');
  thread.bodies.forEach((body, index) => {
    if (index > 0) content.appendChild(document.createElement('hr'));
    content.appendChild(body);
  });
  ctx.warnings.push(
    `the article found held ${held.size} of the thread's ${posts} posts (schema.org DiscussionForumPosting): ` +
      'the posts were read as the article',
  );
  return { content, metadata: article?.metadata ?? emptyMetadata() };
}

/** The thread's posts, when the page says it is a thread of its own and its opening post is one of a run of blocks. */
function findThreadPosts(document: Document): ThreadPosts | undefined {
  const body = document.body as HTMLElement | null;
  if (!body) return undefined;
  const opening = openingText(document, readJsonLd(document));
  if (opening === undefined) return undefined;
  const key = withoutWhitespace(opening).slice(0, KEY_CHARS);
  if (key.length < KEY_CHARS / 2) return undefined;
  const deepest = deepestHolding(body, key);
  // Quoted in a reply, on a later page of the thread that the opening post is not on: no post here is the opening.
  if (deepest === undefined || deepest.closest('blockquote, q')) return undefined;
  for (let block: Element | null = deepest; block && block !== body; block = block.parentElement) {
    const run = runOf(block);
    if (run.length < 2) continue;
    // The post's text element: the outermost element under the block whose text starts with the post's text (the
    // poster's card and the date come before it in the block).
    const path = textPath(block, deepest, key);
    if (path === undefined) continue;
    const blockOf = new Map<Element, number>();
    const bodies: Element[] = [];
    let first: Element | undefined;
    for (const member of run) {
      const text = follow(member, path);
      if (!text) continue;
      first ??= member;
      for (const element of [member, ...elementsWithTags(member, ['*'])]) blockOf.set(element, bodies.length);
      bodies.push(cleanCopy(text));
    }
    // A run of one post's parts (its poster's card beside its text, alike by their first class) has one text.
    if (bodies.length < 2) continue;
    // The opening post opens the thread: on a later page of it, the opening text found is a reply quoting it.
    return first === block ? { blockOf, bodies } : undefined;
  }
  return undefined;
}

/** The opening post's text from the page's own DiscussionForumPosting, in JSON-LD or microdata. */
function openingText(document: Document, jsonLd: JsonLdBlocks): string | undefined {
  const titles = headTitles(document);
  for (const object of jsonLd.objects(MAY_BE_THREAD)) {
    const type = object['@type'];
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((name) => typeof name === 'string' && THREAD_TYPE.test(name))) continue;
    const headline = object['headline'] ?? object['name'];
    if (typeof headline !== 'string' || !isPageHeadline(headline, titles)) continue;
    const text = object['articleBody'] ?? object['text'];
    if (typeof text === 'string') return text.replace(/\s*(?:\.{3}|…)\s*$/, '');
  }
  for (const item of elementsMatching(document, THREAD_ITEM)) {
    const headline = propertyOf(item, HEADLINE);
    if (!headline || !isPageHeadline(headline.getAttribute('content') ?? headline.textContent ?? '', titles)) continue;
    const text = propertyOf(item, POST_TEXT);
    if (text) return text.textContent ?? '';
  }
  return undefined;
}

/** The item's own property of that name (not one of an item inside it: the poster's `name`). */
function propertyOf(item: Element, selector: string): Element | undefined {
  return elementsMatching(item, selector).find((property) => property.parentElement?.closest('[itemscope]') === item);
}

/** The deepest element whose text holds `key` (whitespace aside), not looking into scripts and the like. */
function deepestHolding(root: Element, key: string): Element | undefined {
  let found: Element | undefined;
  for (let at: Element | undefined = root; at;) {
    let next: Element | undefined;
    for (const child of childElements(at)) {
      if (!NOT_TEXT.has(child.tagName) && withoutWhitespace(child.textContent ?? '').includes(key)) {
        next = child;
        break;
      }
    }
    if (next) found = next;
    at = next;
  }
  return found;
}

/** The block and its siblings of the same tag and first class, in page order: a run of posts. */
function runOf(block: Element): Element[] {
  const kind = kindOf(block);
  if (!kind.includes('.') || !block.parentElement) return [];
  return childElements(block.parentElement).filter((sibling) => kindOf(sibling) === kind);
}

/** Tag and first class: posts share their first class, and may differ in state classes after it. */
function kindOf(element: Element): string {
  const first = (element.getAttribute('class') ?? '').trim().split(/\s+/)[0] ?? '';
  return first ? `${element.tagName}.${first}` : element.tagName;
}

/**
 * The path of signatures from `block` down to the outermost element between it and `deepest` whose text starts with
 * `key`; none when no element does.
 */
function textPath(block: Element, deepest: Element, key: string): string[] | undefined {
  const chain: Element[] = [];
  for (let at: Element | null = deepest; at && at !== block; at = at.parentElement) chain.unshift(at);
  const start = chain.findIndex((element) => withoutWhitespace(element.textContent ?? '').startsWith(key));
  if (start < 0) return undefined;
  return chain.slice(0, start + 1).map(signatureOf);
}

/** The element reached from `block` by `path`: at each step, the first child of that tag and classes. */
function follow(block: Element, path: readonly string[]): Element | undefined {
  let at: Element | undefined = block;
  for (const signature of path) {
    at = at ? childElements(at).find((child) => signatureOf(child) === signature) : undefined;
  }
  return at;
}

/** Tag and every class: inside a post, the poster's card and the text may share a first class. */
function signatureOf(element: Element): string {
  const classes = (element.getAttribute('class') ?? '').trim().split(/\s+/).sort().join('.');
  return `${element.tagName}.${classes}`;
}

/**
 * A copy of a post's text element without what Readability would have taken out of it, nor a script's button that is
 * no link (a quotation's "Click to expand…", `<a role="button">` with nowhere to go).
 */
function cleanCopy(element: Element): Element {
  const copy = element.cloneNode(true) as Element;
  resolveNoscriptImages(copy);
  for (const control of elementsWithTags(copy, CONTROLS)) control.remove();
  for (const control of elementsMatching(copy, '[role="button" i]:not([href])')) control.remove();
  return copy;
}

function withoutWhitespace(text: string): string {
  return text.replace(/\s+/g, '');
}
