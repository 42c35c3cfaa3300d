import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { closestMatching, elementMatches, elementsMatching, firstMatching } from '../src/stages/elements-by-tag.js';
import { simpleSelector } from '../src/stages/simple-selectors.js';
import { builtInRuleSelectors, itMatchesAsTheEngineOnPages } from './support/engine-comparison.js';

// The plain tests must find exactly what jsdom's selector engine finds: every rule was written against it.

const page = new JSDOM(`<!doctype html><body>
  <form id="f"><input id="e1" type="EMAIL"><input id="e2" name="E-Mail"><input id="e3" placeholder="your mail">
    <input id="pw" type="password"><input id="sub" type="submit" value="Go"></form>
  <div id="b1" role="button">Join</div><div id="b2" role="BUTTON">Join</div><button id="b3">OK</button>
  <a id="a1" href="javascript:history.back()">Back</a><a id="a2" href="JavaScript:History.back()">Back</a>
  <a id="a3" href="/x" rel="NoFollow Sponsored" lang="en-GB" data-kind="">x</a>
  <p id="p1" class="Caption credit" data-track="Hero-Image">c</p>
  <table><tbody><tr><td id="td"><p id="pt">cell</p><div id="dt"><p id="pt2">deeper</p></div></td></tr></tbody></table>
  <ul><li id="li"><div id="dl">item</div></li></ul><div id="plain"><p id="pp">prose</p></div>
  <svg id="s1" viewBox="0 0 1 1"><a id="svg-a" role="button" href="#"><title>t</title></a><foreignObject id="fo"></foreignObject></svg>
</body>`).window.document;

const ids = (elements: Iterable<Element>): string[] => [...elements].map((element) => element.id);
const viaEngine = (selector: string): string[] =>
  ids(page.querySelectorAll('*')).filter((id) => {
    const element = page.getElementById(id);
    return id !== '' && element !== null && element.matches(selector);
  });

describe('simple selectors', () => {
  it.each([
    'input[type=email]',
    'input[type="email"], input[name*=mail i], input[placeholder*=mail i], input[id*=mail i]',
    'button, a, [role="button"], input[type="button"], input[type="submit"]',
    '[role=button]',
    'a[href^="javascript:" i][href*="history." i]',
    '[rel~=nofollow]',
    '[rel~="Sponsored" s]',
    '[lang|=en]',
    '[lang|=EN]',
    '[data-kind]',
    '[data-track$=image i]',
    '[class*=caption i], [class*=credit i]',
    'input[type=password], h1, article',
    'p:not(td *, th *, li *), div:not(td *, th *, li *)',
    'p:not(td *, th *, li *), figcaption, div:not(td *, th *, li *)',
    'a:not(svg *)',
    'p:not(td *)',
    '[role="button"]:not(li *)',
  ])('matches as the engine does: %j', (selector) => {
    expect(simpleSelector(selector)).toBeDefined();
    expect(ids(elementsMatching(page.body, selector))).toEqual(viaEngine(selector));
    expect(firstMatching(page.body, selector)?.id).toBe(viaEngine(selector)[0]);
    for (const element of page.body.querySelectorAll('*')) {
      expect(elementMatches(element, selector), `${selector} on #${element.id}`).toBe(element.matches(selector));
      expect(closestMatching(element, selector), `closest ${selector} on #${element.id}`).toBe(
        element.closest(selector),
      );
    }
  });

  it.each([
    // What needs the tree around the element, or matches differently in quirks mode.
    '.caption',
    '#main',
    'div p',
    'figure + p',
    'a ~ a',
    '*',
    '[a="b\\"c"]',
    'li:nth-child(3)',
    'p:not(.box *)',
    'p:not(td > *)',
    'div:not(:has(p))',
    'p:not(TD *)',
    ':not(td *)',
    '',
    // Where jsdom's engine departs from the spec on case or empty values: its answer is kept.
    'a[href^="javascript:"]',
    '[class*=caption]',
    'input[name*=mail]',
    '[data-track$=Image]',
    '[data-kind^=""]',
    '[data-kind=""]',
    '[viewBox]',
    'foreignObject',
    'svg[viewBox="0 0 1 1"]',
    'A[href]',
  ])('leaves %j to the selector engine', (selector) => {
    expect(simpleSelector(selector)).toBeUndefined();
  });
});

/** The built-in rules' selectors the plain tests take, with the few written in code. */
function ruleSelectors(): string[] {
  const inCode = ['[class*=author s], [id*=author s]', 'p, li, dd, td, pre, blockquote'];
  return [...inCode, ...builtInRuleSelectors()].filter((selector) => simpleSelector(selector) !== undefined);
}

describe('the built-in rules\u2019 selectors', () => {
  const selectors = ruleSelectors();

  it('include lists the plain tests take (so the checks below check something)', () => {
    expect(selectors).toContain(
      'input[type=email], input[name*=mail i], input[placeholder*=mail i], input[id*=mail i]',
    );
    expect(selectors.length).toBeGreaterThan(10);
  });

  itMatchesAsTheEngineOnPages(selectors);
});
