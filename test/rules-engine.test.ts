// The rules engine: validation messages, loading YAML/JSON, host matching, precedence, every action and the trace.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { declutter, InvalidRuleError } from '../src/index.js';
import { resolveOptions } from '../src/options.js';
import { actionFor } from '../src/rules/actions/index.js';
import { applyDomRules, applyTextRules } from '../src/rules/apply-rules.js';
import { forgetTexts, normalisedText } from '../src/rules/conditions.js';
import { compileRuleSet, type CompiledRule } from '../src/rules/compile-rules.js';
import { builtInRuleSets, loadRuleFiles, parseRuleSet } from '../src/rules/load-rules.js';
import type { Rule, RuleSet } from '../src/rules/rule-types.js';
import { selectRules } from '../src/rules/select-rules.js';
import { applicableSelector, indexTokens, selectorParts } from '../src/rules/selector-needs.js';
import type { PipelineContext, TraceEntry } from '../src/types.js';

const WHY = 'Exists for this test and nothing else.';

/** A rule set as a plain object, for JSON.stringify into a rule file. */
function setWith(rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'test-set', ...extra, rules };
}

function rule(overrides: Record<string, unknown>): Record<string, unknown> {
  return { id: 'test/rule', phase: 'post', action: 'remove', selector: '.x', why: WHY, ...overrides };
}

function validationError(data: unknown, source = 'rules/test.json'): string {
  try {
    parseRuleSet(JSON.stringify(data), source);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRuleError);
    return (error as Error).message;
  }
  throw new Error('expected the rule file to be rejected');
}

