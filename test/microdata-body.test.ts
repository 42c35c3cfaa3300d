// The microdata body: when the element a page marks itemprop=articleBody is read instead of Readability's pick.

import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

/** Six paragraphs with no run of six words in common (the test compares the extraction by such runs). */
const PROSE = [
  'The harbour board met on Monday and agreed, after a long debate, to rebuild the old pier before summer.',
  'Fishermen had asked for the work for years, since storms in the spring of 2019 cracked two of its piles.',
  'Engineers expect the job to take fourteen weeks, with a barge moored beside the harbour wall throughout.',
  'Boats will use the north quay meanwhile; the ferry keeps its usual berth and its timetable does not change.',
  'The council pays two thirds of the cost and a regional fund for coastal towns has promised the remainder.',
  'A public meeting about the design is planned for next month in the library, where drawings are on show.',
].map((sentence, index) => `<p>Paragraph ${index + 1}. ${sentence}</p>`);
/** Ninety rows of data cells: Readability scores each cell and prefers the table's box to the prose beside it. */
const TABLE = `<div class="box"><p>Addresses below.</p><table><tr><th>Ward</th><th>Member</th><th>Email</th></tr>${Array.from(
  { length: 90 },
  (_, index) =>
    `<tr><td>Ward ${index}</td><td>Member ${index}</td><td>member.${index}.office@council.example</td></tr>`,
).join('')}</table></div>`;

function page(body: string): string {
  return `<!DOCTYPE html><html><head><title>Pier to be rebuilt</title></head><body><article><h1>Pier to be rebuilt</h1>${body}</article></body></html>`;
}

