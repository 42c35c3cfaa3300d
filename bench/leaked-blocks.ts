// Finds the output blocks that are not in the truth and sorts them into kinds of clutter.
//
// A block whose shingles are mostly absent from the truth counts as leaked; it goes in the first
// category whose test it meets. The tests are rough text-and-shape heuristics, multilingual where the
// pages are, meant to point the rules work at general mechanisms, not at pages.

import { countShingles, tokenize } from './aeb-metric.js';
import { CONSENT_PHRASES, teaserPhrase } from './leaks.js';
import { markdownToBlocks, type TextBlock } from './markdown-to-text.js';

/** What a test may know of the page besides the block. */
export interface PageContext {
  /** The title declutter found (metadata.title), to spot the headline repeated in the body. */
  title: string | undefined;
}

interface Category {
  name: string;
  test: (block: TextBlock, words: number, page: PageContext) => boolean;
}

const linkShare = (block: TextBlock): number => (block.text.length === 0 ? 0 : block.linkChars / block.text.length);

/** Ordered: the first match wins. Patterns are multilingual where the pages are. */
export const CATEGORIES: readonly Category[] = [
  {
    name: 'headline repeated in the body (equals the page title)',
    test: (b, _w, page) => page.title !== undefined && sameWords(b.text, page.title),
  },
  { name: 'consent notice', test: (b) => CONSENT_PHRASES.some((p) => b.text.toLowerCase().includes(p)) },
  {
    name: 'teaser / related heading or line',
    test: (b) => b.text.split('\n').some((l) => teaserPhrase(l) !== undefined),
  },
  {
    name: 'UI label (Caption, Sign In, Advert, Skip to content, …)',
    test: (b, w) =>
      w <= 3 &&
      /^\W*(caption|sign in|log in|login|register|advert|advertisement|skip to( main)? content|menu|close|search|loading|show more|expand|toggle|print|back to top|next|previous|image \d+ of \W*\d*|\W*)\W*$/i.test(
        b.text,
      ),
  },
  { name: 'bare URL line', test: (b) => /^\S*https?:\/\/\S+$/.test(b.text.trim()) },
  {
    name: 'newsletter / subscribe / sign-up box',
    test: (b) =>
      /newsletter|subscri|sign up|sign-up|inbox|e-?mail address|alerts|delivered|abonn|suscr|assine|registr/i.test(
        b.text,
      ),
  },
  {
    name: 'share / follow bar',
    test: (b, w) =>
      w <= 15 &&
      /share|tweet|facebook|twitter|whatsapp|linkedin|pinterest|reddit|copy link|follow us|get the .* app/i.test(
        b.text,
      ),
  },
  {
    name: 'affiliate / disclosure note',
    test: (b) => /affiliate|commission|disclosure|sponsored|paid partnership|may earn/i.test(b.text),
  },
  {
    name: 'caption / photo credit',
    test: (b, w) =>
      w <= 45 &&
      ((b.nearImage && b.kind !== 'heading' && w >= 2) ||
        /photo|image|picture|credit|getty|reuters|\bap\b|afp|shutterstock|istock|©|illustration|foto|bild|imagem|courtesy/i.test(
          b.text,
        )),
  },
  {
    name: 'author bio / contact line',
    test: (b) =>
      /\b(is|was) (an? |the )?(\w+ ){0,3}(writer|reporter|editor|correspondent|columnist|journalist|contributor|author|native)\b|writes about|about the author|follow (him|her|them)\b|is the author of|^(write to|e-?mail|contact) \S+( \S+)? at\b|@\w+\.\w+/i.test(
        b.text,
      ),
  },
  {
    name: 'organisation boilerplate (About …, headquartered …)',
    test: (b) =>
      /^about (the |us\b)|headquartered in|is a (leading|global)|^citation:|for more information,? (visit|contact)/i.test(
        b.text,
      ),
  },
  {
    name: 'tags / categories / filed under',
    test: (b) => /^(tags?|topics?|filed under|categor\w*|schlagw\w*)\b/i.test(b.text),
  },
  {
    name: 'comments',
    test: (b, w) =>
      w <= 40 && /\bcomments?\b|\brepl(y|ies)\b|kommentar|commentaire|comentário|comentario|отзыв/i.test(b.text),
  },
  {
    name: 'footer / legal / contact',
    test: (b) =>
      /©|copyright|all rights reserved|terms of (use|service)|privacy policy|contact us|about us|impressum|\bsuite \d+|\btel\b/i.test(
        b.text,
      ),
  },
  {
    name: 'advertising',
    test: (b) => /advertis|anzeige|publicit|promoted|partner content/i.test(b.text),
  },
  {
    name: 'byline / date / dateline',
    test: (b, w) =>
      w <= 20 &&
      (/^(by|von|par|por|di|door)\s|posted|published|updated|min(ute)?s? read|\b(19|20)\d\d\b|\d{1,2}:\d{2}|\b[ap]\.?m\.?$/i.test(
        b.text,
      ) ||
        (/^[\p{Lu}\s,.-]+$/u.test(b.text.split(/[—–-]/)[0] ?? '') && w <= 3)),
  },
  { name: 'link list (list items, mostly link text)', test: (b) => b.kind === 'list-item' && linkShare(b) >= 0.5 },
  { name: 'link-dense block (≥ 60 % link text): teaser/more-stories links', test: (b) => linkShare(b) >= 0.6 },
  { name: 'heading the truth leaves out', test: (b) => b.kind === 'heading' },
  { name: 'list item, not links', test: (b) => b.kind === 'list-item' },
  { name: 'table', test: (b) => b.kind === 'table' },
  { name: 'short line (≤ 8 words), other', test: (_b, w) => w <= 8 },
  { name: 'paragraph, other', test: () => true },
];

