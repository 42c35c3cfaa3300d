import { JSDOM } from 'jsdom';
import { describe, expect, it, vi } from 'vitest';
import { childElements, elementsMatching, elementsWithTags, firstMatching } from '../src/stages/elements-by-tag.js';

// The look-ups must find exactly what the selector engine finds, in the same order: rules rely on it.
const page = new JSDOM(`<!doctype html><body>
  <div id="a"><P id="p1">One <A href="/x" id="a1">link</A></P>
    <svg><a id="svg-a"><title id="t1">svg title</title></a><foreignObject><p id="p-in-svg">x</p></foreignObject></svg>
    <math><mi id="mi">x</mi></math>
  </div>
  <section id="s"><h2 id="h2">Head</h2><p id="p2">Two</p><h1 id="h1">Top</h1><custom-tag id="c">c</custom-tag></section>
</body>`).window.document;

const ids = (elements: Iterable<Element>): string[] => [...elements].map((element) => element.id);

describe('elementsMatching', () => {
  it.each([
    'a',
    'p',
    'P',
    'h1, h2',
    'h2,p',
    'title',
    'mi',
    'custom-tag',
    'foreignObject',
    'foreignobject',
    'div p',
    'p:first-child',
    '#s > *',
    'a[href]',
  ])('finds what querySelectorAll finds for %j, in document order', (selector) => {
    const viaEngine = [...page.querySelectorAll(selector)].sort((a, b) =>
      a.compareDocumentPosition(b) & 4 /* following */ ? -1 : 1,
    );
    expect(ids(elementsMatching(page.body, selector))).toEqual(ids(viaEngine));
    expect(firstMatching(page.body, selector)?.id).toBe(viaEngine[0]?.id);
  });

  it('returns a list that does not change when the page does', () => {
    const copy = new JSDOM('<p>a</p><p>b</p>').window.document;
    const paragraphs = elementsMatching(copy.body, 'p');
    for (const paragraph of paragraphs) paragraph.remove();
    expect(paragraphs).toHaveLength(2);
    expect(firstMatching(copy.body, 'p')).toBeNull();
  });

  it('lists the page again once an element was added or removed anywhere under the root', () => {
    const copy = new JSDOM('<div id="root"><section id="s"><p id="x">a</p></section></div>').window.document;
    const root = copy.getElementById('root') as Element;
    const selector = 'p, [role="button"]';
    expect(ids(elementsMatching(root, selector))).toEqual(['x']);
    const button = copy.createElement('span');
    button.id = 'b';
    button.setAttribute('role', 'button');
    copy.querySelector('section')?.append(button);
    expect(ids(elementsMatching(root, selector))).toEqual(['x', 'b']);
    copy.getElementById('x')?.remove();
    expect(ids(elementsMatching(root, selector))).toEqual(['b']);
    // A caller changing the list it got changes nothing for the next one.
    elementsWithTags(root, ['*']).length = 0;
    expect(ids(elementsWithTags(root, ['*']))).toEqual(['s', 'b']);
  });

  it('builds no live collection: each one after a change to the page is a new Proxy read element by element', () => {
    const window = page.defaultView as Window & typeof globalThis;
    const onElement = vi.spyOn(window.Element.prototype, 'getElementsByTagName');
    const onDocument = vi.spyOn(window.Document.prototype, 'getElementsByTagName');
    expect(ids(elementsWithTags(page.body, ['p']))).toEqual(['p1', 'p-in-svg', 'p2']);
    expect(ids(elementsWithTags(page, ['h1']))).toEqual(['h1']);
    expect(ids(elementsWithTags(page.body, ['h1', 'h2']))).toEqual(['h2', 'h1']);
    expect(elementsWithTags(page.body, ['*'])).toHaveLength(page.body.getElementsByTagName('*').length);
    expect(onElement).toHaveBeenCalledTimes(1);
    expect(onDocument).not.toHaveBeenCalled();
    onElement.mockRestore();
    onDocument.mockRestore();
  });

  it('matches a list of upper-case names as Readability passes them', () => {
    expect(ids(elementsWithTags(page.body, ['H1', 'H2']))).toEqual(['h2', 'h1']);
  });
});

describe('childElements', () => {
  it('lists the element children in order, as `children` does, and no text or comment', () => {
    const section = page.getElementById('s') as Element;
    expect(ids(childElements(section))).toEqual(['h2', 'p2', 'h1', 'c']);
    const listed = childElements(section);
    expect(listed.length === section.children.length && listed.every((child, n) => child === section.children[n])).toBe(
      true,
    );
    expect(ids(childElements(page.getElementById('p1') as Element))).toEqual(['a1']);
    expect(childElements(page.getElementById('a1') as Element)).toHaveLength(0);
    expect(childElements(page).map((element) => element.localName)).toEqual(['html']);
  });

  it('walks a block of 6,000 children once, where reading `children` scans it on every step', () => {
    // Parsed as a page: jsdom's innerHTML setter is itself slow on this markup.
    const block = new JSDOM(`<div>${'x<br><br>'.repeat(3_000)}</div>`).window.document.querySelector('div') as Element;
    const started = process.cpuUsage();
    const children = childElements(block);
    const { user, system } = process.cpuUsage(started);
    expect(children).toHaveLength(6_000);
    expect(children.every((child) => child.tagName === 'BR')).toBe(true);
    // A linear walk takes milliseconds; the collection walk takes seconds on this block.
    expect((user + system) / 1000).toBeLessThan(1_000);
  });
});