describe('validation names the file, the rule and the field', () => {
  const cases: [string, unknown, string[]][] = [
    ['not a mapping', [1, 2], ['rules/test.json', 'file']],
    ['unknown set field', { ...setWith([]), extra: 1 }, ["field 'extra'", 'unknown field']],
    ['missing set id', { rules: [] }, ["field 'id'"]],
    ['description not a string', setWith([], { description: 3 }), ["field 'description'"]],
    ['match not a mapping', setWith([], { match: 'cgtn.com' }), ["field 'match'"]],
    ['bad host', setWith([], { match: { hosts: ['not a host'] } }), ["field 'match.hosts'"]],
    ['empty hosts', setWith([], { match: { hosts: [] } }), ["field 'match.hosts'"]],
    ['bad path', setWith([], { match: { hosts: ['a.com'], path: '(' } }), ["field 'match.path'"]],
    ['disable not a list', setWith([], { disable: 'x' }), ["field 'disable'"]],
    ['rules not a list', { id: 's', rules: {} }, ["field 'rules'"]],
    ['rule not a mapping', setWith(['x']), ['rule #1', 'expected a mapping']],
    ['unknown rule field', setWith([rule({ colour: 'red' })]), ["rule 'test/rule'", "field 'colour'"]],
    ['bad id', setWith([rule({ id: 'Bad Id' })]), ["rule 'Bad Id'", "field 'id'"]],
    ['missing id', setWith([{ phase: 'post' }]), ['rule #1', "field 'id'"]],
    ['bad phase', setWith([rule({ phase: 'during' })]), ["rule 'test/rule'", "field 'phase'"]],
    ['bad action', setWith([rule({ action: 'explode' })]), ["rule 'test/rule'", "field 'action'", 'remove']],
    ['missing why', setWith([rule({ why: undefined })]), ["rule 'test/rule'", "field 'why'"]],
    ['action in the wrong phase', setWith([rule({ action: 'unhide' })]), ["field 'phase'", "'unhide'", 'pre']],
    [
      'text-only phase for unwrap',
      setWith([rule({ action: 'unwrap', phase: 'text', selector: undefined })]),
      ["field 'phase'"],
    ],
    ['invalid selector', setWith([rule({ selector: 'div[' })]), ["rule 'test/rule'", "field 'selector'"]],
    ['missing selector', setWith([rule({ selector: undefined })]), ["field 'selector'", 'required']],
    ['selector on a text rule', setWith([rule({ phase: 'text' })]), ["field 'selector'", 'text rules']],
    ['similarity off dedupe', setWith([rule({ similarity: 'near' })]), ["field 'similarity'", 'dedupe']],
    ['bad similarity', setWith([rule({ action: 'dedupe', similarity: 'fuzzy' })]), ["field 'similarity'"]],
    ['bad pick', setWith([rule({ pick: 'middle' })]), ["field 'pick'"]],
    [
      'pick on a text rule',
      setWith([rule({ phase: 'text', selector: undefined, pick: 'innermost' })]),
      ["field 'pick'"],
    ],
    ['when not a mapping', setWith([rule({ when: 'always' })]), ["field 'when'"]],
    ['unknown condition', setWith([rule({ when: { colour: 'red' } })]), ["field 'when.colour'", 'unknown condition']],
    ['bad text regex', setWith([rule({ when: { text: '(' } })]), ["field 'when.text'", 'regular expression']],
    ['bad notText regex', setWith([rule({ when: { notText: '[' } })]), ["field 'when.notText'"]],
    ['bad adjacentText', setWith([rule({ when: { adjacentText: '*' } })]), ["field 'when.adjacentText'"]],
    ['bad has', setWith([rule({ when: { has: '>>' } })]), ["field 'when.has'", 'CSS selector']],
    ['bad notHas', setWith([rule({ when: { notHas: ':nope(' } })]), ["field 'when.notHas'"]],
    ['bad notBefore', setWith([rule({ when: { notBefore: ':nope(' } })]), ["field 'when.notBefore'"]],
    [
      'bad minLinksToHeadings',
      setWith([rule({ when: { minLinksToHeadings: 1.5 } })]),
      ["field 'when.minLinksToHeadings'"],
    ],
    ['bad matches', setWith([rule({ when: { matches: 'p[' } })]), ["field 'when.matches'", 'CSS selector']],
    ['until off trim-edges', setWith([rule({ until: { minChars: 10 } })]), ["field 'until'", 'trim-edges']],
    [
      'bad until',
      setWith([rule({ action: 'trim-edges', until: { colour: 'red' } })]),
      ["field 'until.colour'", 'unknown condition'],
    ],
    [
      'DOM condition in until on a text rule',
      setWith([rule({ action: 'trim-edges', phase: 'text', selector: undefined, until: { matches: 'p' } })]),
      ["field 'until.matches'", 'text rules'],
    ],
    ['bad minChars', setWith([rule({ when: { minChars: -1 } })]), ["field 'when.minChars'", 'whole number']],
    ['bad maxChars', setWith([rule({ when: { maxChars: 1.5 } })]), ["field 'when.maxChars'"]],
    ['bad minLinkDensity', setWith([rule({ when: { minLinkDensity: 'half' } })]), ["field 'when.minLinkDensity'"]],
    ['bad maxLinkDensity', setWith([rule({ when: { maxLinkDensity: 2 } })]), ["field 'when.maxLinkDensity'"]],
    ['hasText without has', setWith([rule({ when: { hasText: 'ok' } })]), ["field 'when.hasText'", 'needs has']],
    [
      'DOM condition on a text rule',
      setWith([rule({ phase: 'text', selector: undefined, when: { has: 'a' } })]),
      ["rule 'test/rule'", "field 'when.has'", 'text rules'],
    ],
    ['duplicate id', setWith([rule({}), rule({})]), ["rule 'test/rule'", 'duplicate id']],
  ];
  for (const [name, data, expected] of cases) {
    it(name, () => {
      const message = validationError(data);
      expect(message.startsWith('rules/test.json: ')).toBe(true);
      for (const part of expected) expect(message).toContain(part);
    });
  }

  it('reports broken YAML and JSON with the file name', () => {
    expect(() => parseRuleSet('id: [unclosed', 'user.yaml')).toThrow(/^user\.yaml: not valid YAML/);
    expect(() => parseRuleSet('{"id": ', 'user.json')).toThrow(/^user\.json: not valid JSON/);
  });

  it('reads the same set from YAML and from JSON', () => {
    const data = setWith([rule({ when: { text: 'share', maxChars: 40 }, pick: 'innermost' })], {
      match: { hosts: ['example.com'], path: '^/news/' },
      disable: ['consent/text-banner'],
    });
    const yaml = [
      'id: test-set',
      'match: { hosts: [example.com], path: "^/news/" }',
      'disable: [consent/text-banner]',
      'rules:',
      '  - id: test/rule',
      '    phase: post',
      '    action: remove',
      '    selector: .x',
      `    why: ${WHY}`,
      '    pick: innermost',
      '    when: { text: share, maxChars: 40 }',
    ].join('\n');
    expect(parseRuleSet(yaml, 'a.yaml')).toEqual({ ...parseRuleSet(JSON.stringify(data), 'a.json'), source: 'a.yaml' });
  });

  it('accepts every built-in rule file', () => {
    expect(() => builtInRuleSets()).not.toThrow();
  });
});

