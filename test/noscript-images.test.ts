// A lazy image's <noscript> copy in an element read as the article without Readability (noscript-images.ts).

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { resolveNoscriptImages } from '../src/stages/noscript-images.js';

const STAND_IN = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';

function resolved(html: string): string {
  const { document } = new JSDOM(`<div id="root">${html}</div>`).window;
  const root = document.getElementById('root');
  if (!root) throw new Error('no root');
  resolveNoscriptImages(root);
  return root.innerHTML;
}

describe('resolveNoscriptImages', () => {
  it('puts the <noscript> image in the stand-in’s place, inside the link around it', () => {
    expect(
      resolved(
        `<a href="big.jpg"><img src="${STAND_IN}" data-src="a.jpg" alt="A"></a><noscript><img src="a.jpg" alt="A"></noscript>`,
      ),
    ).toBe('<a href="big.jpg"><img src="a.jpg" alt="A"></a>');
  });

  it('leaves an image alone when the element before the <noscript> holds text too', () => {
    expect(
      resolved(`<p><img src="b.jpg" alt="B"> A photo of the quay.</p><noscript><img src="a.jpg" alt="A"></noscript>`),
    ).toBe('<p><img src="b.jpg" alt="B"> A photo of the quay.</p>');
  });

  it('removes a <noscript> that holds more than an image, and one with nothing before it', () => {
    expect(
      resolved(
        `<noscript><img src="a.jpg"></noscript><p>Text.</p><noscript><p>Please enable JavaScript.</p><img src="p.gif"></noscript>`,
      ),
    ).toBe('<p>Text.</p>');
  });
});
