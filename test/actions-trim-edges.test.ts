// trim-edges: blocks meeting the conditions go from the article's start and end, up to the first that does not.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { trimEdgesAction } from '../src/rules/actions/trim-edges.js';
import { compileRuleSet, type CompiledRule } from '../src/rules/compile-rules.js';
import type { Rule } from '../src/rules/rule-types.js';

function compile(rule: Partial<Rule>): CompiledRule {
  const full = {
    id: 'test/edges',
    phase: 'post',
    action: 'trim-edges',
    why: 'test rule for the trim-edges action',
    selector: 'p, ul, ol, div, h2, figure',
    when: { minLinkDensity: 0.5 },
    ...rule,
  } as Rule;
  if (full.phase === 'text') delete full.selector; // text rules have none
  const compiled = compileRuleSet({ source: 'test', id: 'test', rules: [full] }).rules[0];
  if (!compiled) throw new Error('no rule');
  return compiled;
}

function run(html: string, rule: Partial<Rule> = {}): string[] {
  const root = new JSDOM(`<body><div id="article">${html}</div></body>`).window.document.getElementById('article');
  if (!root) throw new Error('no root');
  trimEdgesAction.applyToDom?.(root, compile(rule), () => undefined);
  return Array.from(root.querySelectorAll('p, li, h2'), (element) => (element.textContent ?? '').trim());
}

const MENU = '<ul><li><a href="/a">News</a></li><li><a href="/b">Sport</a></li></ul>';
const PROSE = '<p>The council met on Tuesday.</p><p>It approved the budget.</p>';

