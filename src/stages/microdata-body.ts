// Around extract: the element a page marks as its article's body with schema.org microdata (`itemprop=articleBody`,
// a Recipe whose steps it marks `itemprop=recipeInstructions`, or the description of the Product the page is about)
// is where the article comes from when Readability's pick holds almost none of it.

import type { PipelineContext } from '../types.js';
import { releaseDocument } from './parse.js';
import { articleOrNone, emptyMetadata, extractArticle, type ExtractedArticle } from './extract.js';
import { closestMatching, elementsMatching, firstMatching } from './elements-by-tag.js';
import { totalLength, visibleProse } from './visible-prose.js';
import { collapseWhitespace, MISSED_BELOW_SHARE, shareOfRunsIn } from './text-runs.js';
import { containerDocument } from './container-document.js';
import { resolveNoscriptImages } from './noscript-images.js';
import { MIN_STEPS_CHARS } from './structured-recipe.js';
import { INGREDIENT_ITEMS } from './readability-ingredients.js';

/** A marked body with less prose is a teaser or a summary; the extraction is left as it is. */
const MIN_BODY_CHARS = 500;
/**
 * An article holding less than this share of the prose a page marks as `itemprop=articleBody` missed it. Half, not
 * the fifth used for a recipe's steps or for structured data: a page that marks one element as its article's body has
 * said what the article is, and an extraction holding a third of it has lost whole sections (Readability picks one of
 * an org-mode post's sibling sections). Of the 140 marked bodies in both bench sets, every other extraction holds 71 %
 * of its prose or more (all but one 96 % or more), or under 5 %.
 */
