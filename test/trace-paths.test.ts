// Trace paths: each entry says where its element was in the page as parsed, whatever changed around it before the
// rule ran (earlier removals, Readability's moves, re-tagging and retries), and the path selects exactly that element.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { declutter, type TraceEntry } from '../src/index.js';
import { builtInRuleSets } from '../src/rules/load-rules.js';
import type { Rule, RuleSet } from '../src/rules/rule-types.js';
import { cssIdent, elementPath, indexPage, locateElement } from '../src/stages/page-places.js';
import { pruneHtml } from '../src/stages/prune-html.js';
import { keepPlacesThroughReadability } from '../src/stages/readability-places.js';

const WHY = 'Exists for this test and nothing else.';

/** User rules only: the built-in sets are switched off, so each test sees its own rule act. */
function only(...list: Partial<Rule>[]): { userRules: RuleSet[]; disabledRules: string[] } {
  return { userRules: rules(...list), disabledRules: builtInRuleSets().map((compiled) => compiled.set.id) };
}

function rules(...list: Partial<Rule>[]): RuleSet[] {
  return [
    {
      source: 'test',
      id: 'mine',
      rules: list.map((rule, index) => ({ id: `mine/${index}`, phase: 'post', action: 'remove', why: WHY, ...rule })),
    },
  ];
}

/** The page as the pipeline parses it (after the prune pass), to resolve paths in. */
function asParsed(html: string): Document {
  return new JSDOM(pruneHtml(html, {}).html).window.document;
}

/** The element a path selects in the page as parsed; fails unless it selects exactly one. */
function resolvePath(html: string, path: string | undefined): Element {
  expect(path).toBeDefined();
  const found = asParsed(html).querySelectorAll(path ?? '');
  expect(found).toHaveLength(1);
  return found[0] as Element;
}

const prose = (n: number): string =>
  Array.from(
    { length: n },
    (_, index) =>
      `<p>Paragraph ${index + 1} of a story about the harbour, long enough in ordinary words for the extractor to take it as the article body and not clutter.</p>`,
  ).join('');

describe('paths of the page as parsed', () => {
  it('are child steps from the root, with :nth-child only where a sibling shares the tag', () => {
    const { document } = new JSDOM('<body><div><p>a</p><span>b</span><p>c</p></div><ul><li>x</li></ul></body>').window;
    const places = indexPage(document.documentElement);
    const third = document.querySelectorAll('p')[1] as Element;
    expect(elementPath(places, third)).toBe('html>body>div>p:nth-child(3)');
    expect(elementPath(places, document.querySelector('span') as Element)).toBe('html>body>div>span');
    expect(elementPath(places, document.querySelector('li') as Element)).toBe('html>body>ul>li');
    for (const element of document.querySelectorAll('*')) {
      expect(document.querySelectorAll(elementPath(places, element) ?? '')[0]).toBe(element);
    }
  });

  it('escape tag names that are not CSS identifiers (o:p from word processors)', () => {
    expect(cssIdent('o:p')).toBe('o\\3a p');
    const { document } = new JSDOM('<body><p>x<o:p>y</o:p></p></body>').window;
    const places = indexPage(document.documentElement);
    const path = elementPath(places, document.querySelector('p')?.lastElementChild as Element) ?? '';
    expect(document.querySelector(path)?.textContent).toBe('y');
  });

  it('stay with an element moved elsewhere, and say what a made element held', () => {
    const { document } = new JSDOM('<body><div id="a">one <b>two</b> three</div><div id="b"></div></body>').window;
    const places = indexPage(document.documentElement);
    const a = document.getElementById('a') as Element;
    document.getElementById('b')?.append(a.querySelector('b') as Element);
    expect(locateElement(places, document.querySelector('b') as Element)).toEqual({
      path: 'html>body>div:nth-child(1)>b',
    });
    const made = document.createElement('p');
    made.append(...Array.from(a.childNodes));
    expect(locateElement(places, made)).toEqual({
      parts: [
        { path: 'html>body>div:nth-child(1)', from: 0, to: 0 },
        { path: 'html>body>div:nth-child(1)', from: 2, to: 2 },
      ],
    });
  });
});

