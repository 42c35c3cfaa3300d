// strip-credit: a photo credit comes off the end of an image's alt text; the description, and anything that only
// looks a little like a credit, stays.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { foldCaptionAction } from '../src/rules/actions/fold-caption.js';
import { stripCreditAction } from '../src/rules/actions/strip-credit.js';
import { compileRuleSet, type CompiledRule } from '../src/rules/compile-rules.js';
import { isCreditOnly, withoutTrailingCredit } from '../src/rules/credits.js';
import type { Rule } from '../src/rules/rule-types.js';

function compile(): CompiledRule {
  const rule: Rule = {
    id: 'test/credit',
    phase: 'post',
    action: 'strip-credit',
    why: 'test rule for the strip-credit action',
    selector: 'img[alt]',
  };
  const compiled = compileRuleSet({ source: 'test', id: 'test', rules: [rule] }).rules[0];
  if (!compiled) throw new Error('no rule');
  return compiled;
}

function altsAfter(html: string): { alts: (string | null)[]; titles: (string | null)[]; traced: number } {
  const root = new JSDOM(`<body><div id="article">${html}</div></body>`).window.document.getElementById('article');
  if (!root) throw new Error('no root');
  let traced = 0;
  stripCreditAction.applyToDom?.(root, compile(), () => {
    traced += 1;
  });
  const images = Array.from(root.querySelectorAll('img'));
  return {
    alts: images.map((image) => image.getAttribute('alt')),
    titles: images.map((image) => image.getAttribute('title')),
    traced,
  };
}

describe('withoutTrailingCredit', () => {
  it.each([
    ['Fans in the square. Foto: dpa', 'Fans in the square.'],
    ['The bridge at dawn. Photo: Jane Doe', 'The bridge at dawn.'],
    ['Rescue workers at the site (AP Photo/Jane Doe)', 'Rescue workers at the site'],
    ['Das Hermelin im Winter. (mlharing / iStock.com)', 'Das Hermelin im Winter.'],
    ['Roman Prymula, photo: Archives du Gouvernement', 'Roman Prymula,'],
    ['Protesters in Beijing./VCG', 'Protesters in Beijing.'],
    ['Sunset over the bay © Jane Doe', 'Sunset over the bay'],
    ['La Corte. Imagen: Télam', 'La Corte.'],
    ['Saturn seen by Cassini. Image by NASA', 'Saturn seen by Cassini.'],
    ['Unemployment by region (Source: Eurostat)', 'Unemployment by region'],
    ['A coworking space in San Francisco.Image Credit: WeWork', 'A coworking space in San Francisco.'],
    ['Masks in church. Foto: ccnull/Jane Doe/cc by sa 2.0', 'Masks in church.'],
  ])('takes the credit off %j', (text, expected) => {
    expect(withoutTrailingCredit(text)).toBe(expected);
  });

  it.each([
    'A diagram of the source: a river',
    'Chart of input/output',
    'Members of the photo club',
    'Model of the engine (left) and its housing (right)',
    'A photo by the river at dusk',
    'The gallery (12 photos)',
    'The bridge © 2019 Jane Doe. Seen from the north bank',
    'Vereinsheim © Heimat- und Museumsverein 1990 e.V.',
    'Photo: the old town hall. It burned down in 1920',
    'Vista aérea. Imagen de la ciudad de noche',
    'Ein Hund im Schnee. Bild von einem Husky',
  ])('leaves %j alone', (text) => {
    expect(withoutTrailingCredit(text)).toBe(text);
  });
});

describe('strip-credit', () => {
  it('cuts the credit from the alt text and traces each image it changed', () => {
    const result = altsAfter(
      '<img src="a.jpg" alt="Fans in the square. Foto: dpa"><img src="b.jpg" alt="A quiet street"><img src="c.jpg">',
    );
    expect(result.alts).toEqual(['Fans in the square.', 'A quiet street', null]);
    expect(result.traced).toBe(1);
  });

  it('moves an alt that is a credit only to the title, and takes trailing separators off what it keeps', () => {
    const result = altsAfter(
      '<img src="a.jpg" alt="(Fuente: Télam)"><img src="b.jpg" alt="Roman Prymula, photo: ČTK">' +
        '<img src="c.jpg" alt="© Jane Doe" title="The harbour at dawn"><img src="d.jpg" alt="Foto: dpa" title="Foto: dpa">' +
        '<img src="e.jpg" alt="(Fuente: Télam)" title="La Corte. Imagen: Télam">',
    );
    expect(result.alts).toEqual(['', 'Roman Prymula', '', '', '']);
    expect(result.titles).toEqual([
      '(Fuente: Télam)',
      null,
      'The harbour at dawn © Jane Doe',
      'Foto: dpa',
      'La Corte. Imagen: Télam',
    ]);
    expect(result.traced).toBe(5);
  });

  it('finds the alt a printed caption gave an image that had none, after the fold', () => {
    const root = new JSDOM(
      '<body><div id="article"><p>The harbour was quiet on Sunday morning, and the first ferry left on time.</p><figure><img src="a.jpg"><figcaption>© Jane Doe/Reuters</figcaption></figure></div></body>',
    ).window.document.getElementById('article');
    if (!root) throw new Error('no root');
    const fold = compileRuleSet({
      source: 'test',
      id: 'test',
      rules: [{ id: 'test/fold', phase: 'post', action: 'fold-caption', why: 'test', selector: 'figcaption' }],
    }).rules[0];
    if (!fold) throw new Error('no rule');
    // The fold reads the page's token index first; the alt it adds must not be missing from it afterwards.
    foldCaptionAction.applyToDom?.(root, fold, () => undefined);
    stripCreditAction.applyToDom?.(root, compile(), () => undefined);
    const image = root.querySelector('img');
    expect([image?.getAttribute('alt'), image?.getAttribute('title')]).toEqual(['', '© Jane Doe/Reuters']);
  });
});

describe('isCreditOnly', () => {
  it.each([
    '© Jane Doe',
    '(Fuente: Télam)',
    '(crédito: Minervino Júnior/CB/D.A.Press)',
    'Foto: dpa',
    'Foto: ÖTZ',
    'Photo: Olivier Douliery/AFP via Getty Images',
    'Quelle: iStock.com',
    'Foto: J. Doe',
    'Photograph by Jane Doe, Harbour Trust',
  ])('%j is a credit only', (text) => {
    expect(isCreditOnly(text)).toBe(true);
  });

  it.each([
    'Foto: junge Frau im Wasser vor überfluteten Hütten',
    'Bild: Flagge von Singapur',
    'Photo: the old town hall. It burned down in 1920',
    'Fans in the square. Foto: dpa',
    'The harbour at dawn',
    'Photo by the river at dusk',
    '-',
  ])('%j is not a credit only', (text) => {
    expect(isCreditOnly(text)).toBe(false);
  });
});
