// fold-caption: a caption's words move onto its image (alt, else title) and out of the text; nothing else moves.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { foldCaptionAction } from '../src/rules/actions/fold-caption.js';
import { compileRuleSet, type CompiledRule } from '../src/rules/compile-rules.js';
import type { Rule } from '../src/rules/rule-types.js';
import { validateRuleSet } from '../src/rules/validate-rules.js';

function compile(rule: Partial<Rule>): CompiledRule {
  const full = {
    id: 'test/fold',
    phase: 'post',
    action: 'fold-caption',
    why: 'test rule for the fold-caption action',
    selector: 'figcaption, [class*=caption i], figure p',
    when: { maxChars: 600 },
    ...rule,
  } as Rule;
  const compiled = compileRuleSet({ source: 'test', id: 'test', rules: [full] }).rules[0];
  if (!compiled) throw new Error('no rule');
  return compiled;
}

interface Folded {
  /** Each image as alt | title. */
  images: string[];
  /** The text blocks left. */
  blocks: string[];
  traced: number;
}

function run(html: string, rule: Partial<Rule> = {}): Folded {
  const root = new JSDOM(`<body><div id="article">${html}</div></body>`).window.document.getElementById('article');
  if (!root) throw new Error('no root');
  let traced = 0;
  foldCaptionAction.applyToDom?.(root, compile(rule), () => {
    traced += 1;
  });
  return {
    images: Array.from(
      root.querySelectorAll('img'),
      (image) => `${image.getAttribute('alt') ?? ''} | ${image.getAttribute('title') ?? ''}`,
    ),
    blocks: Array.from(root.querySelectorAll('p, figcaption, h2, span'), (element) =>
      (element.textContent ?? '').trim(),
    ).filter((text) => text !== ''),
    traced,
  };
}

const PROSE =
  '<p>The council met on Tuesday and approved the budget for the coming year after a long debate.</p>' +
  '<p>Work on the new harbour wall starts in spring and is due to finish the year after.</p>';