describe('loading rule files', () => {
  it('reads a directory recursively, in sorted order, YAML and JSON only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'declutter-rules-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(setWith([rule({})], { id: 'b' })));
    writeFileSync(join(dir, 'a.yaml'), `id: a\nrules: []\n`);
    writeFileSync(join(dir, 'nested', 'c.yml'), `id: c\nrules: []\n`);
    writeFileSync(join(dir, 'notes.txt'), 'not a rule file');
    const sets = await loadRuleFiles([dir]);
    expect(sets.map((set) => set.id)).toEqual(['a', 'b', 'c']);
    expect(sets[1]?.source).toBe(join(dir, 'b.json'));
  });

  it('names a missing path and a bad file', async () => {
    await expect(loadRuleFiles(['/nonexistent/rules.yaml'])).rejects.toThrow(/\/nonexistent\/rules\.yaml: no such/);
    const dir = mkdtempSync(join(tmpdir(), 'declutter-rules-'));
    writeFileSync(join(dir, 'bad.yaml'), `id: bad\nrules:\n  - id: x\n    phase: post\n`);
    await expect(loadRuleFiles([dir])).rejects.toThrow(`${join(dir, 'bad.yaml')}: rule 'x': field 'action'`);
  });
});

/** A compiled set built from plain objects, standing in for a built-in file. */
function builtIn(id: string, rules: Record<string, unknown>[], extra: Partial<RuleSet> = {}) {
  const full = rules.map((r, index) => {
    const merged = rule({ id: `${id}/r${index}`, ...r });
    // `selector: undefined` in an override means "no selector" (text rules).
    return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as unknown as Rule;
  });
  return compileRuleSet({ source: `rules/${id}.yaml`, id, rules: full, ...extra });
}

function userSet(id: string, rules: Record<string, unknown>[], extra: Partial<RuleSet> = {}): RuleSet {
  return builtIn(id, rules, extra).set;
}

function selectedIds(url: string | undefined, builtIns: ReturnType<typeof builtIn>[], options = {}): string[] {
  const byPhase = selectRules(url, { userRules: [], disabledRules: [], ...options }, builtIns);
  return [...byPhase.pre, ...byPhase.post, ...byPhase.text].map((compiled) => compiled.rule.id);
}

describe('host matching', () => {
  const site = builtIn('site', [{}], { match: { hosts: ['example.com'] } });
  const wildcard = builtIn('wild', [{}], { match: { hosts: ['*.example.org'] } });
  const withPath = builtIn('path', [{}], { match: { hosts: ['example.net'], path: '^/news/' } });
  const all = [site, wildcard, withPath];

  it('matches a host and its subdomains, not look-alikes', () => {
    expect(selectedIds('https://example.com/a', all)).toEqual(['site/r0']);
    expect(selectedIds('https://www.EXAMPLE.com./a', all)).toEqual(['site/r0']);
    expect(selectedIds('https://badexample.com/a', all)).toEqual([]);
    expect(selectedIds('https://example.com.evil.test/a', all)).toEqual([]);
  });

  it('matches only subdomains for *.host', () => {
    expect(selectedIds('https://news.example.org/', all)).toEqual(['wild/r0']);
    expect(selectedIds('https://example.org/', all)).toEqual([]);
  });

  it('applies the path pattern to the path only', () => {
    expect(selectedIds('https://example.net/news/1', all)).toEqual(['path/r0']);
    expect(selectedIds('https://example.net/sport/1?x=/news/', all)).toEqual([]);
  });

  it('applies no site set without a usable URL', () => {
    expect(selectedIds(undefined, all)).toEqual([]);
    expect(selectedIds('not a url', all)).toEqual([]);
  });
});