export interface LeakedBlock {
  category: string;
  /** Above the first kept block, between kept blocks, or below the last one. */
  position: 'before body' | 'inside body' | 'after body';
  tokens: number;
  block: TextBlock;
}

/** Blocks of the output whose shingles are mostly not in the truth, each with its category. */
export function leakedBlocks(markdown: string, truth: string, page: PageContext): LeakedBlock[] {
  const blocks = markdownToBlocks(markdown).map((block) => ({ block, tokens: tokenize(block.text) }));
  const unmatched = unmatchedShinglesByBlock(
    blocks.map((b) => b.tokens),
    tokenize(truth),
  );
  const marked = blocks.map((b, index) => {
    const own = unmatched[index] ?? { total: 0, unmatched: 0 };
    return { ...b, leaked: own.total > 0 && own.unmatched / own.total >= 0.5 };
  });
  const kept = marked.flatMap((b, index) => (b.leaked ? [] : [index]));
  const first = kept[0] ?? Number.POSITIVE_INFINITY;
  const last = kept.at(-1) ?? Number.NEGATIVE_INFINITY;
  return marked.flatMap((b, index) => {
    if (!b.leaked) return [];
    const words = b.tokens.length;
    const category = CATEGORIES.find((c) => c.test(b.block, words, page))?.name ?? 'paragraph, other';
    const position = index < first ? 'before body' : index > last ? 'after body' : 'inside body';
    return [{ category, position, tokens: words, block: b.block }];
  });
}

/**
 * Scores the output's shingles the way the metric does (over the whole token stream, so a short
 * heading is judged with the words that follow it), matching each against the truth's remaining
 * count in reading order, and charges each shingle to the block its first token is in (a block of
 * 4+ tokens only its own inner shingles, so the seam to a leaked neighbour does not count).
 */
function unmatchedShinglesByBlock(
  blockTokens: readonly (readonly string[])[],
  truthTokens: readonly string[],
): { total: number; unmatched: number }[] {
  const remaining = countShingles(truthTokens);
  const tokens = blockTokens.flat();
  const owner = blockTokens.flatMap((list, index) => list.map(() => index));
  const result = blockTokens.map(() => ({ total: 0, unmatched: 0 }));
  const windows = Math.max(1, tokens.length - 3);
  for (let i = 0; i < windows && i < tokens.length; i += 1) {
    const key = tokens.slice(i, i + 4).join(' ');
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    const block = owner[i] ?? 0;
    const slot = result[block];
    // A block of 4+ tokens is judged on its own shingles; a shorter one on those starting in it.
    const inside = owner[Math.min(i + 3, tokens.length - 1)] === block;
    if (slot === undefined || (!inside && (blockTokens[block]?.length ?? 0) >= 4)) continue;
    slot.total += 1;
    if (left === 0) slot.unmatched += 1;
  }
  // The last blocks of a stream may start no whole shingle: judge them by plain containment.
  const truthLine = ` ${truthTokens.join(' ')} `;
  for (const [index, slot] of result.entries()) {
    const own = blockTokens[index] ?? [];
    if (slot.total > 0 || own.length === 0) continue;
    slot.total = 1;
    slot.unmatched = truthLine.includes(` ${own.join(' ')} `) ? 0 : 1;
  }
  return result;
}

/** Same word tokens, case and punctuation aside (a headline against the title tag's text). */
function sameWords(a: string, b: string): boolean {
  const words = (text: string): string => tokenize(text.toLowerCase()).join(' ');
  const left = words(a);
  return left !== '' && (left === words(b) || words(b).startsWith(`${left} `) || left.startsWith(`${words(b)} `));
}
