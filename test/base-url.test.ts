// base-url: --url > <base href> (resolved) > canonical > og:url > none; links come out absolute.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';
import { resolveOptions } from '../src/options.js';
import { chooseBaseUrl, findBaseUrl } from '../src/stages/base-url.js';

const none = { base: undefined, canonical: undefined, ogUrl: undefined };

describe('chooseBaseUrl', () => {
  it('prefers the given URL, then <base href>, then canonical, then og:url', () => {
    const all = { base: 'https://cdn.example/b/', canonical: 'https://c.example/c', ogUrl: 'https://o.example/o' };
    expect(chooseBaseUrl(all, 'https://page.example/p')).toBe('https://page.example/p');
    expect(chooseBaseUrl(all, undefined)).toBe('https://cdn.example/b/');
    expect(chooseBaseUrl({ ...all, base: undefined }, undefined)).toBe('https://c.example/c');
    expect(chooseBaseUrl({ ...none, ogUrl: 'https://o.example/o' }, undefined)).toBe('https://o.example/o');
    expect(chooseBaseUrl(none, undefined)).toBeUndefined();
  });

  it('resolves a relative <base href> against the best page URL known', () => {
    expect(chooseBaseUrl({ ...none, base: '../docs/', ogUrl: 'https://e.example/a/b/page' }, undefined)).toBe(
      'https://e.example/a/docs/',
    );
    // With a page URL given, that URL stays the page's identity; jsdom still resolves links against <base>.
    expect(chooseBaseUrl({ ...none, base: '../docs/' }, 'https://e.example/a/b/page')).toBe(
      'https://e.example/a/b/page',
    );
    expect(chooseBaseUrl({ ...none, base: '/v2/', canonical: 'https://e.example/x/y' }, undefined)).toBe(
      'https://e.example/v2/',
    );
    // Nothing to resolve it against: skipped, not guessed.
    expect(chooseBaseUrl({ ...none, base: '/v2/' }, undefined)).toBeUndefined();
  });

  it('ignores candidates that are not http(s) URLs', () => {
    expect(
      chooseBaseUrl(
        { base: 'javascript:alert(1)', canonical: 'data:text/html,x', ogUrl: ' https://o.example/ ' },
        undefined,
      ),
    ).toBe('https://o.example/');
    expect(chooseBaseUrl(none, 'file:///etc/passwd')).toBeUndefined();
  });
});

describe('findBaseUrl', () => {
  it('reads the same candidates from a parsed document', () => {
    const { document } = new JSDOM(
      '<head><meta name="og:url" content="https://o.example/o"><link rel="alternate canonical" href="https://c.example/c"></head>',
    ).window;
    const ctx = { options: resolveOptions({}), baseUrl: undefined, trace: [], timings: {}, warnings: [] };
    expect(findBaseUrl(document, ctx)).toBe('https://c.example/c');
  });

  it('takes the first of each in document order, as the selectors it replaced did', () => {
    const read = (html: string): string | undefined =>
      findBaseUrl(new JSDOM(html).window.document, {
        options: resolveOptions({}),
        baseUrl: undefined,
        trace: [],
        timings: {},
        warnings: [],
      });
    // A <base> without href is skipped; the first with one wins, even from the body.
    expect(read('<base target="_top"><body><base href="https://b.example/1/"><base href="https://b.example/2/">')).toBe(
      'https://b.example/1/',
    );
    // Only rel tokens count ("canonicals" is not canonical), and a canonical link needs an href.
    expect(
      read(
        '<link rel="canonicals" href="https://x.example/"><link rel="canonical"><link rel="CANONICAL" href="https://c.example/">',
      ),
    ).toBe('https://c.example/');
    // property wins over name; the first og:url meta with content decides, even when it is empty.
    expect(read('<meta property="og:title" name="og:url" content="https://n.example/">')).toBeUndefined();
    expect(read('<meta property="og:url"><meta name=" OG:URL " content="https://o.example/">')).toBe(
      'https://o.example/',
    );
    expect(
      read('<meta property="og:url" content=""><meta property="og:url" content="https://late.example/">'),
    ).toBeUndefined();
  });
});

describe('links through declutter()', () => {
  const page = (head: string): string => `<!doctype html><html><head><title>Links</title>${head}</head><body><article>
    <h1>Links</h1>
    <p>${'The council published its minutes and a map of the harbour works for everyone to read. '.repeat(4)}
    See <a href="minutes.html">the minutes</a> and <a href="/maps/harbour">the map</a>.</p>
    <p>${'Residents can comment on the plan until the end of the month at the town hall. '.repeat(4)}</p>
    <img src="../img/harbour.jpg" alt="The harbour">
  </article></body></html>`;

  it('makes every link and image absolute against <base href>', () => {
    const result = declutter(page('<base href="/docs/v2/">'), { url: 'https://town.example/news/story.html' });
    expect(result.markdown).toContain('(https://town.example/docs/v2/minutes.html)');
    expect(result.markdown).toContain('(https://town.example/maps/harbour)');
    expect(result.markdown).toContain('(https://town.example/docs/img/harbour.jpg)');
  });

  it('leaves links relative when no base is known', () => {
    const result = declutter(page(''));
    expect(result.markdown).toContain('(minutes.html)');
    expect(result.markdown).not.toContain('http');
  });
});
