// dedupe: near-duplicate captions and credits go, real repeated text (refrains, rows, neighbours far apart) stays.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { dedupeAction, dedupeKey } from '../src/rules/actions/dedupe.js';
import { compileRuleSet, type CompiledRule } from '../src/rules/compile-rules.js';
import type { Rule } from '../src/rules/rule-types.js';

function compile(rule: Partial<Rule>): CompiledRule {
  const full = {
    id: 'test/dedupe',
    phase: 'post',
    action: 'dedupe',
    why: 'test rule for the dedupe action',
    similarity: 'near',
    ...rule,
  } as Rule;
  if (full.phase === 'text') delete full.selector; // text rules have none
  const compiled = compileRuleSet({ source: 'test', id: 'test', rules: [full] }).rules[0];
  if (!compiled) throw new Error('no rule');
  return compiled;
}

function run(html: string, rule: Partial<Rule>): string[] {
  const root = new JSDOM(`<body><div id="article">${html}</div></body>`).window.document.getElementById('article');
  if (!root) throw new Error('no root');
  dedupeAction.applyToDom?.(root, compile(rule), () => undefined);
  return Array.from(root.querySelectorAll('p, figcaption, span, td'), (element) => element.textContent ?? '');
}

const CAPTION = 'The mayor opens the new bridge on Friday.';

describe('dedupeKey (near)', () => {
  it.each([
    [`${CAPTION} /VCG`],
    [`${CAPTION.toUpperCase()}`],
    [`${CAPTION}  Photo: Jane Doe`],
    [`${CAPTION} (Reuters)`],
    [`${CAPTION} (AP Photo/Jane Doe)`],
    [`${CAPTION}Credit: Getty - Contributor`],
    [`${CAPTION} © Jane Doe`],
    [`${CAPTION} | Getty Images`],
    [`  The mayor  opens the new bridge on Friday  `],
  ])('treats %j as the caption', (variant) => {
    expect(dedupeKey(variant, 'near')).toBe(dedupeKey(CAPTION, 'near'));
  });

  it('keeps captions that differ in their words apart', () => {
    expect(dedupeKey('A man takes a photo of the sunset.', 'near')).not.toBe(
      dedupeKey('A man takes a photo of the river.', 'near'),
    );
  });

  it('compares exactly unless asked for near', () => {
    expect(dedupeKey(`${CAPTION} /VCG`, 'exact')).not.toBe(dedupeKey(CAPTION, 'exact'));
  });

  it('keeps the words of a text that is only a credit', () => {
    expect(dedupeKey('Photo: Jane Doe', 'near')).toBe('photojanedoe');
  });
});

describe('dedupe (DOM, all)', () => {
  const rule = { selector: 'figcaption, [class*=caption i], [class*=credit i]' };

  it('keeps the first of desktop and mobile copies', () => {
    const html = `<figure><figcaption class="d">${CAPTION} /VCG</figcaption><figcaption class="m">${CAPTION.toUpperCase()}</figcaption></figure>`;
    expect(run(html, rule)).toEqual([`${CAPTION} /VCG`]);
  });

  it('never removes a photo’s wrapper, however alike the captions: only the caption lines are copies', () => {
    const photo = (n: number): string =>
      `<div class="wp-caption"><img src="https://img.example/${n}.jpg" alt=""><p class="wp-caption-text">${CAPTION}</p></div>`;
    const root = new JSDOM(
      `<body><div id="article">${photo(1)}${photo(2)}${photo(3)}</div></body>`,
    ).window.document.getElementById('article') as Element;
    dedupeAction.applyToDom?.(root, compile(rule), () => undefined);
    expect(root.querySelectorAll('img')).toHaveLength(3);
    expect(Array.from(root.querySelectorAll('p'), (p) => p.textContent)).toEqual([CAPTION]);
    // A <noscript> copy of a photo and its caption is still a copy.
    const noscript = run(
      `${photo(1)}<noscript><div class="wp-caption"><img src="https://img.example/1.jpg"><p class="wp-caption-text">${CAPTION}</p></div></noscript>`,
      { selector: 'noscript div, [class*=caption i]' },
    );
    expect(noscript).toEqual([CAPTION]);
  });

  it('drops a credit line that repeats the end of the caption, in either order', () => {
    const credit = 'Photo: Jane Doe/Reuters';
    const after = `<span class="caption">${CAPTION} (${credit})</span><span class="credit">${credit}</span>`;
    const before = `<span class="credit">${credit}</span><span class="caption">${CAPTION} (${credit})</span>`;
    expect(run(after, { ...rule, pick: 'innermost' })).toEqual([`${CAPTION} (${credit})`]);
    expect(run(before, { ...rule, pick: 'innermost' })).toEqual([`${CAPTION} (${credit})`]);
  });

  it('keeps a short caption that occurs in the middle of a longer one', () => {
    const html = `<span class="caption">The bridge at night</span><span class="caption">The bridge at night, seen from the river bank.</span>`;
    expect(run(html, rule)).toHaveLength(2);
  });
});

describe('dedupe (DOM, adjacent)', () => {
  const rule = {
    selector: 'p:not(td *, th *, li *)',
    pick: 'innermost',
    scope: 'adjacent',
    when: { minChars: 20 },
  } as const;

  it('drops a paragraph that repeats the one right before it', () => {
    expect(run(`<p>${CAPTION}</p><p>${CAPTION} /VCG</p><p>Body text of the article, long enough.</p>`, rule)).toEqual([
      CAPTION,
      'Body text of the article, long enough.',
    ]);
  });

  it('keeps repeats with text between them (a refrain)', () => {
    const refrain = 'And the lamp keeps watch for me tonight.';
    const html = `<p>${refrain}</p><p>First verse line.</p><p>${refrain}</p>`;
    expect(run(html, rule)).toEqual([refrain, 'First verse line.', refrain]);
  });

  it('keeps identical neighbouring table cells', () => {
    const row = 'Feed the starter with flour and water.';
    const html = `<table><tr><td><p>${row}</p></td></tr><tr><td><p>${row}</p></td></tr></table>`;
    expect(run(html, rule).filter((text) => text === row)).toHaveLength(4);
  });

  it('keeps short repeated lines', () => {
    expect(run('<p>Hey, ho!</p><p>Hey, ho!</p>', rule)).toEqual(['Hey, ho!', 'Hey, ho!']);
  });
});

describe('dedupe (text)', () => {
  const rule = compile({ phase: 'text', when: { minChars: 20 } });
  const apply = (paragraphs: string[]): string[] =>
    dedupeAction.applyToText?.(paragraphs, rule, () => undefined) ?? paragraphs;

  it('drops lines equal to the line before, within and across paragraphs', () => {
    expect(apply([`${CAPTION} /VCG\n${CAPTION} /VCG`, `${CAPTION} /VCG`, 'Body.'])).toEqual([
      `${CAPTION} /VCG`,
      'Body.',
    ]);
  });

  it('keeps a refrain that returns after other lines', () => {
    const stanza = (first: string): string => `${first}\nthe lamp above the harbour\nis keeping watch for me.`;
    const paragraphs = [stanza('The boats come in at evening,'), stanza('The nets are hung for mending,')];
    expect(apply(paragraphs)).toEqual(paragraphs);
  });

  it('passes paragraphs on unchanged when nothing repeats', () => {
    const paragraphs = ['  One line\n  indented line  ', 'Another paragraph.'];
    expect(apply(paragraphs)).toEqual(paragraphs);
  });
});
