// heading-block: a heading goes with the link-dense blocks it introduces; headings over prose stay.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { headingBlockAction } from '../src/rules/actions/heading-block.js';
import { compileRuleSet, type CompiledRule } from '../src/rules/compile-rules.js';
import type { Rule } from '../src/rules/rule-types.js';

const HEADING = '^(?:related|most read|search trends)\\s*:?$';

function compile(rule: Partial<Rule>): CompiledRule {
  const full = {
    id: 'test/heading',
    phase: 'post',
    action: 'heading-block',
    why: 'test rule for the heading-block action',
    selector: 'h2, h3, p, div',
    when: { text: HEADING, maxChars: 40 },
    following: { minLinkDensity: 0.5 },
    ...rule,
  } as Rule;
  if (full.phase === 'text') delete full.selector; // text rules have none
  const compiled = compileRuleSet({ source: 'test', id: 'test', rules: [full] }).rules[0];
  if (!compiled) throw new Error('no rule');
  return compiled;
}

/** Visible text with a space where each tag was, so blocks never fuse ("year.Closing"). */
function textOf(element: Element | undefined): string {
  return (element?.innerHTML ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function run(html: string, rule: Partial<Rule> = {}): { text: string; removed: string[] } {
  const root = new JSDOM(`<body><div id="article">${html}</div></body>`).window.document.getElementById('article');
  if (!root) throw new Error('no root');
  const removed: string[] = [];
  headingBlockAction.applyToDom?.(root, compile(rule), ({ element }) => {
    removed.push(textOf(element));
  });
  return { text: textOf(root), removed };
}

const BODY = '<p>The council met on Tuesday and approved the budget for next year.</p>';
const LINKS = '<ul><li><a href="/a">First other story</a></li><li><a href="/b">Second other story</a></li></ul>';

describe('heading-block (DOM)', () => {
  it('removes a heading and the link list after it', () => {
    const { text, removed } = run(`${BODY}<h3>Related</h3>${LINKS}`);
    expect(text).toBe('The council met on Tuesday and approved the budget for next year.');
    expect(removed).toEqual(['Related', 'First other story Second other story']);
  });

  it('removes every link-dense block up to the first block of prose', () => {
    const { text } = run(
      `${BODY}<h3>Most read</h3>${LINKS}<p><a href="/c">Third other story</a></p><p>Closing words of the article.</p>`,
    );
    expect(text).toContain('Closing words of the article.');
    expect(text).not.toContain('other story');
  });

  it('keeps a heading followed by prose', () => {
    const { text, removed } = run(`<h3>Related</h3>${BODY}<p>More text.</p>`);
    expect(removed).toEqual([]);
    expect(text).toContain('Related');
  });

  it('removes a heading that closes the article with nothing after it (a script-filled list)', () => {
    const { text } = run(`${BODY}<div class="trends"><div>Search Trends</div><ul></ul></div>`);
    expect(text).toBe('The council met on Tuesday and approved the budget for next year.');
  });

  it('finds the list after the wrapper that holds only the heading', () => {
    const { text } = run(`${BODY}<div class="hd"><h3>Related</h3></div>${LINKS}<p>Closing words.</p>`);
    expect(text).toBe('The council met on Tuesday and approved the budget for next year. Closing words.');
  });

  it('looks past the end of the container the heading closes', () => {
    const { text } = run(`<section>${BODY}<h3>Related</h3></section>${LINKS}<p>Closing words.</p>`);
    expect(text).toBe('The council met on Tuesday and approved the budget for next year. Closing words.');
  });

  it('does not take a sentence that starts with a heading word for a heading', () => {
    const { removed } = run(`<p>Related news reached the harbour on Monday.</p>${LINKS}${BODY}`);
    expect(removed).toEqual([]);
  });

  it('takes rows of linked pictures without text as teaser links', () => {
    const { text, removed } = run(
      `${BODY}<h3>Related</h3><p><a href="/a"><img src="a.jpg" alt="A"></a></p><p>Closing words.</p>`,
    );
    expect(removed).toHaveLength(2);
    expect(text).toContain('Closing words.');
  });

  it('takes a row of teaser cards whose headlines are gone: linked pictures with a short label each', () => {
    const card = (path: string, label: string): string =>
      `<div class="card"><a href="${path}"><img src="${path}.jpg" alt=""></a><div><p>${label}</p></div></div>`;
    const row = `<div class="row">${card('/a', '06 Aug 2025 // Tips')}${card('/b', '18 Feb 2025 // Other')}</div>`;
    const { text, removed } = run(`${BODY}<h3>Related</h3>${row}<p>Closing words of the article.</p>`);
    expect(removed).toEqual(['Related', '06 Aug 2025 // Tips 18 Feb 2025 // Other']);
    expect(text).toContain('Closing words of the article.');
    // A card with a sentence of its own is not only a label: the run stops there.
    const prose = card('/c', 'The council met on Tuesday and approved the budget for next year, after a long debate.');
    expect(run(`${BODY}<h3>Related</h3>${prose}`).removed).toEqual([]);
    // A photo linked to its full-size file, with a short caption, is the article's picture, not a teaser.
    const photo =
      '<div><a href="/photos/harbour.jpg"><img src="/photos/harbour-600.jpg" alt=""></a><p>The harbour</p></div>';
    expect(run(`${BODY}<h3>Related</h3>${photo}`).removed).toEqual([]);
    // A rule whose `following` names the blocks it takes (lists) takes no card row.
    const listsOnly = { following: { matches: 'ul, ol', minLinkDensity: 0.5 } };
    expect(run(`${BODY}<h3>Related</h3>${row}<p>Closing words.</p>`, listsOnly).removed).toEqual([]);
  });

  it('stops at a picture that is not a link', () => {
    const { removed } = run(`${BODY}<h3>Related</h3><p><img src="a.jpg" alt="A"></p>${LINKS}<p>Closing words.</p>`);
    expect(removed).toEqual([]);
  });

  it('removes a heading whose section is empty: the next block opens with a heading of its own', () => {
    const html = `${BODY}<section><h2>Most read</h2></section><div><h4>Subscribe</h4><p>Sign up to our newsletter.</p></div>`;
    const { text } = run(html);
    expect(text).not.toContain('Most read');
    expect(text).toContain('Subscribe');
  });

  it('removes a heading directly followed by another footer heading', () => {
    const { text } = run(`${BODY}<h3>Related</h3><h3>Most read</h3><p>Prose that follows.</p>`);
    expect(text).not.toContain('Related');
    expect(text).toContain('Most read Prose that follows.');
  });

  it('stops at loose text after the heading', () => {
    const { removed } = run(`${BODY}<h3>Related</h3> some loose words ${LINKS}<p>x</p>`);
    expect(removed).toEqual([]);
  });

  it('with requireFollowing, removes a heading only together with a block it introduces', () => {
    const anyHeading = { when: { maxChars: 40 }, selector: 'h2, h3', requireFollowing: true };
    const withList = run(`${BODY}<h3>More:</h3>${LINKS}<p>Closing words of the article.</p>`, anyHeading);
    expect(withList.removed).toEqual(['More:', 'First other story Second other story']);
    // Over another heading, or closing the article: an empty section for other rules, kept by this one.
    const overHeading = run(`${BODY}<h2>Part one</h2><h3>Chapter 1</h3>${BODY}`, anyHeading);
    expect(overHeading.removed).toEqual([]);
    const closing = run(`${BODY}<h3>Notes</h3>`, anyHeading);
    expect(closing.removed).toEqual([]);
    // Without the option the closing heading goes, as before.
    expect(run(`${BODY}<h3>Related</h3>`).removed).toEqual(['Related']);
  });
});

describe('heading-block (text)', () => {
  const textRule = compile({ phase: 'text', following: { maxChars: 80, notText: '[.]$' } });

  function runText(paragraphs: string[]): string[] {
    return headingBlockAction.applyToText?.(paragraphs, textRule, () => undefined) ?? paragraphs;
  }

  it('removes a heading line and the headline lines after it', () => {
    expect(
      runText(['Body text of the story.', 'Most read', 'Storm warning for the coast', 'Bakery wins award']),
    ).toEqual(['Body text of the story.']);
  });

  it('removes a heading line that ends the dump', () => {
    expect(runText(['Body text of the story.', 'Search Trends'])).toEqual(['Body text of the story.']);
  });

  it('keeps a heading line followed by sentences', () => {
    const paragraphs = ['Intro.', 'Related', 'The next paragraph is a real sentence of the article.'];
    expect(runText(paragraphs)).toEqual(paragraphs);
  });
});
