// The blocks wrapping quoted posts: which are marked for Readability, and that the marks come off again.

import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { isQuotedPostWrapper, useEmbeddedPostsAsLikely } from '../src/stages/readability-embedded-posts.js';

const tweet = (text: string): string =>
  `<blockquote class="twitter-tweet"><p lang="en">${text} <a href="https://t.co/x">https://t.co/x</a></p>— A Person (@aperson) <a href="https://twitter.com/aperson/status/1">May 1, 2026</a></blockquote>`;

function page(body: string): Document {
  return new JSDOM(`<!doctype html><body>${body}</body>`).window.document;
}

describe('useEmbeddedPostsAsLikely', () => {
  it('marks the wrappers that hold little besides their posts, up to the first block that holds more', () => {
    const document = page(
      `<article><p>${'Prose of the story. '.repeat(20)}</p>` +
        `<div id="outer" class="social-media-embed"><div id="inner">${tweet('A post the story quotes.')}<script src="w.js"></script></div></div>` +
        `</article>` +
        `<aside id="sidebar" class="social-sidebar"><h2>Follow us</h2><p>${'Our channels and our newsletter, every morning. '.repeat(6)}</p>${tweet('Our own post.')}</aside>`,
    );
    const reader = new Readability(document);
    const unmark = useEmbeddedPostsAsLikely(reader, document);
    const marked = [...document.querySelectorAll('*')].filter(isQuotedPostWrapper).map((element) => element.id);
    expect(marked).toEqual(['outer', 'inner']);
    // The instance's first pass keeps them; the shared pattern is untouched.
    const own = (reader as unknown as { REGEXPS: { okMaybeItsACandidate: RegExp } }).REGEXPS.okMaybeItsACandidate;
    const shared = (Readability.prototype as unknown as { REGEXPS: { okMaybeItsACandidate: RegExp } }).REGEXPS
      .okMaybeItsACandidate;
    expect(own.test('social-media-embed declutter-quoted-embed')).toBe(true);
    expect(shared.test('social-media-embed declutter-quoted-embed')).toBe(false);
    // A copy in the article Readability built loses its mark too, and a wrapper that had no class gets none.
    const article = document.createElement('div');
    article.append(document.getElementById('outer')?.cloneNode(true) ?? '');
    unmark();
    unmark(article);
    expect([...document.querySelectorAll('*')].some(isQuotedPostWrapper)).toBe(false);
    expect(article.innerHTML).not.toContain('declutter-quoted-embed');
    expect(document.getElementById('outer')?.getAttribute('class')).toBe('social-media-embed');
    expect(document.getElementById('inner')?.hasAttribute('class')).toBe(false);
  });

  it('leaves a page without embedded posts, and an Instagram embed, alone', () => {
    const document = page(
      '<div class="social-embed"><blockquote class="instagram-media"><a href="https://www.instagram.com/p/1/">View this post on Instagram</a></blockquote></div>',
    );
    const reader = new Readability(document);
    const before = (reader as unknown as { REGEXPS: object }).REGEXPS;
    useEmbeddedPostsAsLikely(reader, document);
    expect((reader as unknown as { REGEXPS: object }).REGEXPS).toBe(before);
    expect([...document.querySelectorAll('*')].some(isQuotedPostWrapper)).toBe(false);
  });
});