describe('precedence', () => {
  const generic = builtIn('generic-set', [{ id: 'generic/a' }, { id: 'generic/b' }]);
  const site = builtIn('example.com', [{ id: 'site/a' }], {
    match: { hosts: ['example.com'] },
    disable: ['generic/b'],
  });
  const builtIns = [site, generic]; // file order must not matter: generic runs first
  const url = 'https://example.com/story';

  it('runs generic, then site, then user rules', () => {
    const user = userSet('mine', [{ id: 'user/a' }]);
    expect(selectedIds(url, builtIns, { userRules: [user] })).toEqual(['generic/a', 'site/a', 'user/a']);
  });

  it('lets a site set switch a generic rule off on its own host only', () => {
    expect(selectedIds(url, builtIns)).not.toContain('generic/b');
    expect(selectedIds('https://other.test/', builtIns)).toEqual(['generic/a', 'generic/b']);
  });

  it('switches rules off by rule id and by set id', () => {
    expect(selectedIds(url, builtIns, { disabledRules: ['generic/a'] })).toEqual(['site/a']);
    expect(selectedIds(url, builtIns, { disabledRules: ['example.com'] })).toEqual(['generic/a', 'generic/b']);
  });

  it('lets a user set replace a built-in set with the same id', () => {
    const replacement = userSet('generic-set', [{ id: 'generic/replaced' }]);
    expect(selectedIds(url, builtIns, { userRules: [replacement] })).toEqual(['site/a', 'generic/replaced']);
  });

  it("honours a user set's disable list", () => {
    const user = userSet('mine', [], { disable: ['site/a'] });
    expect(selectedIds(url, builtIns, { userRules: [user] })).toEqual(['generic/a']);
  });

  it('groups rules by phase', () => {
    const mixed = builtIn('mixed', [
      { id: 'm/text', phase: 'text' },
      { id: 'm/pre', phase: 'pre' },
    ]);
    const byPhase = selectRules(undefined, { userRules: [], disabledRules: [] }, [mixed]);
    expect(byPhase.pre.map((r) => r.rule.id)).toEqual(['m/pre']);
    expect(byPhase.post).toEqual([]);
    expect(byPhase.text.map((r) => r.rule.id)).toEqual(['m/text']);
  });
});

/** Compiles one rule from a plain object. */
function compiled(overrides: Record<string, unknown>): CompiledRule {
  const set = parseRuleSet(JSON.stringify(setWith([rule(overrides)])), 'test.json');
  const first = compileRuleSet(set).rules[0];
  if (!first) throw new Error('no rule');
  return first;
}

function body(html: string): Element {
  return new JSDOM(`<!doctype html><body>${html}</body>`).window.document.body;
}

function runDom(html: string, overrides: Record<string, unknown>): { html: string; changed: string[] } {
  const root = body(html);
  const changed: string[] = [];
  const r = compiled(overrides);
  actionFor(r.rule.action).applyToDom?.(root, r, ({ element }) => changed.push(element?.outerHTML ?? ''));
  return { html: root.innerHTML, changed };
}

function runText(paragraphs: string[], overrides: Record<string, unknown>): { kept: string[]; changed: string[] } {
  const changed: string[] = [];
  const r = compiled({ ...overrides, phase: 'text', selector: undefined });
  const apply = actionFor(r.rule.action).applyToText;
  if (!apply) throw new Error(`${r.rule.action} has no text phase`);
  return { kept: apply(paragraphs, r, ({ text }) => changed.push(text ?? '')), changed };
}

