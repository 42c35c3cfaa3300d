// jsdom-fast-paths: records nobody observes are skipped and style objects made on first read, with
// jsdom behaving as before for anyone who does observe or read style. Also catches a jsdom upgrade
// that moves the internals the module replaces.

// First, as in parse.ts: the replacements must be in place before jsdom's modules load.
import { skippedMutationRecords } from '../src/stages/jsdom-fast-paths.js';
import { JSDOM, VirtualConsole } from 'jsdom';
import '../src/stages/jsdom-base-url.js';
import idlUtils from 'jsdom/lib/generated/idl/utils.js';
import { describe, expect, it, vi } from 'vitest';
import { declutter } from '../src/index.js';

const page = (html: string): Document => new JSDOM(html, { virtualConsole: new VirtualConsole() }).window.document;

describe('MutationObserver records', () => {
  it('are skipped while nothing observes the tree, parsing included', () => {
    const before = skippedMutationRecords();
    const document = page('<p>one two three</p>');
    const afterParse = skippedMutationRecords();
    expect(afterParse).toBeGreaterThan(before);
    document.body.append(document.createElement('div'));
    document.querySelector('p')?.setAttribute('class', 'x');
    expect(skippedMutationRecords()).toBe(afterParse + 2);
  });

  it('are skipped by the pipeline itself (its jsdom is the patched one)', () => {
    const before = skippedMutationRecords();
    declutter('<article><h1>T</h1><p>A paragraph of some length for the article body.</p></article>');
    expect(skippedMutationRecords()).toBeGreaterThan(before);
  });

  it('still reach an observer: child list, attributes and text, on the target and in its subtree', () => {
    const document = page('<div id="watched"><p>text</p></div><div id="other"></div>');
    const window = document.defaultView;
    if (!window) throw new Error('no window');
    const watched = document.getElementById('watched');
    const other = document.getElementById('other');
    if (!watched || !other) throw new Error('fixture');
    const observer = new window.MutationObserver(() => undefined);
    observer.observe(watched, { childList: true, attributes: true, characterData: true, subtree: true });

    watched.append(document.createElement('span'));
    watched.setAttribute('title', 't');
    const text = watched.querySelector('p')?.firstChild;
    if (!text) throw new Error('fixture');
    text.textContent = 'changed';
    const skippedBefore = skippedMutationRecords();
    other.append(document.createElement('span')); // outside the observed subtree: no record, skipped
    expect(skippedMutationRecords()).toBe(skippedBefore + 1);

    const records = observer.takeRecords();
    expect(records.map((record) => record.type)).toEqual(['childList', 'attributes', 'characterData']);
    expect(records[0]?.addedNodes[0]?.nodeName).toBe('SPAN');
    expect(records[1]?.attributeName).toBe('title');
    observer.disconnect();
  });

  it('are delivered to the callback after the mutation, as before', async () => {
    const document = page('<div></div>');
    const window = document.defaultView;
    if (!window) throw new Error('no window');
    const seen: string[] = [];
    const observer = new window.MutationObserver((records) => seen.push(...records.map((record) => record.type)));
    observer.observe(document.body, { childList: true, subtree: true });
    document.querySelector('div')?.append('text');
    expect(seen).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual(['childList']);
  });
});

describe('inline style objects', () => {
  it('are not made for elements whose style is never read', () => {
    const document = page('<div><p>a</p><svg><circle r="1"></circle></svg></div>');
    for (const element of document.querySelectorAll('div, p, svg, circle')) {
      expect(Object.hasOwn(idlUtils.implForWrapper(element), 'style')).toBe(false);
    }
  });

  it('behave as before: a parsed style attribute, setting through style, and setting the attribute', () => {
    const document = page('<p style="color: red; display: none">a</p><svg style="fill: blue"></svg>');
    const paragraph = document.querySelector('p');
    const svg = document.querySelector('svg');
    if (!paragraph || !svg) throw new Error('fixture');
    expect(paragraph.style.color).toBe('red');
    expect(paragraph.style.display).toBe('none');
    expect(svg.style.getPropertyValue('fill')).toBe('blue');
    expect(paragraph.style).toBe(paragraph.style); // the same object on every read

    const div = document.createElement('div');
    div.style.marginTop = '2px';
    expect(div.getAttribute('style')).toBe('margin-top: 2px;');
    div.setAttribute('style', 'visibility: hidden');
    expect(div.style.visibility).toBe('hidden');
    expect(div.style.marginTop).toBe('');
    div.removeAttribute('style');
    expect(div.style.visibility).toBe('');

    const late = document.createElement('span');
    late.setAttribute('style', 'font-weight: bold');
    expect(late.style.fontWeight).toBe('bold');
    expect(late.style.cssText).toBe('font-weight: bold;');
  });

  it('are what getComputedStyle starts from', () => {
    const document = page('<p style="display: none">a</p>');
    const paragraph = document.querySelector('p');
    if (!paragraph || !document.defaultView) throw new Error('fixture');
    expect(document.defaultView.getComputedStyle(paragraph).display).toBe('none');
  });
});

describe("the document's base URL", () => {
  const at = (html: string): Document =>
    new JSDOM(html, { url: 'https://site.example/news/story.html', virtualConsole: new VirtualConsole() }).window
      .document;
  const link = (document: Document): string => (document.getElementById('l') as HTMLAnchorElement).href;

  it('comes from the first <base> with an href, as jsdom finds it', () => {
    expect(link(at('<a id="l" href="x.html">x</a>'))).toBe('https://site.example/news/x.html');
    expect(link(at('<head><base href="https://cdn.example/a/"></head><a id="l" href="x.html">x</a>'))).toBe(
      'https://cdn.example/a/x.html',
    );
    // One without href is passed over; the first with one wins, wherever it is.
    const twoBases =
      '<head><base target="_top"><BASE HREF="/first/"></head><base href="/second/"><a id="l" href="x">x</a>';
    expect(link(at(twoBases))).toBe('https://site.example/first/x');
    // An SVG element named base is one `base[href]` matches; one named BASE is not (names outside HTML keep case).
    const svg = at('<svg id="s"></svg><a id="l" href="x">x</a>');
    for (const [name, href] of [
      ['BASE', '/svg-upper/'],
      ['base', '/svg/'],
    ] as const) {
      const element = svg.createElementNS('http://www.w3.org/2000/svg', name);
      element.setAttribute('href', href);
      svg.getElementById('s')?.append(element);
    }
    expect(svg.querySelector('base[href]')?.getAttribute('href')).toBe('/svg/');
    expect(link(svg)).toBe('https://site.example/svg/x');
  });

  it('follows a <base> added or changed later, as jsdom clears what it found', () => {
    const document = at('<a id="l" href="x">x</a>');
    expect(link(document)).toBe('https://site.example/news/x');
    const base = document.createElement('base');
    base.setAttribute('href', '/added/');
    document.head.append(base);
    expect(link(document)).toBe('https://site.example/added/x');
    base.setAttribute('href', '/changed/');
    expect(link(document)).toBe('https://site.example/changed/x');
  });

  it('is found without building the selector engine', () => {
    const document = at('<head><base href="/b/"></head><a id="l" href="x">x</a>');
    const impl = idlUtils.implForWrapper(document) as { _getDOMSelector: () => unknown };
    const engine = vi.spyOn(impl, '_getDOMSelector');
    expect(link(document)).toBe('https://site.example/b/x');
    expect(engine).not.toHaveBeenCalled();
  });
});
