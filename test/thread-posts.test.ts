// A forum thread's posts as its article (thread-posts.ts): when they are read, and when the page is left as it is.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

const PAGE_URL = 'https://www.gartenteich-forum.example/threads/gruenes-wasser-im-fruehjahr.5120/';
const THREAD = readFileSync(
  new URL('../fixtures/core/article/forum-thread-posts/source.html', import.meta.url),
  'utf8',
);
const OPENING = 'unser Teich hat seit zwei Wochen grünes Wasser';
const LAST_REPLY = 'Danke euch! Ich habe das Füttern heute halbiert';
const NOTICE = "of the thread's";

function convert(html: string): { markdown: string; warnings: readonly string[] } {
  const result = declutter(html, { url: PAGE_URL });
  return { markdown: result.markdown, warnings: result.warnings };
}

describe('thread posts', () => {
  it('reads every post when Readability kept one', () => {
    const { markdown, warnings } = convert(THREAD);
    expect(markdown).toContain(OPENING);
    expect(markdown).toContain(LAST_REPLY);
    expect(markdown.split('\n---\n').length).toBe(4);
    expect(warnings.some((warning) => warning.includes(NOTICE))).toBe(true);
  });

  it('leaves the page alone when the posting is not the page’s own (another headline)', () => {
    const { markdown, warnings } = convert(
      THREAD.replace('"headline": "Grünes Wasser im Frühjahr"', '"headline": "Koi im Winter füttern?"'),
    );
    expect(warnings.some((warning) => warning.includes(NOTICE))).toBe(false);
    expect(markdown).not.toContain(OPENING);
  });

  it('leaves the page alone when the opening text is in no run of alike blocks', () => {
    // Each post's block gets a class of its own: no two blocks are alike.
    let post = 0;
    const { warnings } = convert(
      THREAD.replace(/<article class="message message--post/g, () => `<article class="post${++post}`),
    );
    expect(warnings.some((warning) => warning.includes(NOTICE))).toBe(false);
  });

  it('keeps Readability’s article when it holds none of the blocks found (a list of threads quoting this one)', () => {
    const preview = (title: string, snippet: string): string =>
      `<div class="thread-preview"><a href="/threads/${title.length}/">${title}</a>` +
      `<div class="thread-snippet">${snippet}</div></div>`;
    const sidebar =
      '<div class="p-body-sidebarTop">' +
      preview(
        'Grünes Wasser im Frühjahr',
        'Hallo zusammen, unser Teich hat seit zwei Wochen grünes Wasser, obwohl die Pumpe läuft …',
      ) +
      preview('Koi im Winter füttern?', 'Ab welcher Wassertemperatur hört ihr mit dem Füttern ganz auf? …') +
      preview('Folie flicken unter Wasser', 'Gibt es einen Kleber, der auch unter Wasser auf Teichfolie hält? …') +
      '</div>';
    const { markdown, warnings } = convert(THREAD.replace('<div class="p-body-main">', `${sidebar}$&`));
    expect(warnings.some((warning) => warning.includes(NOTICE))).toBe(false);
    expect(markdown).toContain('Ich hatte genau das gleiche Problem');
    expect(markdown).not.toContain('Ab welcher Wassertemperatur');
  });

  it('keeps Readability’s article when it holds every post', () => {
    // A poster card with a list of facts makes each post's block score alike, and Readability takes the whole run.
    const { markdown, warnings } = convert(
      THREAD.replace(
        /<h5 class="userTitle message-userTitle">/g,
        '<dl class="pairs"><dt>Beiträge</dt><dd>137</dd></dl>$&',
      ),
    );
    expect(warnings.some((warning) => warning.includes(NOTICE))).toBe(false);
    expect(markdown).toContain(OPENING);
    expect(markdown).toContain(LAST_REPLY);
  });

  it('reads a thread marked in microdata (Discourse): the posting’s own headline, not its poster’s name', () => {
    const post = (n: number, name: string, paragraphs: readonly string[]): string => {
      const opening = n === 1;
      const item = opening
        ? 'itemscope itemtype="http://schema.org/DiscussionForumPosting"'
        : 'itemprop="comment" itemscope itemtype="http://schema.org/Comment"';
      return (
        `<div id="post_${n}" ${item} class="topic-body crawler-post">` +
        (opening ? '<meta itemprop="headline" content="Which sourdough starter ratio do you use?">' : '') +
        `<div class="crawler-post-meta"><span class="creator" itemprop="author" itemscope itemtype="http://schema.org/Person">` +
        `<a itemprop="url" href="/u/${name}"><span itemprop="name">${name}</span></a></span>` +
        `<time itemprop="datePublished" datetime="2026-01-0${n}">January ${n}, 2026</time></div>` +
        `<div class="post" itemprop="${opening ? 'articleBody' : 'text'}">` +
        paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('') +
        `</div><span class="post-likes">${n} Likes</span></div>`
      );
    };
    const longReply = Array.from(
      { length: 9 },
      (_, index) =>
        `Note ${index}: I feed mine at one part starter, five parts flour and five parts water, which keeps it ` +
        'from getting too sour, and it peaks, in my warm kitchen, after about eight hours.',
    );
    const html =
      '<!DOCTYPE html><html><head><title>Which sourdough starter ratio do you use? - Bread Forum</title></head><body>' +
      '<header><a href="/">Bread Forum</a></header><div id="main-outlet" class="wrap" role="main">' +
      '<h1><a href="/t/812">Which sourdough starter ratio do you use?</a></h1>' +
      post(1, 'crumbwatcher', [
        'My starter doubles in four hours at one to one to one, but it smells of acetone by the evening. ' +
          'Which ratio do you feed yours at, and how often?',
      ]) +
      post(2, 'levain_lou', longReply) +
      post(3, 'ovenspring', ['One to two to two works for me, fed twice a day.']) +
      '</div><footer><p>Powered by forum software</p></footer></body></html>';
    const { markdown, warnings } = convert(html);
    expect(warnings.some((warning) => warning.includes("held 1 of the thread's 3 posts"))).toBe(true);
    expect(markdown).toContain('# Which sourdough starter ratio do you use?\n\nMy starter doubles in four hours');
    expect(markdown).toContain('\n\n---\n\nOne to two to two works for me, fed twice a day.');
    expect(markdown).not.toContain('crumbwatcher');
    expect(markdown).not.toContain('Likes');
  });
});

describe('thread posts on a later page of the thread', () => {
  it('reads nothing into a reply that quotes the opening post', () => {
    // Page 2: the opening post is not on it, and two replies quote its first lines.
    const quote =
      '<blockquote class="bbCodeBlock">Hallo zusammen,<br />unser Teich hat seit zwei Wochen grünes Wasser, ' +
      'obwohl die Pumpe läuft</blockquote>';
    const page2 = THREAD.replace(/<div class="bbWrapper">/g, (match, offset: number) =>
      offset > THREAD.indexOf('id="js-post-2"') ? `${match}${quote}` : match,
    ).replace(
      /<article class="message message--post js-post" data-author="Ruthven" id="js-post-1">[\s\S]*?<\/article>\n<div class="block-row">/,
      '<div class="block-row">',
    );
    expect(page2).not.toContain('id="js-post-1"');
    const { warnings } = convert(page2);
    expect(warnings.some((warning) => warning.includes(NOTICE))).toBe(false);
  });

  it('reads nothing into a later reply that quotes the opening post in a plain block (vBulletin)', () => {
    const quote =
      '<div class="bbcode_quote">Hallo zusammen,<br />unser Teich hat seit zwei Wochen grünes Wasser, ' +
      'obwohl die Pumpe läuft</div>';
    const withoutOpening = THREAD.replace(
      /<article class="message message--post js-post" data-author="Ruthven" id="js-post-1">[\s\S]*?<\/article>\n<div class="block-row">/,
      '<div class="block-row">',
    );
    const third = withoutOpening.indexOf('id="js-post-3"');
    const page2 = withoutOpening.replace(/<div class="bbWrapper">/g, (match, offset: number) =>
      offset > third && offset < withoutOpening.indexOf('id="js-post-4"') ? `${match}${quote}` : match,
    );
    expect(page2).toContain('bbcode_quote');
    const { warnings } = convert(page2);
    expect(warnings.some((warning) => warning.includes(NOTICE))).toBe(false);
  });
});