describe('actions', () => {
  it('remove deletes outermost matches in pre and post, never the root', () => {
    for (const phase of ['pre', 'post']) {
      const result = runDom('<div class="x"><p class="x">a</p></div><p>keep</p>', { phase, selector: '.x' });
      expect(result.html).toBe('<p>keep</p>');
      expect(result.changed).toHaveLength(1);
    }
    const root = body('<p>keep</p>');
    root.className = 'x';
    const r = compiled({ selector: '.x' });
    actionFor('remove').applyToDom?.(root, r, () => undefined);
    expect(root.isConnected).toBe(true);
  });

  it('remove deletes matching paragraphs in the text phase', () => {
    const result = runText(['Keep this.', 'Share on Facebook', 'And this.'], { when: { text: '^share on' } });
    expect(result.kept).toEqual(['Keep this.', 'And this.']);
    expect(result.changed).toEqual(['Share on Facebook']);
  });

  it('unwrap keeps the children and drops the wrapper, pre and post', () => {
    for (const phase of ['pre', 'post']) {
      const result = runDom('<div class="x"><p>a</p><p>b</p></div>', { phase, action: 'unwrap' });
      expect(result.html).toBe('<p>a</p><p>b</p>');
    }
  });

  it('drop-from-here-on removes the first match and everything after it', () => {
    const result = runDom('<div><p>one</p><h2 class="x">Related</h2><p>r1</p></div><p>r2</p>', {
      action: 'drop-from-here-on',
    });
    expect(result.html).toBe('<div><p>one</p></div>');
    expect(result.changed.length).toBe(3);
    const text = runText(['one', 'two', 'Read more', 'r1', 'r2'], {
      action: 'drop-from-here-on',
      when: { text: '^read more$' },
    });
    expect(text.kept).toEqual(['one', 'two']);
    expect(text.changed).toEqual(['Read more', 'r1', 'r2']);
  });

  it('drop-from-here-on does nothing without a match', () => {
    expect(runText(['a', 'b'], { action: 'drop-from-here-on', when: { text: 'zzz' } }).kept).toEqual(['a', 'b']);
    expect(runDom('<p>a</p>', { action: 'drop-from-here-on' }).html).toBe('<p>a</p>');
  });

  it('dedupe keeps the first of equal texts, exactly or nearly', () => {
    const html = '<p class="x">A cat. /VCG</p><p class="x">A cat. /VCG</p><p class="x">a cat /vcg</p>';
    expect(runDom(html, { action: 'dedupe' }).html).toBe('<p class="x">A cat. /VCG</p><p class="x">a cat /vcg</p>');
    expect(runDom(html, { action: 'dedupe', similarity: 'near' }).html).toBe('<p class="x">A cat. /VCG</p>');
    const text = runText(['A cat. /VCG', 'A cat.', 'Body text.'], { action: 'dedupe', similarity: 'near' });
    expect(text.kept).toEqual(['A cat. /VCG', 'Body text.']);
  });

  it('unhide removes aria-hidden and inert from matches, never what hidden or display:none hide', () => {
    const result = runDom(
      '<div class="x" aria-hidden="true" inert=""><p>the page</p></div><span aria-hidden="true">icon</span>' +
        '<nav class="x" aria-hidden="true" hidden=""><a>a closed menu</a></nav>' +
        '<div class="x" aria-hidden="true" style="display: none"><p>a template</p></div>',
      { phase: 'pre', action: 'unhide', selector: '[aria-hidden]', when: { minChars: 5 } },
    );
    expect(result.html).toBe(
      '<div class="x"><p>the page</p></div><span aria-hidden="true">icon</span>' +
        '<nav class="x" aria-hidden="true" hidden=""><a>a closed menu</a></nav>' +
        '<div class="x" aria-hidden="true" style="display: none"><p>a template</p></div>',
    );
    expect(result.changed).toHaveLength(1);
  });

  it('every action declares the phases it implements', () => {
    for (const name of ['remove', 'unwrap', 'drop-from-here-on', 'dedupe', 'unhide'] as const) {
      const action = actionFor(name);
      expect(action.phases.includes('text')).toBe(action.applyToText !== undefined);
      expect(action.phases.some((phase) => phase !== 'text')).toBe(action.applyToDom !== undefined);
    }
  });
});

