// Recipe and how-to steps from JSON-LD: added when the extraction lacks them, left out when it has them.

import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

const STORY =
  '<p>We have made this soup every winter since the allotment gave us more leeks than we could give away to the neighbours.</p>' +
  '<p>It freezes well, so make a double batch, and it is better on the second day, when the potato has thickened it a little.</p>';

function page(jsonLd: object, article = STORY, title = 'Leek and potato soup'): string {
  return `<!DOCTYPE html><html><head><title>${title}</title><script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head>
<body><article><h1>${title}</h1>${article}<div class="recipe-card"></div></article></body></html>`;
}

const STEPS = [
  'Melt the butter in a large pan and soften the sliced leeks for ten minutes without letting them brown.',
  'Add the diced potatoes and the stock, bring to the boil, then simmer for twenty minutes until tender.',
  'Blend until smooth, season with salt and pepper, and stir in the cream just before serving.',
];

describe('structured recipe steps', () => {
  it('adds ingredients and numbered steps from a Recipe given as texts, once', () => {
    const recipe = {
      '@type': 'Recipe',
      name: 'Leek and potato soup',
      recipeIngredient: ['3 leeks', '2 potatoes'],
      recipeInstructions: STEPS.join('\n'),
    };
    const result = declutter(page(recipe));
    expect(result.markdown).toContain('- 3 leeks\n- 2 potatoes');
    expect(result.markdown).toContain(`1. ${STEPS[0]}\n2. ${STEPS[1]}\n3. ${STEPS[2]}`);
    expect(result.markdown).toContain('We have made this soup every winter');
    expect(result.markdown.split('Melt the butter').length).toBe(2);
  });

  it('reads a HowTo whose steps are named, with their directions as items (in @graph)', () => {
    const howTo = {
      '@graph': [
        { '@type': 'WebSite', name: 'Allotment Kitchen' },
        {
          '@type': 'HowTo',
          name: 'Leek and potato soup',
          step: STEPS.map((text, index) => ({
            '@type': 'HowToStep',
            name: `Step ${index + 1}`,
            itemListElement: { '@type': 'HowToDirection', text },
          })),
        },
      ],
    };
    expect(declutter(page(howTo)).markdown).toContain(`2. Step 2 ${STEPS[1]}`);
  });

  it('adds nothing when the article has the steps, the recipe is another page’s, or its steps are a line', () => {
    const recipe = { '@type': 'Recipe', name: 'Leek and potato soup', recipeInstructions: STEPS };
    const withSteps = declutter(page(recipe, `${STORY}<ol>${STEPS.map((step) => `<li>${step}</li>`).join('')}</ol>`));
    expect(withSteps.warnings.join('\n')).not.toContain('JSON-LD');
    expect(withSteps.markdown.split('Melt the butter').length).toBe(2);

    const other = declutter(page({ ...recipe, name: 'Parsnip crisps with rosemary' }));
    expect(other.markdown).not.toContain('Melt the butter');

    const line = declutter(page({ ...recipe, recipeInstructions: ['Mix everything and serve.'] }));
    expect(line.markdown).not.toContain('Mix everything');
  });
});