const ARTICLE_BODY_MISSED_BELOW = 0.5;
/** What the page's HTML holds when some element may be marked as the article's body or a recipe's steps. */
const MAY_MARK_BODY = /itemprop\s*=\s*["']?[^"'>]*(?:articlebody|recipeinstructions)|schema\.org\/Product\b/i;
/** A paragraph this long that the article found already holds is not added again with the marked element. */
const MIN_REPEATED_CHARS = 80;
/** How much of the start of a text finds it in the page's text. */
const START_CHARS = 40;
/** A schema.org Product's item. */
const PRODUCT_ITEM = '[itemscope][itemtype*="schema.org/Product" i]';
/**
 * A product description shorter than this is a line of a teaser, not what a shop page says about its product (the
 * shortest on the bench pages is a 284-character table of a coffee's aroma, origin and process).
 */
const MIN_DESCRIPTION_CHARS = 200;
/** A schema.org Recipe's item (`itemtype` is a URL: http or https, with or without `www.`). */
const RECIPE_ITEM = '[itemscope][itemtype*="schema.org/Recipe" i]';
/** A recipe step: one per block, or the whole instructions element when it has no blocks. */
const STEP_BLOCKS = 'p, li';

interface MarkedBody {
  element: Element;
  /** The text an extraction must hold to have found the body: its paragraphs of prose, or a recipe's steps. */
  prose: string[];
  /** Lines the article must hold all of when Readability reads the body again: a recipe's ingredients. */
  lines: string[];
  /** An article holding less than this share of `prose` missed the body. */
  missedBelow: number;
  /**
   * The least prose an article Readability found must hold to stay, with the marked element beside it on the side
   * it stood on the page: a recipe blog's story above its card, a shop's buy box above or reviews below the product's
   * description. Undefined for a marked body, which is the article itself, so what was found instead is not kept.
   */
  storyAtLeast: number | undefined;
  /** How the warning names the mark. */
  mark: string;
}

/** The one element the page marks as its article's body, when it holds enough prose; several mark nothing sure. */
function markedArticleBody(document: Document): MarkedBody | undefined {
  const bodies = elementsMatching(document, '[itemprop~=articleBody i]');
  const [only] = bodies;
  if (bodies.length !== 1 || only === undefined) return undefined;
  const prose = visibleProse(only);
  if (totalLength(prose) < MIN_BODY_CHARS) return undefined;
  return {
    element: only,
    prose,
    lines: [],
    missedBelow: ARTICLE_BODY_MISSED_BELOW,
    storyAtLeast: undefined,
    mark: 'itemprop=articleBody',
  };
}

/** The page's one Recipe item with marked steps long enough to be a method; several mark nothing sure. */
function markedRecipe(document: Document): MarkedBody | undefined {
  const recipes = new Set<Element>();
  const steps: string[] = [];
  for (const instructions of elementsMatching(document, '[itemprop~=recipeInstructions i]')) {
    const recipe = closestMatching(instructions, RECIPE_ITEM);
    if (recipe === null) continue;
    recipes.add(recipe);
    const blocks = elementsMatching(instructions, STEP_BLOCKS);
    for (const block of blocks.length > 0 ? blocks : [instructions]) {
      const text = collapseWhitespace(block.textContent ?? '');
      if (text !== '') steps.push(text);
    }
  }
  const [recipe] = recipes;
  if (recipes.size !== 1 || recipe === undefined || totalLength(steps) < MIN_STEPS_CHARS) return undefined;
  const ingredients = elementsMatching(recipe, INGREDIENT_ITEMS)
    .map((ingredient) => collapseWhitespace(ingredient.textContent ?? ''))
    .filter((line) => line !== '');
  return {
    element: recipe,
    prose: steps,
    lines: ingredients,
    missedBelow: MISSED_BELOW_SHARE,
    storyAtLeast: MIN_BODY_CHARS,
    mark: 'a schema.org Recipe, its itemprop=recipeInstructions',
  };
}

/**
 * The description of the one Product item that holds the page's headline (a shop's page of that product, not a
 * review blog's box about it): its own `itemprop=description`, not a review's inside it, with the most text. Its text
 * is what an extraction must hold, a table of the product's properties as much as paragraphs.
 */
function markedProduct(document: Document): MarkedBody | undefined {
  const headline = firstMatching(document, 'h1');
  if (headline === null) return undefined;
  // The innermost item around the headline (items holding one element are nested, and listed outermost first).
  const product = elementsMatching(document, PRODUCT_ITEM)
    .filter((item) => item.contains(headline))
    .at(-1);
  if (product === undefined) return undefined;
  let description: Element | undefined;
  let text = '';
  for (const candidate of elementsMatching(product, '[itemprop~=description i]')) {
    if (closestMatching(candidate, '[itemscope]') !== product) continue;
    const candidateText = collapseWhitespace(candidate.textContent ?? '');
    if (candidateText.length > text.length) [description, text] = [candidate, candidateText];
  }
  if (description === undefined || text.length < MIN_DESCRIPTION_CHARS) return undefined;
  return {
    element: description,
    prose: [text],
    lines: [],
    missedBelow: ARTICLE_BODY_MISSED_BELOW,
    storyAtLeast: 0,
    mark: "the itemprop=description of the schema.org Product the page's headline names",
  };
}

/**
 * True when `added` stood before `found` on the page: a product's description above its reviews. Each is looked for
 * by the start of its first paragraph of prose, else of its text (Readability joins the text of blocks it rewrites
 * without the page's spaces); one not found counts as after.
 */
function standsBefore(pageText: string, added: Element, found: Element): boolean {
  const at = (element: Element): number => {
    const start = visibleProse(element)[0] ?? collapseWhitespace(element.textContent ?? '');
    return pageText.indexOf(start.slice(0, START_CHARS));
  };
  const addedAt = at(added);
  const foundAt = at(found);
  return addedAt >= 0 && foundAt >= 0 && addedAt < foundAt;
}

/** The paragraphs of prose in `content` that are not among `marked` (steps of the recipe Readability did pick). */
function storyProse(content: Element, marked: readonly string[]): string[] {
  const markedText = new Set(marked);
  return visibleProse(content).filter((paragraph) => !markedText.has(paragraph));
}

/**
 * Readability scores blocks by their own prose and can prefer a long comment thread, a list of other stories or a
 * sidebar to the article; a page that marks one element as `itemprop=articleBody` has said where the article is.
 * A recipe's method is short steps, often each in a block of its own, which Readability scores apart and can lose
 * to the site's contact box; a page that marks the steps `itemprop=recipeInstructions` inside a Recipe item has said
 * where the recipe is (the item also holds its ingredients, which the article then keeps). A shop's product
 * description is often a table of properties, which Readability scores below the customer reviews' prose; a page
 * whose headline stands in a Product item that marks its `itemprop=description` has said what the product is.
 * The marked element is copied before Readability changes the page; when the article Readability chose (in a site
 * config's container, too) holds less than half of its prose (a fifth of a recipe's steps), Readability runs again on
 * the copy alone and its article is taken (the page's metadata as the first run read it), with a warning. For a
 * recipe, a pick with 500 characters of prose or more is a story of its own (a recipe blog's post above its card): it
 * stays, and the recipe is added after it. For a product, any pick stays (the buy box, the reviews) and the
 * description is added on the side of it where it stood on the page, without the paragraphs the pick already shows.
 * A page marking several bodies, or a short one, is left alone. `html` is the page's text as decoded.
 */
export function withMicrodataBody(
  document: Document,
  ctx: PipelineContext,
  html: string,
  extract: () => ExtractedArticle,
): ExtractedArticle {
  // A look at the page's text first: walking every element for the attribute costs twenty times as much.
  if (!MAY_MARK_BODY.test(html)) return extract();
  const marked = markedArticleBody(document) ?? markedRecipe(document) ?? markedProduct(document);
  if (marked === undefined) return extract();
  const { prose, mark, missedBelow } = marked;
  const proseChars = totalLength(prose);
  // Copied into a page of its own first: Readability moves the page's nodes into its article and removes what it
  // leaves. Without the page's <head>, which only the metadata would read (taken from the first run).
  const copy = containerDocument(document, [marked.element], { head: false });
  // The page's text as it stands, to put what is added on the side of the article it stood on.
  const pageText = marked.storyAtLeast === undefined ? '' : collapseWhitespace(document.body?.textContent ?? '');
  try {
    const article = articleOrNone(extract);
    // A site config's container too: Readability may have picked one of its sections, as on the whole page.
    const found = article ? collapseWhitespace(article.content.textContent ?? '') : '';
    const share = shareOfRunsIn(prose, found, missedBelow);
    if (article && share >= missedBelow) return article;
    // Kept as the page made it: Readability moves its pick out of the copy and strips what it judges unlikely.
    const markedCopy = copy.body.firstElementChild?.cloneNode(true) as Element;
    const fromBody = articleOrNone(() => extractArticle(copy, ctx));
    // Readability may pick the same block again inside the body (a table's cells outscore the prose beside it), or
    // a recipe's method without its ingredients: then the marked body itself, as the page made it, is the article.
    const foundInBody = fromBody ? collapseWhitespace(fromBody.content.textContent ?? '') : '';
    const content =
      fromBody &&
      shareOfRunsIn(prose, foundInBody, missedBelow) >= missedBelow &&
      marked.lines.every((line) => foundInBody.includes(line))
        ? fromBody.content
        : markedCopy;
    if (content === markedCopy) resolveNoscriptImages(content);
    const { storyAtLeast } = marked;
    if (article && storyAtLeast !== undefined && totalLength(storyProse(article.content, prose)) >= storyAtLeast) {
      // A paragraph the article found already shows (a shop's short description in its buy box) is not repeated.
      for (const paragraph of elementsMatching(content, 'p')) {
        const text = collapseWhitespace(paragraph.textContent ?? '');
        if (text.length >= MIN_REPEATED_CHARS && found.includes(text)) paragraph.remove();
      }
      const before = standsBefore(pageText, content, article.content);
      if (before) article.content.prepend(...Array.from(content.childNodes));
      else article.content.append(...Array.from(content.childNodes));
      ctx.warnings.push(
        `the article found held ${Math.round(share * 100)} % of what the page marks (${mark}, ` +
          `${proseChars} characters): that was added ${before ? 'before' : 'after'} it`,
      );
      return article;
    }
    ctx.warnings.push(
      `the article found held ${Math.round(share * 100)} % of the body the page marks (${mark}, ` +
        `${proseChars} characters): that body was read as the article`,
    );
    return { content, metadata: article?.metadata ?? fromBody?.metadata ?? emptyMetadata() };
  } finally {
    releaseDocument(copy);
  }
}