describe('conditions', () => {
  it('text, notText and length bounds', () => {
    const html = '<p class="x">Share this</p><p class="x">Share nothing at all here</p><p class="x">Shared</p>';
    expect(runDom(html, { when: { text: '^share', notText: 'nothing', maxChars: 10 } }).html).toBe(
      '<p class="x">Share nothing at all here</p>',
    );
    expect(runDom(html, { when: { minChars: 11 } }).html).toBe('<p class="x">Share this</p><p class="x">Shared</p>');
  });

  it('link density', () => {
    const html = '<ul class="x"><li><a>one</a></li></ul><ul class="x"><li>plain</li></ul>';
    expect(runDom(html, { when: { minLinkDensity: 0.5 } }).html).toBe('<ul class="x"><li>plain</li></ul>');
    expect(runDom(html, { when: { maxLinkDensity: 0.5 } }).html).toBe('<ul class="x"><li><a>one</a></li></ul>');
  });

  it('has, hasText and notHas', () => {
    const html =
      '<div class="x">We use cookies <button>Accept</button></div>' +
      '<div class="x">We use cookies <button>Subscribe</button></div>' +
      '<div class="x"><article>We use cookies <button>Accept</button></article></div>';
    const result = runDom(html, { when: { has: 'button', hasText: '^accept$', notHas: 'article' } });
    expect(result.changed).toEqual(['<div class="x">We use cookies <button>Accept</button></div>']);
  });

  it('matches tests the element itself', () => {
    const html = '<p class="x">Short line</p><h2 class="x">Short line</h2>';
    expect(runDom(html, { when: { matches: 'h2' } }).html).toBe('<p class="x">Short line</p>');
  });

  it('notBefore looks at the next sibling element and inside it', () => {
    const html =
      '<p class="x">Photos:</p><p><img src="a.jpg"></p><p class="x">Contact:</p><p>Jane Doe</p>' +
      '<p class="x">More:</p><img src="b.jpg"><p class="x">Sources:</p>';
    expect(runDom(html, { when: { notBefore: 'img' } }).changed).toEqual([
      '<p class="x">Contact:</p>',
      '<p class="x">Sources:</p>',
    ]);
  });

  it('minLinksToHeadings: every link jumps to a heading elsewhere on the page, at least that many', () => {
    const sections =
      '<h2 id="a">A</h2><p>x</p><h2><span id="b">B</span></h2><p>x</p><a id="c"></a><h3>C</h3><p>x</p>' +
      '<div id="panel"><p>No heading here</p></div><p id="para">Text <sup id="r1">1</sup></p>';
    const when = { minLinksToHeadings: 3 };
    const toc = '<ul class="x"><li><a href="#a">A</a></li><li><a href="#b">B</a></li><li><a href="#c">C</a></li></ul>';
    expect(runDom(toc + sections, { when }).changed).toEqual([toc]);
    // A section the extraction left out is passed over; "#" toggles are controls, not links.
    const withGone =
      '<ul class="x"><li><a href="#">hide</a></li><li><a href="#a">A</a></li><li><a href="#b">B</a></li><li><a href="#c">C</a></li><li><a href="#gone">D</a></li></ul>';
    expect(runDom(withGone + sections, { when }).changed).toHaveLength(1);
    const notToc = [
      // Too few.
      '<ul class="x"><li><a href="#a">A</a></li><li><a href="#b">B</a></li></ul>',
      // One link leaves the page.
      '<ul class="x"><li><a href="#a">A</a></li><li><a href="#b">B</a></li><li><a href="#c">C</a></li><li><a href="https://elsewhere.example/">E</a></li></ul>',
      // A tab bar over panels without headings, footnote back-links to the text.
      '<ul class="x"><li><a href="#a">A</a></li><li><a href="#b">B</a></li><li><a href="#panel">P</a></li></ul>',
      '<ol class="x"><li><a href="#r1">^</a> One</li><li><a href="#r1">^</a> Two</li><li><a href="#r1">^</a> Three</li></ol>',
    ];
    for (const html of notToc) expect(runDom(html + sections, { when }).changed).toEqual([]);
  });

  it('adjacentText looks at the sibling elements, or the neighbouring paragraphs', () => {
    const html =
      '<p class="x">I agree</p><p>We use cookies.</p><p class="x">I agree</p><p>Body.</p><p class="x">I agree</p>';
    expect(runDom(html, { when: { adjacentText: 'cookies' } }).changed).toHaveLength(2);
    const text = runText(['I agree', 'We use cookies.', 'Body.', 'I agree'], {
      when: { text: '^i agree$', adjacentText: 'cookies' },
    });
    expect(text.kept).toEqual(['We use cookies.', 'Body.', 'I agree']);
  });

  it('in a text remove rule, adjacency chains through the lines the rule removes, and only to a match', () => {
    const when = { text: '^(i agree|settings|reject)$', adjacentText: 'cookies' };
    const group = runText(['We use cookies.', 'I agree', 'Settings', 'Reject', 'Body.', 'Settings'], { when });
    expect(group.kept).toEqual(['We use cookies.', 'Body.', 'Settings']);
    expect(group.changed).toEqual(['I agree', 'Settings', 'Reject']);
    // A run of answer lines next to nothing that matches stays whole.
    expect(runText(['Body.', 'I agree', 'Settings', 'Body again.'], { when }).changed).toEqual([]);
  });

  it('works in document order even when the selector engine returns a list group by group', () => {
    // jsdom returns `p:not(li *), div:not(li *)` as all the p matches, then all the div matches.
    const html = '<div class="x"><p>Same caption here</p></div><p>Same caption here</p>';
    const innermost = runDom(html, {
      selector: 'p:not(li *), div:not(li *)',
      pick: 'innermost',
      when: { minChars: 5 },
    });
    expect(innermost.changed).toEqual(['<p>Same caption here</p>', '<p>Same caption here</p>']);
    const deduped = runDom(html, { action: 'dedupe', selector: 'p:not(li *), div:not(li *)' });
    expect(deduped.html).toBe('<div class="x"><p>Same caption here</p></div>');
  });

  it('pick: innermost acts on the smallest element meeting the conditions', () => {
    const html = '<div class="x" id="outer"><div class="x" id="inner">cookies <a>OK</a></div><p>Article</p></div>';
    const when = { text: 'cookies', has: 'a' };
    expect(runDom(html, { selector: 'div', when }).html).toBe('');
    expect(runDom(html, { selector: 'div', when, pick: 'innermost' }).html).toBe(
      '<div class="x" id="outer"><p>Article</p></div>',
    );
  });
});

