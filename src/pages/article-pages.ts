// The pages of one article (a site config's next_page_link) joined into one result: the first page's
// title and metadata, then each further page's article blocks, less the blocks an earlier page already gave.

import type { Root as MdastRoot, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { toDeclutterError } from '../errors.js';
import { resolveOptions } from '../options.js';
import { runPipeline } from '../pipeline.js';
import { composeMarkdown } from '../stages/to-markdown.js';
import type { DeclutterOptions, DeclutterResult } from '../types.js';

/** One converted page, with its article as a Markdown tree (without the title heading) for joining. */
export interface ArticlePage {
  result: DeclutterResult;
  /** Undefined for a page read as plain text: such a page has no site config and nothing to join. */
  tree: MdastRoot | undefined;
}

/** How many of a further page's blocks were appended, and how many were left out as repeats. */
export interface AppendCount {
  appended: number;
  repeated: number;
}

// A block is a repeat when its text is one an earlier page already gave and is long enough to be more than a
// coincidence: multi-page articles repeat their standfirst, lead photo or byline on every page, while a short
// "Yes." in an interview may well appear twice and is the article's.
const MIN_REPEATED_CHARS = 40;

/** Converts one page as `declutter()` does, keeping its article tree. */
export function convertArticlePage(input: Uint8Array | string, options: DeclutterOptions = {}): ArticlePage {
  let tree: MdastRoot | undefined;
  try {
    const result = runPipeline(input, resolveOptions(options), {
      onArticleTree: (copy) => {
        tree = copy;
      },
    });
    return { result, tree };
  } catch (error) {
    throw toDeclutterError(error);
  }
}

/**
 * The first page's result with the further pages' article blocks appended in order. A further page's heading
 * that repeats the title, the blocks of its head that an earlier page gave, and any block whose text (long
 * enough) or, for a picture, whose image an earlier page already gave, are left out; the count of each is returned per page. Trace and warnings are the first page's: the
 * caller says where each further page's begin.
 */
export function joinArticlePages(
  first: ArticlePage,
  further: readonly ArticlePage[],
  options: { titleHeading: boolean },
): { result: DeclutterResult; counts: AppendCount[] } {
  if (first.tree === undefined || further.length === 0) return { result: first.result, counts: [] };
  const title = normalise(first.result.metadata.title ?? '');
  const joined: MdastRoot = structuredClone(first.tree);
  const seen = new Set(joined.children.map(blockKey).filter((key) => key !== undefined));
  const seenExact = new Set(joined.children.map(exactKey));
  const counts: AppendCount[] = [];
  for (const page of further) {
    const count = { appended: 0, repeated: 0 };
    // Only earlier pages count: a block a page repeats within itself is the page's business.
    const keys: string[] = [];
    const exactKeys: string[] = [];
    // A page's head (kicker, standfirst, byline, lead photo) repeats the first page's: until its first new
    // block, any block an earlier page gave is left out, however short.
    let inHead = true;
    for (const block of page.tree?.children ?? []) {
      const key = blockKey(block);
      const repeatsTitle = block.type === 'heading' && title !== '' && normalise(toString(block)) === title;
      const repeatsHead = inHead && seenExact.has(exactKey(block));
      if (repeatsTitle || repeatsHead || (key !== undefined && seen.has(key))) {
        count.repeated += 1;
        continue;
      }
      inHead = false;
      if (key !== undefined) keys.push(key);
      exactKeys.push(exactKey(block));
      joined.children.push(block);
      count.appended += 1;
    }
    for (const key of keys) seen.add(key);
    for (const key of exactKeys) seenExact.add(key);
    counts.push(count);
  }
  const { markdown, text } = composeMarkdown(first.result.metadata.title, joined, {
    titleHeading: options.titleHeading,
  });
  return { result: { ...first.result, markdown, text }, counts };
}

/**
 * What makes a block a repeat: its text when long enough, or for a block with no text of its own (a photo,
 * a figure) the images it shows. Undefined: never taken for a repeat.
 */
function blockKey(block: RootContent): string | undefined {
  const text = normalise(toString(block, { includeImageAlt: false }));
  if (text.length >= MIN_REPEATED_CHARS) return `text:${text}`;
  if (text !== '') return undefined;
  const images = imageUrls(block);
  return images.length > 0 ? `images:${images.join(' ')}` : undefined;
}

/** A block's text and pictures, whatever their length: for the repeated head of a page. */
function exactKey(block: RootContent): string {
  return `${block.type}:${normalise(toString(block, { includeImageAlt: false }))}:${imageUrls(block).join(' ')}`;
}

function imageUrls(node: RootContent): string[] {
  if (node.type === 'image') return [node.url];
  if ('children' in node) return (node.children as RootContent[]).flatMap(imageUrls);
  return [];
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
