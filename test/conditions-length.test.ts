import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { describe, expect, it, vi } from 'vitest';
import { elementMeetsConditions, forgetTexts, normalisedText } from '../src/rules/conditions.js';

// A rule's maxChars rules out a long block before its whole text is read (conditions.ts, surelyLongerThan): the
// verdict must be the one the whole, collapsed text gives, whatever whitespace the text holds.

/** Characters a page's text may hold: letters, accents, CJK, an astral emoji, and whitespace JavaScript's `\s` does
 * and does not match (U+200B and U+180E are not whitespace to it; U+FEFF, U+3000 and U+00A0 are). */
const PIECES = [
  'a',
  'Z',
  '7',
  '.',
  'é',
  '語',
  '😀',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '\ufeff',
  '\u2028',
  '\u200b',
  '\u180e',
  '\u2009',
];

const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((chars) => chars.join(''));

/** A block of up to three children, each a text or an inline element holding one. */
const block = fc.array(fc.record({ wrap: fc.constantFrom('', 'b', 'span'), text }), { minLength: 1, maxLength: 3 });

const shared = new JSDOM('<!doctype html><body></body>').window.document;

/** The block as a div, the only element of the shared page's body. */
function build(parts: { wrap: string; text: string }[]): Element {
  const document = shared;
  document.body.replaceChildren();
  const div = document.createElement('div');
  for (const { wrap, text: words } of parts) {
    if (wrap === '') {
      div.append(document.createTextNode(words));
    } else {
      const inline = document.createElement(wrap);
      inline.textContent = words;
      div.append(inline);
    }
  }
  document.body.append(div);
  return div;
}

describe('maxChars', () => {
  it('gives the verdict of the whole collapsed text, whatever whitespace it holds', () => {
    fc.assert(
      fc.property(block, fc.integer({ min: 0, max: 40 }), (parts, maxChars) => {
        forgetTexts();
        const div = build(parts);
        const verdict = elementMeetsConditions(div, { maxChars });
        expect(verdict).toBe(normalisedText(div).length <= maxChars);
      }),
      { numRuns: 2_000 },
    );
  });

  it('rules a long block out without reading all of its text', () => {
    forgetTexts();
    const document = new JSDOM(`<!doctype html><body><div>${'<p>A sentence of the article.</p>'.repeat(2_000)}</div>`)
      .window.document;
    const div = document.querySelector('div') as Element;
    const read = vi.spyOn(document.defaultView?.Node.prototype as Node, 'textContent', 'get');
    expect(elementMeetsConditions(div, { maxChars: 120 })).toBe(false);
    expect(read).not.toHaveBeenCalled();
    // A short one is read, and meets the condition.
    expect(elementMeetsConditions(document.querySelector('p') as Element, { maxChars: 120 })).toBe(true);
    expect(read).toHaveBeenCalled();
    read.mockRestore();
  });

  it('takes a text already read as it stands', () => {
    forgetTexts();
    const div = build([{ wrap: '', text: 'x'.repeat(50) }]);
    expect(normalisedText(div)).toHaveLength(50);
    const read = vi.spyOn(div.ownerDocument.defaultView?.Node.prototype as Node, 'textContent', 'get');
    expect(elementMeetsConditions(div, { maxChars: 49 })).toBe(false);
    expect(elementMeetsConditions(div, { maxChars: 50 })).toBe(true);
    expect(read).not.toHaveBeenCalled();
    read.mockRestore();
  });
});