function contextFor(url: string | undefined, userRules: RuleSet[]): PipelineContext {
  const disabledRules = builtInRuleSets().map((compiledSet) => compiledSet.set.id); // user rules only
  return {
    options: resolveOptions({ ...(url ? { url } : {}), userRules, disabledRules }),
    baseUrl: url,
    trace: [],
    timings: {},
    warnings: [],
  };
}

describe('the trace', () => {
  const long = 'word '.repeat(40).trim();
  const set = userSet('mine', [
    { id: 'mine/remove', phase: 'pre', selector: '.ad' },
    { id: 'mine/text', phase: 'text', selector: undefined, when: { text: '^word' } },
  ]);

  it('records rule id, phase, action, selector and the first words', () => {
    const ctx = contextFor('https://example.com/', [set]);
    const root = body(`<div class="ad">${long}</div><p>kept</p>`);
    applyDomRules(root, 'pre', ctx);
    expect(ctx.trace).toEqual<TraceEntry[]>([
      {
        ruleId: 'mine/remove',
        phase: 'pre',
        action: 'remove',
        selector: '.ad',
        preview: `${long.slice(0, 79)}…`,
      },
    ]);
    expect(applyTextRules(['word one', 'other'], ctx)).toEqual(['other']);
    expect(ctx.trace[1]).toEqual({ ruleId: 'mine/text', phase: 'text', action: 'remove', preview: 'word one' });
  });

  it('names the selector of a list that matched', () => {
    const list = userSet('list', [{ id: 'list/remove', phase: 'pre', selector: '#absent, .promo, aside' }]);
    const ctx = contextFor(undefined, [list]);
    applyDomRules(body('<aside>Side</aside><p class="promo">Buy</p>'), 'pre', ctx);
    expect(ctx.trace.map((entry) => entry.selector)).toEqual(['aside', '.promo']);
  });

  it('selects again when the base URL changes within a run', () => {
    const site = userSet('site', [{ id: 'site/only', phase: 'pre', selector: '.ad' }], {
      match: { hosts: ['example.com'] },
    });
    const ctx = contextFor(undefined, [site]);
    const root = body('<div class="ad">gone</div>');
    applyDomRules(root, 'pre', ctx);
    expect(ctx.trace).toHaveLength(0);
    ctx.baseUrl = 'https://example.com/';
    applyDomRules(root, 'pre', ctx);
    expect(ctx.trace.map((entry) => entry.ruleId)).toEqual(['site/only']);
  });

  it('comes back from declutter(), and stays empty with rules off', () => {
    const html =
      '<html><head><title>T</title></head><body><article><h1>T</h1>' +
      '<p>First paragraph of a story long enough to count as an article body for extraction.</p>' +
      '<p class="promo">Subscribe to our newsletter today.</p>' +
      '<p>Second paragraph with more words, so that the article is plainly the main content here.</p>' +
      '</article></body></html>';
    const user = userSet('mine', [{ id: 'mine/promo', phase: 'post', selector: '.promo' }]);
    const withRules = declutter(html, { userRules: [user] });
    expect(withRules.markdown).not.toContain('Subscribe');
    expect(withRules.trace.map((entry) => entry.ruleId)).toContain('mine/promo');
    const plain = declutter(html, { userRules: [user], rules: false });
    expect(plain.markdown).toContain('Subscribe');
    expect(plain.trace).toEqual([]);
  });
});