describe('fold-caption', () => {
  it('makes a figcaption the title of an image that has alt text', () => {
    const folded = run(
      `${PROSE}<figure><img src="a.jpg" alt="The quay"><figcaption>The quay at high tide. Photo: Ana</figcaption></figure>`,
    );
    expect(folded.images).toEqual(['The quay | The quay at high tide. Photo: Ana']);
    expect(folded.blocks).toHaveLength(2);
    expect(folded.traced).toBe(1);
  });

  it('makes a caption the alt of an image that has none', () => {
    const folded = run(
      `${PROSE}<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">Sandbags.</p></div>`,
    );
    expect(folded.images).toEqual(['Sandbags. | ']);
  });

  it('drops a caption that only repeats the alt, and keeps a credit it adds as the title', () => {
    expect(
      run(
        `<figure><img src="a.jpg" alt="The quay at high tide."><figcaption>The quay at high tide</figcaption></figure>${PROSE}`,
      ).images,
    ).toEqual(['The quay at high tide. | ']);
    expect(
      run(
        `<figure><img src="a.jpg" alt="The quay at high tide."><figcaption>The quay at high tide. /VCG</figcaption></figure>${PROSE}`,
      ).images,
    ).toEqual(['The quay at high tide. | The quay at high tide. /VCG']);
  });

  it('takes a caption and its credit span as one caption', () => {
    const folded = run(
      `${PROSE}<figure><img src="a.jpg" alt="Quay"><figcaption><span class="caption-text">Flooded quay.</span> <span class="credit">Ana Lopes</span></figcaption></figure>`,
    );
    expect(folded.images).toEqual(['Quay | Flooded quay. Ana Lopes']);
    expect(folded.traced).toBe(1);
  });

  it('leaves a caption whose image has no usable source (a data: placeholder) as text', () => {
    const folded = run(
      `${PROSE}<figure><img src="data:image/gif;base64,R0lG" alt=""><figcaption>Watch the surge.</figcaption></figure>`,
    );
    expect(folded.blocks).toContain('Watch the surge.');
    expect(folded.traced).toBe(0);
  });

  it('finds a lazy image by its data-src or its picture source', () => {
    expect(run(`<figure><img data-src="a.jpg" alt=""><figcaption>Lazy.</figcaption></figure>${PROSE}`).images).toEqual([
      'Lazy. | ',
    ]);
    expect(
      run(
        `<figure><picture><source srcset="a.webp 1x"><img alt=""></picture><figcaption>Picture.</figcaption></figure>${PROSE}`,
      ).images,
    ).toEqual(['Picture. | ']);
  });

  it('never ties a caption to an image across article prose', () => {
    const folded = run(
      `<div><img src="a.jpg" alt="Chart">${PROSE}<figure class="video"><figcaption>Watch the surge.</figcaption></figure></div>`,
    );
    expect(folded.images).toEqual(['Chart | ']);
    expect(folded.blocks).toContain('Watch the surge.');
  });

  it('does not take a wrapper holding the image, nor a heading, for a caption', () => {
    const folded = run(
      `<div class="caption-wrap"><img src="a.jpg" alt="Loaf"><h2 class="caption-title">Harbour Loaf</h2></div>${PROSE}`,
    );
    expect(folded.blocks).toContain('Harbour Loaf');
    expect(folded.traced).toBe(0);
  });

  it('with altCopyOnly folds only a block repeating its image alt', () => {
    const rule = { selector: 'p', altCopyOnly: true, when: { minChars: 12, maxChars: 600 } };
    const copy = run(
      `${PROSE}<div><div><img src="a.jpg" alt="Mira Holm outside her bakery."></div><p>Mira Holm outside her bakery.</p></div>`,
      rule,
    );
    expect(copy.blocks).not.toContain('Mira Holm outside her bakery.');
    expect(copy.traced).toBe(1);
    const other = run(
      `${PROSE}<div><div><img src="a.jpg" alt="The oven"></div><p>The judges praised the crust of the loaf.</p></div>`,
      rule,
    );
    expect(other.blocks).toContain('The judges praised the crust of the loaf.');
    expect(other.traced).toBe(0);
  });

  it('with altCopyOnly never folds prose that merely opens with the alt, but folds the alt with a credit', () => {
    const rule = { selector: 'p', altCopyOnly: true, when: { minChars: 12, maxChars: 600 } };
    const intro =
      'The Lindqvist glasshouse stands at the far end of the old botanical garden, a long iron and glass hall.';
    const prose = run(`<div><img src="a.jpg" alt="The Lindqvist glasshouse"><p>${intro}</p></div>${PROSE}`, rule);
    expect(prose.blocks).toContain(intro);
    expect(prose.images).toEqual(['The Lindqvist glasshouse | ']);
    expect(prose.traced).toBe(0);
    const credited = run(
      `<div><img src="a.jpg" alt="The Lindqvist glasshouse"><p>The Lindqvist glasshouse, Ingrid Berg for NGJ</p></div>${PROSE}`,
      rule,
    );
    expect(credited.images).toEqual(['The Lindqvist glasshouse | The Lindqvist glasshouse, Ingrid Berg for NGJ']);
    const part = run(
      `<div><img src="a.jpg" alt="The Lindqvist glasshouse in January, seen from the rose garden"><p>The Lindqvist glasshouse in January</p></div>${PROSE}`,
      rule,
    );
    expect(part.traced).toBe(1);
    expect(part.images).toEqual(['The Lindqvist glasshouse in January, seen from the rose garden | ']);
  });
  it('keeps captions as text when they hold most of the article (a slideshow), and folds them when they do not', () => {
    const slide = (name: string, text: string): string =>
      `<div class="slide"><img src="${name}.jpg" alt="${name}"><p class="caption">${text}</p></div>`;
    const slides =
      slide('route', 'The night ferry leaves at eleven and reaches the island at six in the morning.') +
      slide('cabins', 'Forty cabins sleep two each; the other passengers get reclining seats at the stern.');
    const alone = run(`<p>Two things to know.</p>${slides}`);
    expect(alone.images).toEqual(['route | ', 'cabins | ']);
    expect(alone.blocks).toHaveLength(3);
    expect(alone.traced).toBe(0);
    // The same slides beside a longer story are notes on its photos.
    const inStory = run(`${PROSE}${PROSE}${slides}`);
    expect(inStory.blocks).toHaveLength(4);
    expect(inStory.traced).toBe(2);
  });
});

describe('fold-caption rule validation', () => {
  const set = (rule: Record<string, unknown>): unknown => ({
    id: 'test',
    rules: [{ id: 'test/r', phase: 'post', why: 'a rule to validate here', selector: 'p', ...rule }],
  });

  it('accepts altCopyOnly on fold-caption rules', () => {
    expect(() =>
      validateRuleSet(set({ action: 'fold-caption', altCopyOnly: true }), 'test.yaml', () => true),
    ).not.toThrow();
  });

  it('refuses altCopyOnly elsewhere, or not a boolean, naming the field', () => {
    expect(() => validateRuleSet(set({ action: 'remove', altCopyOnly: true }), 'test.yaml', () => true)).toThrow(
      /altCopyOnly/,
    );
    expect(() => validateRuleSet(set({ action: 'fold-caption', altCopyOnly: 'yes' }), 'test.yaml', () => true)).toThrow(
      /altCopyOnly.*true or false/,
    );
  });

  it('refuses fold-caption in the text phase', () => {
    expect(() =>
      validateRuleSet(
        {
          id: 'test',
          rules: [{ id: 'test/r', phase: 'text', action: 'fold-caption', why: 'a rule to validate here' }],
        },
        'test.yaml',
        () => true,
      ),
    ).toThrow(/phase/);
  });
});
