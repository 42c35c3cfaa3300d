// The JSON-LD articleBody fallback: when it stands in for the extraction, and when it must not.

import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

const SENTENCE =
  'The river authority opened the new weir on Tuesday after two years of work, and the fish pass beside it is the first on this stretch. ';
const BODY = Array.from({ length: 6 }, (_, index) => `${SENTENCE.replace('Tuesday', `day ${index + 1}`)}`).join(
  '\\n\\n',
);

function page(options: { jsonLd: string; body: string; title?: string }): string {
  const title = options.title ?? 'New weir opens on the river';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} | Valley News</title>
<script type="application/ld+json">${options.jsonLd}</script></head><body>${options.body}</body></html>`;
}

const SHELL = `<div id="app"><figure><img src="https://valley.example/weir.jpg" alt="The new weir at dawn"></figure>
<p>Subscribe to read the whole story. Already a subscriber? Log in to continue reading this article.</p></div>`;

function article(headline: string, body = BODY): string {
  return JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline }).replace(
    /}$/,
    `,"articleBody":"${body}"}`,
  );
}

describe('JSON-LD articleBody fallback', () => {
  it('stands in for a shell, keeps the photo the shell opened with, and warns', () => {
    const result = declutter(page({ jsonLd: article('New weir opens on the river'), body: SHELL }));
    expect(result.markdown).toContain('![The new weir at dawn](https://valley.example/weir.jpg)');
    expect(result.markdown).toContain('The river authority opened the new weir on day 1');
    expect(result.markdown).toContain('the first on this stretch.');
    expect(result.markdown).not.toContain('Subscribe to read');
    expect(result.markdown.indexOf('weir.jpg')).toBeLessThan(result.markdown.indexOf('day 1'));
    expect(result.markdown.split('\n\n').filter((block) => block.startsWith('The river authority'))).toHaveLength(6);
    expect(result.warnings.join('\n')).toContain('JSON-LD articleBody');
  });

  it('takes a headline the site shortened with an ellipsis, and one inside @graph', () => {
    const graph = `{"@graph":[{"@type":"WebSite","name":"Valley News"},${article('New weir opens on…')}]}`;
    expect(declutter(page({ jsonLd: graph, body: SHELL })).markdown).toContain('on day 3');
  });

  it('is not taken for another story, a short teaser, broken JSON or a page that carries the text', () => {
    const other = declutter(page({ jsonLd: article('Council votes on the bus station'), body: SHELL }));
    expect(other.markdown).toContain('Subscribe to read');
    expect(other.markdown).not.toContain('on day 1');

    const teaser = declutter(page({ jsonLd: article('New weir opens on the river', SENTENCE), body: SHELL }));
    expect(teaser.markdown).not.toContain('on Tuesday');

    const broken = declutter(page({ jsonLd: `${article('New weir opens on the river')},`, body: SHELL }));
    expect(broken.markdown).not.toContain('on day 1');

    const paragraphs = Array.from(
      { length: 6 },
      (_, index) => `<p>${SENTENCE.replace('Tuesday', `day ${index + 1}`)}</p>`,
    );
    const carried = declutter(
      page({ jsonLd: article('New weir opens on the river'), body: `<article>${paragraphs.join('')}</article>` }),
    );
    expect(carried.warnings.join('\n')).not.toContain('articleBody');
  });

  it('reads markup and entities in the structured text as the words a reader sees', () => {
    const marked = Array.from(
      { length: 6 },
      (_, index) => `<p>${SENTENCE.replace('Tuesday', `day ${index + 1}`)} &amp; more<\\/p>`,
    ).join('');
    const result = declutter(page({ jsonLd: article('New weir opens on the river', marked), body: SHELL }));
    expect(result.markdown).toContain('stretch. & more');
    expect(result.markdown).not.toContain('<p>');
    expect(result.markdown).not.toContain('&amp;');
  });

  it('stands in when the body yields no article at all', () => {
    const result = declutter(page({ jsonLd: article('New weir opens on the river'), body: '<div id="app"></div>' }));
    expect(result.markdown).toContain('on day 6');
  });
});