describe('trim-edges (DOM)', () => {
  it('removes link-dense blocks at both ends and keeps the prose between', () => {
    expect(run(`${MENU}${PROSE}<p><a href="/c">Other story</a></p>`)).toEqual([
      'The council met on Tuesday.',
      'It approved the budget.',
    ]);
  });

  it('keeps link-dense blocks inside the article', () => {
    expect(run(`<p>Intro.</p>${MENU}<p>Outro.</p>`)).toEqual(['Intro.', 'News', 'Sport', 'Outro.']);
  });

  it('passes over blocks without text (a lead image) and goes on trimming', () => {
    expect(run(`${MENU}<figure><img src="a.jpg" alt=""></figure>${MENU}${PROSE}`)).toEqual([
      'The council met on Tuesday.',
      'It approved the budget.',
    ]);
  });

  it('keeps the block a sentence ending in a colon announces, and trims what follows it', () => {
    const petition =
      '<p>Please all sign the petition we started today:</p><p><a href="/p">https://petition.example/x</a></p>';
    expect(run(`${PROSE}${petition}${MENU}`)).toEqual([
      'The council met on Tuesday.',
      'It approved the budget.',
      'Please all sign the petition we started today:',
      'https://petition.example/x',
    ]);
  });

  it('trims the link after a short label ending in a colon: a label announces no content', () => {
    expect(run(`${PROSE}<p>Read more here:</p><p><a href="/c">Other story</a></p>`)).toEqual([
      'The council met on Tuesday.',
      'It approved the budget.',
      'Read more here:',
    ]);
  });

  it('trims only the edge it is given', () => {
    expect(run(`${MENU}${PROSE}${MENU}`, { edge: 'start' })).toEqual([
      'The council met on Tuesday.',
      'It approved the budget.',
      'News',
      'Sport',
    ]);
  });

  it('treats a wrapper by its blocks, and lists as one block', () => {
    expect(run(`<div><div>${MENU}</div><p>Prose.</p></div>`)).toEqual(['Prose.']);
  });

  it('trims blocks meeting any orWhen set, in any mix with when', () => {
    const html = `<p>BREAKING NEWS</p>${MENU}<p>Published 6:05 AM, November 19, 2025</p>${PROSE}`;
    const rule = { orWhen: [{ text: '^breaking news$' }, { text: '\\b20\\d\\d\\b', notText: '[.]$' }] };
    expect(run(html, rule)).toEqual(['The council met on Tuesday.', 'It approved the budget.']);
    expect(run(html)).toEqual(run(html, {}));
    expect(run(html)).toContain('BREAKING NEWS');
  });

  it('takes loose text beside the blocks of a wrapper as a block of its own', () => {
    const root = new JSDOM(
      `<body><div id="article"><div class="title"><h2>Headline</h2><span>Published <time>6:05 AM</time></span></div>${PROSE}</div></body>`,
    ).window.document.getElementById('article');
    if (!root) throw new Error('no root');
    trimEdgesAction.applyToDom?.(
      root,
      compile({ when: { text: '^published' }, until: { matches: 'p', minChars: 20 }, edge: 'start' }),
      () => undefined,
    );
    expect(root.textContent).not.toContain('Published');
    expect(root.querySelector('h2')?.textContent).toBe('Headline');
  });

  it('judges a short nested <article> (a teaser card) whole, and a long one by its blocks', () => {
    const card =
      '<article><h2><a href="/other">Other story</a></h2><p>A standfirst that is plain text, not a link at all.</p></article>';
    const rule = { when: { matches: 'article', has: 'h2 a' }, edge: 'end' as const, selector: 'p, h2, article' };
    expect(run(`<p>${'Long prose. '.repeat(20)}</p>${card}${card}`, rule)).toHaveLength(1);
    // The story itself in one <article> is a wrapper: its blocks are judged one by one.
    expect(
      run(`<article><p>${'Long prose. '.repeat(20)}</p><h2><a href="/x">Link</a></h2></article>`, rule),
    ).toHaveLength(2);
  });

  it('never empties the article', () => {
    expect(run(MENU)).toEqual(['News', 'Sport']);
  });

  const LONG =
    '<p>The council met on Tuesday and approved the budget for the coming year after a debate that lasted well into the night.</p>';
  const DATES = { when: { text: '^published' }, until: { matches: 'p', minChars: 100 } };

  it('with until, takes matching blocks anywhere in the edge zone and keeps the others', () => {
    const html = `<h2>A standfirst that is not trimmed</h2><p>Published Monday</p><p>Published Tuesday</p>${LONG}<p>Published Wednesday</p>`;
    expect(run(html, { ...DATES, edge: 'start' })).toEqual([
      'A standfirst that is not trimmed',
      (LONG.match(/<p>(.*)<\/p>/) ?? [])[1],
      'Published Wednesday',
    ]);
    // Without until the standfirst stops trimming at once.
    expect(run(html, { when: DATES.when, edge: 'start' })).toHaveLength(5);
  });

  it('with until, ends the zone at the block meeting it, from either end', () => {
    const html = `<p>Published Monday</p>${LONG}<p>Published Tuesday</p><p>A closing line.</p><p>Published Wednesday</p>`;
    expect(run(html, { ...DATES, edge: 'end' })).toEqual([
      'Published Monday',
      (LONG.match(/<p>(.*)<\/p>/) ?? [])[1],
      'A closing line.',
    ]);
  });

  it('with until met by no block, trims contiguously as without it', () => {
    const html = '<p>Published Monday</p><h2>Kept</h2><p>Published Tuesday</p><p>Short.</p>';
    expect(run(html, { ...DATES, edge: 'start' })).toEqual(['Kept', 'Published Tuesday', 'Short.']);
  });
  it('removes a wrapper left without text, with its avatar, but not one holding a photo or other media', () => {
    const root = new JSDOM(
      `<body><div id="article">${PROSE}<div class="box"><p><img src="avatar.jpg" width="60" height="60" alt=""></p>` +
        `<div class="bio"><p><a href="/author/jane">Jane Doe</a></p></div></div>` +
        `<div class="lead"><p><img src="photo.jpg" alt="The harbour at dawn"></p><p><a href="/c">Credit</a></p></div>` +
        `<div class="clip"><iframe src="https://video.example/1"></iframe><p><a href="/d">Watch</a></p></div></div></body>`,
    ).window.document.getElementById('article');
    if (!root) throw new Error('no root');
    const recorded: string[] = [];
    trimEdgesAction.applyToDom?.(root, compile({ edge: 'end' }), ({ element }) => {
      recorded.push(element?.className || element?.tagName || '');
    });
    expect(root.querySelector('.box')).toBeNull(); // avatar and all: the box is gone
    expect(root.querySelector('.lead img')).not.toBeNull(); // a content image stays where its credit went
    expect(root.querySelector('.clip iframe')).not.toBeNull();
    expect(recorded).toContain('box'); // traced like the blocks
    expect(root.textContent).toContain('It approved the budget.');
  });
});

describe('trim-edges (text)', () => {
  const rule = compile({ phase: 'text', when: { maxChars: 12 } });
  const apply = (paragraphs: string[]): string[] =>
    trimEdgesAction.applyToText?.(paragraphs, rule, () => undefined) ?? paragraphs;

  it('trims short paragraphs from both ends', () => {
    expect(apply(['Home', 'Sign in', 'A sentence long enough to stay.', 'Top', 'Share'])).toEqual([
      'A sentence long enough to stay.',
    ]);
  });

  it('leaves a dump that is all edge alone', () => {
    expect(apply(['Home', 'Top'])).toEqual(['Home', 'Top']);
  });

  it('with until, takes short paragraphs anywhere before the first long one', () => {
    const zone = compile({ phase: 'text', when: { maxChars: 12 }, until: { minChars: 25 } });
    const paragraphs = ['Home', 'A standfirst of twenty', 'Sign in', 'A sentence long enough to stay.', 'Top'];
    expect(trimEdgesAction.applyToText?.(paragraphs, zone, () => undefined)).toEqual([
      'A standfirst of twenty',
      'A sentence long enough to stay.',
    ]);
  });
});