describe('microdata articleBody', () => {
  it('is read when Readability picked a box inside it over its prose', () => {
    const result = declutter(
      page(`<div itemprop="articleBody">${PROSE.slice(0, 1).join('')}${TABLE}${PROSE.slice(1).join('')}</div>`),
    );
    for (let index = 1; index <= 6; index += 1) expect(result.markdown).toContain(`Paragraph ${index}.`);
    expect(result.warnings.join('\n')).toContain('itemprop=articleBody');
  });

  it('is not read when the page marks two bodies, or when its visible prose is short', () => {
    const two = declutter(
      page(
        `<div itemprop="articleBody">${PROSE.slice(0, 3).join('')}${TABLE}</div><div itemprop="articleBody">${PROSE.slice(3).join('')}</div>`,
      ),
    );
    expect(two.warnings.join('\n')).not.toContain('itemprop=articleBody');
    const hidden = PROSE.map((paragraph) => paragraph.replace('<p>', '<p hidden>'));
    const short = declutter(
      page(`<div itemprop="articleBody">${PROSE.slice(0, 1).join('')}${TABLE}${hidden.join('')}</div>`),
    );
    expect(short.warnings.join('\n')).not.toContain('itemprop=articleBody');
  });

  it('is read when Readability picked one of its sibling sections, under half of its prose', () => {
    // An Org-mode export: each section a heading and a block of prose; Readability scores the sections apart and
    // picks the one that scores highest (commas count), here under half of the marked prose.
    const section = (heading: string, content: string): string =>
      `<div class="outline-2"><h2>${heading}</h2><div class="outline-text-2">${content}</div></div><br>`;
    const supplies =
      'Oak, larch, granite, iron, rope, tar and paint, all of it ordered, delivered, counted and stored.';
    const list = `<ol>${['north quay', 'south quay', 'inner basin', 'slipway', 'fuel berth', 'lifeboat station']
      .map((place) => `<li>Moorings at the ${place} stay open, with the usual charges, while the pier is closed.</li>`)
      .join('')}</ol>`;
    const result = declutter(
      page(
        `<div itemprop="articleBody"><div id="content">${section('One', PROSE[0]!)}${section('Two', PROSE[1]!)}${section(
          'Three',
          `${PROSE[2]!}${list}${PROSE[3]!.replace('</p>', ` ${supplies}</p>`)}`,
        )}${section('Four', PROSE[4]!)}${section('Five', PROSE[5]!)}</div></div>`,
      ),
    );
    for (let index = 1; index <= 6; index += 1) expect(result.markdown).toContain(`\n\nParagraph ${index}.`);
    expect(result.markdown).toContain('## One');
    expect(result.warnings.join('\n')).toMatch(/held 4\d % of the body the page marks \(itemprop=articleBody/);
  });

  it('leaves an extraction that holds the marked prose as it is', () => {
    const result = declutter(page(`<div itemprop="articleBody">${PROSE.join('')}</div>`));
    expect(result.warnings).toEqual([]);
    expect(result.markdown).toContain('Paragraph 6.');
  });
});

/** A recipe card in microdata: ingredients and numbered steps, each step one short line. */
const STEPS = [
  'Heat the oven to 200 °C and grease a loaf tin.',
  'Mash the bananas with a fork until almost smooth.',
  'Beat the butter and sugar, then the eggs, one at a time.',
  'Fold in the flour, the bananas and the chopped walnuts.',
  'Bake for fifty minutes, until a skewer comes out clean.',
];
const INGREDIENTS = ['3 ripe bananas', '100 g soft butter', '150 g brown sugar', '2 eggs', '225 g self-raising flour'];

function recipeCard(steps: readonly string[] = STEPS): string {
  return `<div itemscope itemtype="https://schema.org/Recipe"><h2 itemprop="name">Banana walnut loaf</h2>
<h3>Ingredients</h3><ul>${INGREDIENTS.map((line) => `<li itemprop="recipeIngredient">${line}</li>`).join('')}</ul>
<h3>Method</h3><ol itemprop="recipeInstructions">${steps.map((step) => `<li>${step}</li>`).join('')}</ol></div>`;
}

/** Three paragraphs about the shop beside the card: prose Readability scores above a list of steps. */
const STORY = `<div class="shop-story">${PROSE.slice(0, 3).join('')}</div>`;

describe('microdata Recipe', () => {
  it('is read, ingredients and steps, when Readability picked prose beside it', () => {
    const result = declutter(page(`${recipeCard()}${STORY}`));
    for (const line of [...INGREDIENTS, ...STEPS]) expect(result.markdown).toContain(line);
    expect(result.markdown).not.toContain('Paragraph 1.');
    expect(result.warnings.join('\n')).toContain('itemprop=recipeInstructions');
  });

  it('is added after a story of its own that Readability picked, a recipe blog post above its card', () => {
    const result = declutter(page(`<div class="post">${PROSE.join('')}</div>${recipeCard()}`));
    for (let index = 1; index <= 6; index += 1) expect(result.markdown).toContain(`Paragraph ${index}.`);
    for (const line of [...INGREDIENTS, ...STEPS]) expect(result.markdown).toContain(line);
    expect(result.markdown.indexOf('Paragraph 6.')).toBeLessThan(result.markdown.indexOf(STEPS[0] ?? ''));
    expect(result.warnings.join('\n')).toContain('that was added after it');
  });

  it('is not read when the page holds two recipe items, or when its steps are too short to be a method', () => {
    const two = declutter(page(`${recipeCard()}${recipeCard()}${STORY}`));
    expect(two.warnings.join('\n')).not.toContain('itemprop=recipeInstructions');
    const short = declutter(page(`${recipeCard(['Mix.', 'Bake.'])}${STORY}`));
    expect(short.warnings.join('\n')).not.toContain('itemprop=recipeInstructions');
  });

  it('leaves an extraction that holds the steps as it is', () => {
    const withStory = page(`<div class="story">${PROSE.join('')}${recipeCard()}</div>`);
    const result = declutter(withStory);
    expect(result.warnings.join('\n')).not.toContain('itemprop=recipeInstructions');
    expect(result.markdown).toContain(STEPS[4]);
  });
});

describe('microdata Product description', () => {
  /** A shop's reviews: long prose that Readability prefers to the description's table of properties. */
  const REVIEWS = `<div class="reviews">${PROSE.map((paragraph) => paragraph.replace('<p>', '<p class="review">')).join('')}</div>`;
  const DESCRIPTION =
    '<table><tr><th>Roast</th><td>Medium, slow drum roast for a sweet, round cup</td></tr>' +
    '<tr><th>Origin</th><td>Smallholder cooperative in the highlands, washed and sun-dried</td></tr>' +
    '<tr><th>Aroma</th><td>Red berries, citrus peel, a hint of cocoa and brown sugar</td></tr>' +
    '<tr><th>Certified</th><td>Organic, inspection body XY-ORG-001, traded directly</td></tr></table>';
  const product = (headline: string, description: string, reviews: string): string =>
    `<!DOCTYPE html><html><head><title>Highland beans</title></head><body>` +
    `<div itemscope itemtype="https://schema.org/Product">${headline}<p class="price">16.90 EUR</p>` +
    `<div class="description" itemprop="description">${description}</div>${reviews}</div></body></html>`;

  it("is added before the reviews Readability picked, when the page's headline names the product", () => {
    const result = declutter(product('<h1 itemprop="name">Highland beans</h1>', DESCRIPTION, REVIEWS));
    expect(result.markdown).toContain('Paragraph 6.');
    expect(result.markdown).toContain('Red berries, citrus peel, a hint of cocoa and brown sugar');
    expect(result.markdown).toContain('Smallholder cooperative in the highlands, washed and sun-dried');
    expect(result.warnings.join('\n')).toContain('schema.org Product');
    // Where it stood on the page: before the reviews.
    expect(result.markdown.indexOf('Red berries')).toBeLessThan(result.markdown.indexOf('Paragraph 1.'));
    expect(result.warnings.join('\n')).toContain('added before it');
  });

  it('is not added when the product is a box beside the headline (a review blog), nor when it is short', () => {
    const box = declutter(
      `<!DOCTYPE html><html><head><title>Highland beans</title></head><body><h1>My morning coffee</h1>${REVIEWS}` +
        `<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Highland beans</span>` +
        `<div itemprop="description">${DESCRIPTION}</div></div></body></html>`,
    );
    expect(box.warnings.join('\n')).not.toContain('schema.org Product');
    const short = declutter(product('<h1>Highland beans</h1>', 'Medium roast, organic.', REVIEWS));
    expect(short.warnings.join('\n')).not.toContain('schema.org Product');
  });

  it("is not taken from a review's own description inside the product", () => {
    // The review sits in a sidebar Readability drops: were its description taken, the pick would hold none of it.
    const reviewed = `${REVIEWS}<div class="sidebar"><div itemprop="review" itemscope itemtype="https://schema.org/Review"><div itemprop="description">${DESCRIPTION}</div></div></div>`;
    const result = declutter(product('<h1>Highland beans</h1>', 'Medium roast, organic.', reviewed));
    expect(result.warnings.join('\n')).not.toContain('schema.org Product');
  });
});