describe('Readability re-making nodes', () => {
  it('hands an element re-made under another tag its place', () => {
    const { document } = new JSDOM('<body><div><h1 class="x"></h1></div></body>').window;
    const places = indexPage(document.documentElement);
    const reader = {
      _setNodeTag(node: Element, tag: string): Element {
        const replacement = document.createElement(tag);
        node.replaceWith(replacement);
        return replacement;
      },
    };
    keepPlacesThroughReadability(reader, document, places);
    const made = reader._setNodeTag(document.querySelector('h1') as Element, 'h2');
    expect(locateElement(places, made)).toEqual({ path: 'html>body>div>h1' });
  });
});

describe('trace entries', () => {
  it('have no path unless asked for (the trace stays as it was)', () => {
    const html = `<body><article><h1>T</h1>${prose(4)}<p class="promo">Subscribe now.</p></article></body>`;
    const result = declutter(html, { userRules: rules({ selector: '.promo' }) });
    expect(result.trace.map((entry) => entry.ruleId)).toContain('mine/0');
    for (const entry of result.trace)
      expect(Object.keys(entry).sort()).toEqual(['action', 'phase', 'preview', 'ruleId', 'selector']);
  });

  it('point at the element as parsed after earlier removals shifted its siblings', () => {
    const html = `<body><div class="ad">ad one</div><div class="ad">ad two</div><div class="promo">promo</div><article>${prose(4)}</article></body>`;
    const result = declutter(html, {
      tracePaths: true,
      userRules: rules({ phase: 'pre', selector: '.ad' }, { phase: 'pre', selector: '.promo' }),
    });
    const promo = result.trace.find((entry) => entry.ruleId === 'mine/1') as TraceEntry;
    expect(promo.path).toBe('html>body>div:nth-child(3)');
    expect(resolvePath(html, promo.path).className).toBe('promo');
  });

  it('point at the page element a post rule met in the article, also when Readability made a div of text a p', () => {
    const html = `<body><nav>menu</nav><article>${prose(4)}<div class="credit">Photo credit line</div>${prose(2)}</article></body>`;
    const result = declutter(html, { tracePaths: true, ...only({ selector: 'p', when: { text: '^Photo credit' } }) });
    const entry = result.trace.find((candidate) => candidate.ruleId === 'mine/0') as TraceEntry;
    expect(entry.preview).toBe('Photo credit line');
    expect(resolvePath(html, entry.path).className).toBe('credit');
  });

  it('say which page content a paragraph made after parsing held', () => {
    // Loose text beside blocks: Readability (or trim-edges) wraps it in a paragraph of its own making.
    const html = `<body><article><div class="box"><h2>Heading</h2>Loose teaser text here <a href="/x">link</a>${prose(4)}</div></article></body>`;
    const result = declutter(html, { tracePaths: true, ...only({ selector: 'p', when: { text: '^Loose teaser' } }) });
    const entry = result.trace.find((candidate) => candidate.ruleId === 'mine/0') as TraceEntry;
    expect(entry.path).toBeUndefined();
    expect(entry.parts).toHaveLength(1);
    const part = entry.parts?.[0];
    const parent = resolvePath(html, part?.path);
    expect(parent.className).toBe('box');
    const held = Array.from(parent.childNodes).slice(part?.from, (part?.to ?? 0) + 1);
    expect(held.map((node) => node.textContent).join('')).toBe('Loose teaser text here link');
  });

  it('survive Readability parsing the page again to retry', () => {
    // The first pass strips "unlikely" containers (a class naming comments) and finds too little text: Readability
    // parses its saved HTML back into the page, every node a new one, and the second pass keeps that container.
    const paragraphs = Array.from(
      { length: 5 },
      (_, index) => `<p>Paragraph ${index + 1} of a story about the harbour, long enough in words to count.</p>`,
    ).join('');
    const html = `<body><header><a href="/">Site</a></header><div class="sidebar comments">${paragraphs}<p class="tail">Tail line to remove.</p></div></body>`;
    const result = declutter(html, { tracePaths: true, ...only({ selector: '.tail' }) });
    const entry = result.trace.find((candidate) => candidate.ruleId === 'mine/0') as TraceEntry;
    expect(resolvePath(html, entry.path).textContent).toBe('Tail line to remove.');
  });

  it('leave the Markdown exactly as it is without them', () => {
    const html = `<body><div class="ad">ad</div><article><h1>T</h1>${prose(5)}<div class="credit">Photo credit line</div></article></body>`;
    const userRules = rules({ phase: 'pre', selector: '.ad' }, { selector: 'p', when: { text: '^Photo credit' } });
    expect(declutter(html, { tracePaths: true, userRules }).markdown).toBe(declutter(html, { userRules }).markdown);
  });
});