describe('the selector pre-check', () => {
  const page = body(
    '<div id="CookieBanner" class="cc-window Cookie-Bar" data-testid="cookie-consent-modal" aria-describedby="cookieconsent:desc">' +
      '<p>We use cookies</p><custom-box role="dialog"></custom-box></div><a href="https://policies.example/cookies">x</a>',
  );
  const selectors = [
    '#CookieBanner',
    '#cookiebanner',
    '.cookie-bar',
    'div.cc-window > p',
    'div:not(.absent) p',
    '[data-testid=cookie-consent-modal]',
    "[data-testid^='cookie-consent']",
    '[aria-describedby="cookieconsent:desc"].cc-window',
    'a[href*="policies.example"]',
    'custom-box[role=dialog]',
    'div[class*="Cookie-B"]',
    'section.cc-window',
    '#absent',
    '.absent p',
    '[data-testid=other]',
    'a[href*="elsewhere"]',
  ];

  it('keeps every selector that matches and drops those that cannot', () => {
    const index = indexTokens(page);
    for (const selector of selectors) {
      const kept = applicableSelector(selectorParts(selector), index) !== undefined;
      const matches = page.querySelector(selector) !== null;
      if (matches) expect(kept, selector).toBe(true);
    }
    const dropped = selectors.filter((selector) => applicableSelector(selectorParts(selector), index) === undefined);
    expect(dropped).toEqual([
      'section.cc-window',
      '#absent',
      '.absent p',
      '[data-testid=other]',
      'a[href*="elsewhere"]',
    ]);
  });

  it('splits lists on top-level commas only and restricts them to what may match', () => {
    const parts = selectorParts('#absent, div:is(.a, .b), [title="x, y"], p');
    expect(parts.map((part) => part.source)).toEqual(['#absent', 'div:is(.a, .b)', '[title="x, y"]', 'p']);
    expect(applicableSelector(parts, indexTokens(page))).toBe('div:is(.a, .b), p');
  });
});

describe('normalisedText: read once per element, read again after a change below it', () => {
  const element = (html: string): Element => {
    const root = new JSDOM(`<div>${html}</div>`).window.document.querySelector('div');
    if (!root) throw new Error('fixture');
    return root;
  };

  it('follows insertions, removals and moves anywhere in the subtree', () => {
    const root = element('<section><p>one  two</p></section>');
    expect(normalisedText(root)).toBe('one two');
    const paragraph = root.querySelector('p');
    if (!paragraph) throw new Error('fixture');
    paragraph.append(' three');
    expect(normalisedText(root)).toBe('one two three');
    expect(normalisedText(paragraph)).toBe('one two three');
    paragraph.firstChild?.remove();
    expect(normalisedText(root)).toBe('three');
    const other = element('<b>moved</b>');
    const moved = other.querySelector('b');
    if (!moved) throw new Error('fixture');
    expect(normalisedText(moved)).toBe('moved');
    paragraph.append(' ', moved);
    expect(normalisedText(root)).toBe('three moved');
    expect(normalisedText(other)).toBe('');
    expect(normalisedText(moved)).toBe('moved');
  });

  it('forgets everything at the start of a phase (Readability may change text in place between phases)', () => {
    const root = element('<p>before</p>');
    expect(normalisedText(root)).toBe('before');
    const text = root.querySelector('p')?.firstChild;
    if (!text) throw new Error('fixture');
    text.textContent = 'after'; // in place: no version change
    forgetTexts();
    expect(normalisedText(root)).toBe('after');
  });
});
