// The content guard: removal rules never take an element holding a content image, a figure or prose with them.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { InvalidRuleError } from '../src/index.js';
import { actionFor } from '../src/rules/actions/index.js';
import { compileRuleSet, type CompiledRule } from '../src/rules/compile-rules.js';
import { contentIn, isContentImage, isDataTable, isProse } from '../src/rules/content.js';
import { forgetTexts } from '../src/rules/conditions.js';
import { parseRuleSet } from '../src/rules/load-rules.js';

const WHY = 'Exists for this test and nothing else.';

function compiled(overrides: Record<string, unknown>): CompiledRule {
  const set = parseRuleSet(
    JSON.stringify({
      id: 'test-set',
      rules: [{ id: 'test/rule', phase: 'post', action: 'remove', selector: '.x', why: WHY, ...overrides }],
    }),
    'test.json',
  );
  const first = compileRuleSet(set).rules[0];
  if (!first) throw new Error('no rule');
  return first;
}

function element(html: string): Element {
  const found = new JSDOM(`<!doctype html><body>${html}</body>`).window.document.body.firstElementChild;
  if (!found) throw new Error('no element');
  return found;
}

/** Runs one rule over an article body; returns what is left and the text of what went. */
function run(html: string, overrides: Record<string, unknown>): { html: string; removed: string[] } {
  forgetTexts();
  const root = new JSDOM(`<!doctype html><body>${html}</body>`).window.document.body;
  const removed: string[] = [];
  const rule = compiled(overrides);
  actionFor(rule.rule.action).applyToDom?.(root, rule, ({ element: gone }) =>
    removed.push((gone?.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
  return { html: root.innerHTML, removed };
}

const PHOTO = '<img src="https://img.example/2026/harbour.jpg" alt="The harbour">';
const PROSE =
  'The council met on Tuesday and approved the budget for the coming year. Work on the new harbour wall starts in the spring.';

describe('what counts as content', () => {
  it('a showable photo, not an icon, a logo, a placeholder or a link to another page', () => {
    expect(isContentImage(element(PHOTO))).toBe(true);
    expect(isContentImage(element('<img data-src="https://img.example/a.jpg">'))).toBe(true);
    expect(isContentImage(element('<img src="https://img.example/fb.png" width="24" height="24">'))).toBe(false);
    expect(isContentImage(element('<img src="https://img.example/site-logo.png">'))).toBe(false);
    expect(isContentImage(element('<img src="https://img.example/a.jpg" class="author-avatar">'))).toBe(false);
    expect(isContentImage(element('<img src="data:image/gif;base64,R0lG">'))).toBe(false);
    const linked = (href: string): Element => element(`<a href="${href}">${PHOTO}</a>`).querySelector('img') as Element;
    expect(isContentImage(linked('https://news.example/other-story'))).toBe(false);
    expect(isContentImage(linked('https://img.example/2026/harbour-large.jpg'))).toBe(true);
    // Percentages and large sizes are not icon sizes.
    expect(isContentImage(element('<img src="https://img.example/a.jpg" width="100%" height="480">'))).toBe(true);
  });

  it('prose: two sentences or more, ending like one, mostly not links', () => {
    expect(isProse(element(`<p>${PROSE}</p>`))).toBe(true);
    expect(
      isProse(element('<p>Share this story on Facebook, Twitter, WhatsApp, Telegram and by email with friends</p>')),
    ).toBe(false);
    expect(isProse(element(`<p><a href="/a">${PROSE}</a></p>`))).toBe(false);
    expect(isProse(element('<p>Too short. To be prose.</p>'))).toBe(false);
  });

  it('a data table: header cells, two rows of two cells, short cells; not a box of link lists or a layout grid', () => {
    const row = (label: string, value: string): string => `<tr><th>${label}</th><td>${value}</td></tr>`;
    const infobox = `<table>${row('Country', '<a href="/n">Nordland</a>')}${row('Mayor', '<a href="/a">Anna Lindqvist</a>')}</table>`;
    expect(isDataTable(element(infobox))).toBe(true);
    const links = Array.from({ length: 12 }, (_, n) => `<a href="/t${n}">Town number ${n}</a>`).join(' · ');
    expect(isDataTable(element(`<table>${row('Towns', links)}${row('Villages', links)}</table>`))).toBe(false);
    expect(isDataTable(element('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>'))).toBe(
      false,
    );
    expect(isDataTable(element(`<table role="presentation">${row('a', 'b')}${row('c', 'd')}</table>`))).toBe(false);
    expect(isDataTable(element(`<table>${row('Only', 'one row')}</table>`))).toBe(false);
  });

  it('an element is or holds content', () => {
    expect(contentIn(element(`<div><figure>${PHOTO}</figure><span>Image 1 of 2</span></div>`))).toBe('image');
    expect(contentIn(element(`<section><h3>More</h3><p>${PROSE}</p></section>`))).toBe('prose');
    expect(contentIn(element(`<p>${PROSE}</p>`))).toBe('prose');
    expect(
      contentIn(element('<div><a href="/x"><img src="https://img.example/t.jpg"></a> Teaser headline</div>')),
    ).toBe(undefined);
    // A link to the episode's sound file is content; a link to a page about it, or to a PDF, is not.
    expect(contentIn(element('<p><a href="https://media.example/ep41.mp3?dl=1">Download the episode</a></p>'))).toBe(
      'media',
    );
    expect(contentIn(element('<p><a href="https://media.example/ep41/">Episode 41</a></p>'))).toBe(undefined);
    expect(contentIn(element('<p><a href="https://media.example/ep41.pdf">Show notes</a></p>'))).toBe(undefined);
  });

  it("a photo in a lightbox link is the article's when the link names its file in a data-* attribute", () => {
    const lightbox = (attributes: string): Element =>
      element(
        `<a href="/photos/01.html?view=lightbox" ${attributes}><img src="https://img.example/01.jpg?size=m"></a>`,
      );
    const image = (link: Element): Element => link.querySelector('img') as Element;
    expect(isContentImage(image(lightbox('data-href="/photos/01.jpg?size=xl"')))).toBe(true);
    expect(isContentImage(image(lightbox('data-full="https://img.example/01.webp"')))).toBe(true);
    expect(isContentImage(image(lightbox('data-href="/photos/02.html"')))).toBe(false);
    expect(isContentImage(image(lightbox('')))).toBe(false);
  });
});

describe('removal rules spare content', () => {
  const shareBar = { selector: 'div, span', when: { text: '^(?:\\s*(?:facebook|twitter|share)\\s*){2,}$' } };

  it('remove: a wrapper of photos whose credits read like a share bar stays, a real share bar goes', () => {
    const html =
      `<div class="x"><div>${PHOTO}<span>Facebook</span></div><div>${PHOTO}<span>Facebook</span></div></div>` +
      '<div class="x"><a href="https://www.facebook.com/sharer"><img src="https://img.example/fb.png" width="24" height="24"></a> Facebook Twitter</div>';
    const result = run(html, shareBar);
    expect(result.removed).toEqual(['Facebook Twitter']);
    expect(result.html.match(/harbour\.jpg/g)).toHaveLength(2);
  });

  it('remove: the label inside a spared wrapper still goes', () => {
    const result = run(`<div><figure>${PHOTO}</figure><span>Image 1 of 2</span></div><p>${PROSE}</p>`, {
      selector: 'div, span',
      when: { text: '^image \\d+ of \\d+$' },
    });
    expect(result.removed).toEqual(['Image 1 of 2']);
    expect(result.html).toContain('harbour.jpg');
  });

  it('remove: a paragraph of prose is never a label, however the pattern reads', () => {
    expect(run(`<p class="x">${PROSE}</p>`, { when: { text: 'council' } }).removed).toEqual([]);
  });

  it('is off before Readability (a consent banner has a logo and a sentence), unless a rule asks', () => {
    const banner = `<div class="x"><img src="https://img.example/cmp.jpg"><p>${PROSE}</p><button>Accept</button></div>`;
    expect(run(banner, { phase: 'pre' }).removed).toHaveLength(1);
    expect(run(banner, { phase: 'pre', spareContent: true }).removed).toHaveLength(0);
    expect(run(banner, { phase: 'post' }).removed).toHaveLength(0);
    expect(run(banner, { phase: 'post', spareContent: false }).removed).toHaveLength(1);
  });

  it('heading-block: the run of introduced blocks ends at one holding a photo or prose', () => {
    const html =
      '<h3 class="x">Related</h3><ul><li><a href="/a">One story</a></li></ul>' +
      `<div><a href="/b">Another story</a>${PHOTO}</div><p>${PROSE}</p>`;
    const result = run(html, {
      action: 'heading-block',
      when: { text: '^related$' },
      following: { minLinkDensity: 0.5 },
    });
    expect(result.removed).toEqual(['Related', 'One story']);
    expect(result.html).toContain('harbour.jpg');
  });

  it('trim-edges: a lead photo whose block reads like start matter is passed over, the byline after it still goes', () => {
    const html = `<div><figure>${PHOTO}<figcaption>AP</figcaption></figure></div><p>By Jane Doe</p><p>${PROSE}</p>`;
    const result = run(html, {
      action: 'trim-edges',
      edge: 'start',
      selector: 'p, div, figure',
      when: { maxChars: 30, notText: '[.!?]$' },
    });
    expect(result.removed).toEqual(['By Jane Doe']);
    expect(result.html).toContain('harbour.jpg');
  });

  it('trim-edges: an infobox of links at the top is a data table, not start matter', () => {
    const row = (label: string, value: string): string =>
      `<tr><th>${label}</th><td><a href="/x">${value}</a></td></tr>`;
    const html = `<table>${row('Country', 'Nordland')}${row('Region', 'Coast Region')}</table><p>Menu Links</p><p>${PROSE}</p>`;
    const trim = {
      action: 'trim-edges',
      edge: 'start',
      selector: 'p, table',
      when: { maxChars: 100, notText: '[.]$' },
    };
    const result = run(html, trim);
    expect(result.removed).toEqual(['Menu Links']);
    expect(result.html).toContain('Nordland');
    expect(run(html, { ...trim, spareContent: false }).removed).toHaveLength(2);
  });

  it('trim-edges: a closing link to the episode’s sound file is passed over, a link to another page goes', () => {
    const html = `<p>${PROSE}</p><p><a href="https://media.example/ep41.mp3">Download: mp3</a></p><p><a href="/more">All episodes</a></p>`;
    const trim = { action: 'trim-edges', edge: 'end', selector: 'p', when: { minLinkDensity: 0.5 } };
    const result = run(html, trim);
    expect(result.removed).toEqual(['All episodes']);
    expect(result.html).toContain('ep41.mp3');
    expect(run(html, { ...trim, spareContent: false }).removed).toHaveLength(2);
  });

  it('validates spareContent: a boolean, on removing actions outside the text phase', () => {
    const error = (extra: Record<string, unknown>): string => {
      try {
        compiled(extra);
      } catch (caught) {
        expect(caught).toBeInstanceOf(InvalidRuleError);
        return (caught as Error).message;
      }
      throw new Error('expected a validation error');
    };
    expect(error({ spareContent: 'yes' })).toMatch(/spareContent.*true or false/);
    expect(error({ action: 'dedupe', spareContent: true })).toMatch(/spareContent/);
    expect(error({ phase: 'text', selector: undefined, spareContent: true })).toMatch(/spareContent/);
    expect(compiled({ action: 'trim-edges', spareContent: false }).spareContent).toBe(false);
  });
});
