// A photo Readability left out between two blocks it took goes back between them (src/stages/inner-figure.ts).

import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

const BEFORE =
  '<p>The harbour board met on Monday and agreed, after a long debate, to rebuild the old pier before the summer season.</p>' +
  '<p>Fishermen had asked for the work for years, since storms in the spring of 2019 cracked two of its wooden piles.</p>';
const AFTER =
  '<p>Engineers expect the job to take fourteen weeks, with a barge moored beside the harbour wall throughout the work.</p>' +
  '<p>Boats will use the north quay meanwhile; the ferry keeps its usual berth and its timetable does not change at all.</p>';

/** The story with `between` set between its two halves (Readability deletes an <aside> whole). */
function story(between: string): string {
  return `<!DOCTYPE html><html><head><title>Pier to be rebuilt</title></head><body><article><h1>Pier to be rebuilt</h1>${BEFORE}${between}${AFTER}</article></body></html>`;
}

const photo = (source: string, alt: string, caption: string): string =>
  `<aside class="story-enhancement"><figure><img src="${source}" alt="${alt}"><figcaption>${caption}</figcaption></figure></aside>`;

describe('a photo between two blocks of the article', () => {
  it('goes back where the texts on both sides of it meet in the article', () => {
    const { markdown } = declutter(story(photo('https://x.example/pier.jpg', 'The pier', 'The old pier in March.')));
    expect(markdown).toMatch(
      /wooden piles\.\n\n!\[The pier\]\(https:\/\/x\.example\/pier\.jpg[^)]*\)\n\nEngineers expect/,
    );
  });

  it('goes back whatever its file is called, a photo of a phone named Pixel too', () => {
    const { markdown } = declutter(story(photo('https://x.example/pixel-7-camera.jpg', 'The phone', 'The new phone.')));
    expect(markdown).toContain('![The phone](https://x.example/pixel-7-camera.jpg');
  });

  it('stays out when the article already shows its picture, under another size of the same file', () => {
    const shown = `<figure><img src="https://x.example/large/pier.jpg" alt="The pier"></figure>`;
    const html = story(photo('https://x.example/pier.jpg', 'The pier', 'The old pier in March.')).replace(
      '<h1>Pier to be rebuilt</h1>',
      `<h1>Pier to be rebuilt</h1>${shown}`,
    );
    expect(declutter(html).markdown.match(/pier\.jpg/g)).toHaveLength(1);
  });

  it('stays out when it has no words, only a stand-in, or shares its place with another figure', () => {
    const wordless = declutter(story(photo('https://x.example/pier.jpg', '', '×'))).markdown;
    expect(wordless).not.toContain('pier.jpg');
    const standIn = declutter(
      story(photo('https://x.example/lazyload-placeholder.png', 'The pier', 'The old pier in March.')),
    ).markdown;
    expect(standIn).not.toContain('placeholder');
    const spacer = declutter(
      story(photo('https://x.example/img/blank.gif', 'The pier', 'The old pier in March.')),
    ).markdown;
    expect(spacer).not.toContain('blank.gif');
    // A slider: two pictures without captions between the same two texts; which one the story shows is not known.
    const slide = (name: string): string =>
      `<figure><img src="https://x.example/${name}.jpg" alt="Slide ${name}"></figure>`;
    const slider = declutter(story(`<aside class="slider">${slide('a')}${slide('b')}</aside>`)).markdown;
    expect(slider).not.toMatch(/[ab]\.jpg/);
  });

  it('stays out when it is a teaser or an ad, or says it needs JavaScript', () => {
    const teaser = `<aside><figure><a href="/news/quay"><img src="https://x.example/quay.jpg" alt="The quay"></a><figcaption>New quay opens</figcaption></figure></aside>`;
    expect(declutter(story(teaser)).markdown).not.toContain('quay.jpg');
    const advert = `<aside class="ad-break"><figure><img src="https://x.example/offer.jpg" alt="Offer"><figcaption>Our offer</figcaption></figure></aside>`;
    expect(declutter(story(advert)).markdown).not.toContain('offer.jpg');
    const share = `<aside><div class="share-button"><img src="https://x.example/share.png" alt="Share"><span>Link</span><span>Mail</span></div></aside>`;
    expect(declutter(story(share)).markdown).not.toContain('share.png');
    const widget = photo('https://x.example/shop.jpg', '', 'Turn on your JavaScript to view content');
    expect(declutter(story(widget)).markdown).not.toContain('shop.jpg');
  });
});
