// The data-* names the rules can test, which the parse stage keeps, and what keeping them means for a page.

import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';
import { dataAttributesNamedByRules } from '../src/rules/attribute-names.js';
import type { RuleSet } from '../src/rules/rule-types.js';

const userSet = (rule: Record<string, unknown>): RuleSet => ({
  source: 'test.yaml',
  id: 'test',
  rules: [{ id: 'test/rule', phase: 'pre', action: 'remove', why: 'a test', ...rule }],
});

describe('dataAttributesNamedByRules', () => {
  it('finds the names in the built-in rules and in user rules, in every selector field', () => {
    const builtIn = dataAttributesNamedByRules([]);
    expect(builtIn).toBeDefined();
    expect(builtIn?.has('data-testid')).toBe(true);
    const names = dataAttributesNamedByRules([
      userSet({ selector: 'div[DATA-Ad-Slot]', when: { has: '[data-sponsor="1"]', notHas: 'p:not([data-keep])' } }),
    ]);
    for (const name of ['data-ad-slot', 'data-sponsor', 'data-keep', 'data-testid'])
      expect(names?.has(name), name).toBe(true);
  });

  it('gives up (keep every attribute) on an escape in a selector, not in a regular expression', () => {
    expect(dataAttributesNamedByRules([userSet({ selector: '[data\\-x]' })])).toBeUndefined();
    expect(dataAttributesNamedByRules([userSet({ selector: 'div', when: { text: '\\bcookies?\\b' } })])).toBeDefined();
  });
});

describe('data-* attributes through declutter()', () => {
  const story = `<article><h1>Harbour</h1>${'<p data-block="p" data-analytics=\'{"id":1}\'>The council met the fishing cooperative about the winter moorings, the breakwater and the harbour fees for next year.</p>'.repeat(5)}`;

  it('still lets a rule select on a data attribute it names', () => {
    const html = `${story}<div data-ad-slot="top"><p>Advertisement: buy the new boat now, limited offer for readers.</p></div></article>`;
    const rule = userSet({ selector: '[data-ad-slot]', phase: 'pre' });
    expect(declutter(html).markdown).toContain('Advertisement');
    expect(declutter(html, { userRules: [rule] }).markdown).not.toContain('Advertisement');
  });

  it('keeps the code language written on a wrapper', () => {
    const html = `${story}<div data-lang="python"><pre><code>print("hi")</code></pre></div></article>`;
    expect(declutter(html).markdown).toContain('```python');
  });
});
