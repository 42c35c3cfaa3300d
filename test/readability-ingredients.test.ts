// Readability's clean-up keeps a block holding a recipe's marked ingredients (src/stages/readability-ingredients.ts).

import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

const STORY = [
  'My grandmother baked this loaf every Friday, and the smell of it drifted down the stairs to the street, where the neighbours would stop and ask whether there was a slice to spare.',
  'She never wrote the recipe down, so it took me three summers of trying, with her standing beside me and shaking her head, before the crumb came out as soft as hers.',
  'The secret, she finally admitted, is to let the dough rest twice, and to be patient with the second rise even when the kitchen is cold and the guests are already at the door.',
].map((sentence) => `<p>${sentence}</p>`);
/** Two of them linked to the shop's product pages, as recipe sites do: a link-dense table to Readability. */
const INGREDIENTS = [
  ['500 g', '<a href="/shop/strong-white-flour">strong white flour</a>'],
  ['7 g', '<a href="/shop/dried-yeast">dried yeast</a>'],
  ['300 ml', 'warm milk'],
  ['2 tbsp', 'honey'],
];
const STEPS = [
  'Mix the flour and the yeast in a large bowl, pour in the warm milk and the honey, and knead for ten minutes until the dough is smooth and springy.',
  'Cover the bowl and leave the dough to rise for an hour, knock it back, shape it into a loaf and let it rise again in the tin for forty minutes.',
  'Bake at 200 °C for thirty minutes, until the loaf sounds hollow when tapped underneath, and let it cool on a rack before slicing.',
].map((sentence) => `<p>${sentence}</p>`);

function page(ingredientRow: (amount: string, name: string) => string, copies = 1): string {
  const table = `<div class="ingredients"><table>${INGREDIENTS.map(([amount, name]) => ingredientRow(amount ?? '', name ?? '')).join('')}</table></div>`;
  return `<!DOCTYPE html><html><head><title>Friday milk loaf</title></head><body><article itemscope itemtype="https://schema.org/Recipe">
<h1 itemprop="name">Friday milk loaf</h1>${STORY.join('')}
${table.repeat(copies)}
<div itemprop="recipeInstructions">${STEPS.join('')}</div></article></body></html>`;
}

const MARKED_ROW = (amount: string, name: string): string =>
  `<tr itemprop="recipeIngredient"><td>${amount}</td><td>${name}</td></tr>`;

describe('recipe ingredients through Readability', () => {
  it('keeps a small table of marked ingredients that conditional cleaning would remove', () => {
    const result = declutter(page(MARKED_ROW));
    expect(result.markdown).toContain('| 500 g | [strong white flour](/shop/strong-white-flour) |');
    expect(result.markdown).toContain('| 2 tbsp | honey |');
    expect(result.markdown).toContain('let it cool on a rack before slicing.');
    expect(result.markdown).toContain('My grandmother baked this loaf every Friday');
  });

  it('keeps one copy, not two, of a table the page prints twice (a desktop tab and a phone carousel)', () => {
    const result = declutter(page(MARKED_ROW, 2));
    expect(result.markdown.split('| 2 tbsp | honey |')).toHaveLength(2);
  });

  it('leaves the same table to the cleaning when nothing marks it as ingredients', () => {
    const result = declutter(page((amount, name) => `<tr><td>${amount}</td><td>${name}</td></tr>`));
    expect(result.markdown).not.toContain('strong white flour');
    expect(result.markdown).toContain('let it cool on a rack before slicing.');
  });
});
