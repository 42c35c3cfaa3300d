// Full-Text RSS site configs: the reader, host matching, precedence, the XPath plans, and the fixtures'
// directives (each one changes its fixture's output; body and the strip guard trace how they turned out).

import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';
import { parseRuleSet } from '../src/rules/load-rules.js';
import { findUnknownIds } from '../src/rules/rule-catalogue.js';
import { selectRules } from '../src/rules/select-rules.js';
import { familyOf } from '../src/report/families.js';
import { evaluateNodes, withoutCaseFlags } from '../src/rules/xpath/evaluate-xpath.js';
import { isValidXPath } from '../src/rules/xpath/check-xpath.js';
import { planNodes } from '../src/rules/xpath/plan-xpath.js';
import { builtInSiteConfigNames, builtInSiteSetFor, loadBuiltInSiteSet } from '../src/sites/built-in-sites.js';
import { looksLikeSiteConfig, parseSiteConfig, siteConfigHost } from '../src/sites/parse-site-config.js';
import { siteConfigCandidates } from '../src/sites/site-hosts.js';
import { discoverFixtures, fixtureOptions } from './support/fixtures.js';

const checks = { isValidXPath };

describe('site config reader', () => {
  const text = [
    '# comment',
    'body: //div[@id="story"]',
    'body: //article',
    'strip: //div[@class="promo"]',
    'strip_id_or_class: share',
    "strip_image_src: 'pixel'",
    'dissolve: //a[@class="zoom"]',
    'strip_attr: //img/@srcset',
    'title: //h1',
    'author: //span[@class="by"]',
    'date: //time/@datetime',
    'find_string: <br><br>',
    'replace_string: </p><p>',
    'replace_string(<noscript>): <div>',
    'prune: no',
    'tidy: no',
    'strip: //div[',
    'next_page_link: //a[@rel="next"]',
    'test_url: https://example.com/a',
    'test_contains: Some text',
    'what is this',
  ].join('\n');
  const set = parseSiteConfig(text, 'rules/example.com.txt', checks);

  it('turns the DOM directives into pre rules named site/<host>/<directive>', () => {
    expect(set.id).toBe('site/example.com');
    expect(set.rules.map((rule) => [rule.id, rule.action])).toEqual([
      ['site/example.com/strip', 'remove'],
      ['site/example.com/strip_id_or_class', 'remove'],
      ['site/example.com/strip_image_src', 'remove'],
      ['site/example.com/dissolve', 'unwrap'],
      ['site/example.com/strip_attr', 'remove-attribute'],
    ]);
    expect(set.rules[0]?.xpath).toEqual(['//div[@class="promo"]']);
    expect(set.rules[1]?.selector).toBe('[class*="share" s], [id*="share" s]');
    // Quotes dropped, as Full-Text RSS drops them.
    expect(set.rules[2]?.selector).toBe('img[src*="pixel" s]');
  });

  it('keeps the rest on the set, in file order, with lines', () => {
    const site = set.site;
    expect(site?.body).toEqual([
      { xpath: '//div[@id="story"]', line: 2 },
      { xpath: '//article', line: 3 },
    ]);
    expect(site?.title?.[0]?.xpath).toBe('//h1');
    expect(site?.date?.[0]?.xpath).toBe('//time/@datetime');
    expect(site?.prune).toBe(false);
    expect(site?.replace).toEqual([
      { find: '<br><br>', replace: '</p><p>', line: 12 },
      { find: '<noscript>', replace: '<div>', line: 14 },
    ]);
    expect(site?.nextPageLink?.[0]?.line).toBe(18);
    expect(site?.tests).toEqual([{ url: 'https://example.com/a', contains: ['Some text'], line: 19 }]);
  });

  it('lists what it ignores with line and reason (rules check prints them)', () => {
    expect(set.site?.ignored?.map(({ directive, line }) => [directive, line])).toEqual([
      ['tidy', 16],
      ['strip', 17],
      ['what is this', 21],
    ]);
    expect(set.site?.ignored?.[1]?.reason).toMatch(/XPath/);
  });

  it('rejects calls jsdom only fails on when a page reaches them: a wrong argument count, an unknown function', () => {
    // Upstream lines like these (faz.net.txt, polygon.com.txt) pass on an empty page, where the predicate
    // never runs, and then throw on every article page: rules check must name them.
    for (const expression of [
      "//article[contains(@class='article')]//div",
      "//div[contains(@class='c-entry-content')]",
      "//div[contain(@class, 'body')]",
      '//p[substring(., 1, 2, 3)]',
      '//p[not()]',
    ])
      expect(isValidXPath(expression), expression).toBe(false);
    for (const expression of [
      "//div[contains(concat(' ',normalize-space(@class),' '),' x ')]",
      '//p[string-length() > 3 and substring(., 2) and not(@id)]',
      "(//div[@id='a'])[last()] | //article[position() = 1]",
      "//h1[count(.//a) = 0 and translate(@class, 'ABC', 'abc') = 'x' and round(1.5) = 2]",
    ])
      expect(isValidXPath(expression), expression).toBe(true);
    const faz = parseSiteConfig(
      "body: //article[contains(@class='article')]//div\nbody: //article\n",
      'faz.net.txt',
      checks,
    );
    expect(faz.site?.body?.map(({ line }) => line)).toEqual([2]);
    expect(faz.site?.ignored?.map(({ directive, line }) => [directive, line])).toEqual([['body', 1]]);
  });

  it('names configs after hosts, and tells site configs from YAML by content', () => {
    expect(siteConfigHost('rules/.example.co.uk.txt')).toBe('.example.co.uk');
    expect(siteConfigHost('LICENSE.txt')).toBeUndefined();
    expect(() => parseSiteConfig('body: //p', 'notes.txt', checks)).toThrow(/named after its host/);
    expect(looksLikeSiteConfig('body: //article\nstrip: //nav\n')).toBe(true);
    expect(looksLikeSiteConfig('id: x\nrules:\n  - id: y\n')).toBe(false);
    // parseRuleSet picks the reader by extension.
    expect(parseRuleSet('body: //article\n', 'example.org.txt').site?.host).toBe('example.org');
  });
});

describe('host matching (the set README)', () => {
  it('example.com.txt serves example.com and www; .example.com.txt the other subdomains', () => {
    expect(siteConfigCandidates('www.example.com')).toEqual(['www.example.com', 'example.com']);
    expect(siteConfigCandidates('example.com')).toEqual(['example.com']);
    expect(siteConfigCandidates('news.example.com')).toEqual(['news.example.com', '.example.com']);
    expect(siteConfigCandidates('a.b.example.com')).toEqual(['a.b.example.com', '.b.example.com', '.example.com']);
  });

  it('finds built-in configs through the index, and nothing for a host without one', () => {
    expect(builtInSiteConfigNames().size).toBeGreaterThan(1900);
    expect(builtInSiteSetFor('www.theguardian.com')?.set.id).toBe('site/theguardian.com');
    expect(builtInSiteSetFor('www.no-such-site.example')).toBeUndefined();
    // .blogspot.com.txt serves subdomains only.
    expect(builtInSiteSetFor('someone.blogspot.com')?.set.id).toBe('site/.blogspot.com');
    expect(builtInSiteSetFor('blogspot.com')).toBeUndefined();
  });

  it('reads every built-in config', () => {
    for (const name of builtInSiteConfigNames()) expect(loadBuiltInSiteSet(name), name).toBeDefined();
  });
});

describe('precedence (select-rules.ts)', () => {
  const url = 'https://www.theguardian.com/world/2025/a';
  const base = { userRules: [], disabledRules: [] };

  it('selects the built-in config, unless site rules are off or it is disabled by id', () => {
    expect(selectRules(url, base).site?.id).toBe('site/theguardian.com');
    expect(selectRules(url, { ...base, siteRules: false }).site).toBeUndefined();
    expect(selectRules(url, { ...base, disabledRules: ['site/theguardian.com'] }).site).toBeUndefined();
    const selected = selectRules(url, base);
    expect(selected.pre.some((rule) => rule.setId === 'site/theguardian.com')).toBe(true);
  });

  it('a directive can be switched off by its id', () => {
    const selected = selectRules(url, { ...base, disabledRules: ['site/theguardian.com/body'] });
    expect(selected.site?.directives.body).toBeUndefined();
  });

  it('--disable-rule takes the configs, their directives and the site group; an unknown host is refused', async () => {
    const ids = ['site', 'site/theguardian.com', 'site/theguardian.com/body', 'site/theguardian.com/strip'];
    expect(await findUnknownIds(ids, [])).toEqual([]);
    const unknown = await findUnknownIds(['site/no-such-host.example', 'site/theguardian.com/bogus'], []);
    expect(unknown.map(({ id }) => id)).toEqual(['site/no-such-host.example', 'site/theguardian.com/bogus']);
    // A user's config names its own host.
    const user = parseRuleSet('body: //main\n', 'mine.example.txt');
    expect(await findUnknownIds(['site/mine.example/body'], [user])).toEqual([]);
  });

  it("a user's config for the host replaces the built-in one; user YAML layers on top", () => {
    const user = parseRuleSet('body: //main\n', 'theguardian.com.txt');
    const yaml = parseRuleSet(
      'id: my-guardian\nmatch:\n  hosts: [theguardian.com]\nrules:\n  - id: my-guardian/x\n    phase: pre\n    action: remove\n    why: a test rule layered over the site config\n    selector: .x\n',
      'mine.yaml',
    );
    const selected = selectRules(url, { ...base, userRules: [user, yaml] });
    expect(selected.site?.set).toBe(user);
    expect(selected.pre.some((rule) => rule.setId === 'site/theguardian.com' && rule.rule.id.endsWith('/strip'))).toBe(
      false,
    );
    expect(selected.pre.at(-1)?.rule.id).toBe('my-guardian/x');
  });
});

describe('XPath plans select what document.evaluate selects', () => {
  // Every strip, dissolve and body expression of the built-in set, on one page that has the structures
  // they name most often; a sample keeps it cheap (document.evaluate is the slow side).
  const page = new JSDOM(
    `<!DOCTYPE html><html><body><div id="main" class="content main-content"><article class="post entry">
     <h1 class="title">T</h1><div class="entry-content story-body" itemprop="articleBody"><p>a</p>
     <div class="share social">s</div><figure><a href="/x"><img src="/a.jpg" srcset="/b.jpg 2x"></a></figure>
     <aside class="related"><ul><li><a href="/y">y</a></li></ul></aside><p class="caption">c</p></div>
     <section id="comments" class="comments"><p>c</p></section></article>
     <nav class="nav"><a href="/next" rel="next">Next</a></nav><footer id="footer"><span>f</span></footer></div>
     </body></html>`,
  ).window.document;
  const expressions = [...builtInSiteConfigNames()]
    .flatMap((name) => {
      const set = loadBuiltInSiteSet(name)?.set;
      return [
        ...(set?.rules.flatMap((rule) => rule.xpath ?? []) ?? []),
        ...(set?.site?.body ?? []).map((l) => l.xpath),
      ];
    })
    .filter((expression, index, all) => all.indexOf(expression) === index);
  const sample = expressions.filter((_, index) => index % 7 === 0);

  it(`agrees on ${sample.length} of the set's ${expressions.length} expressions`, () => {
    const disagreeing: string[] = [];
    for (const expression of sample) {
      let expected: Node[];
      try {
        const result = page.evaluate(expression, page, null, 7, null);
        expected = Array.from({ length: result.snapshotLength }, (_, index) => result.snapshotItem(index) as Node);
      } catch {
        expected = [];
      }
      const actual = evaluateNodes(planNodes(expression), page.documentElement);
      if (actual.length !== expected.length || actual.some((node, index) => node !== expected[index])) {
        disagreeing.push(expression);
      }
    }
    expect(disagreeing).toEqual([]);
  });
});

describe('XPath left to document.evaluate', () => {
  const page = new JSDOM(
    `<!DOCTYPE html><html><body><div class="Box _newsletter_x">
     <p class="caption">Photo <a href="/p">More <b>Photos</b></a></p><span>Image</span></div></body></html>`,
  ).window.document;
  const root = page.documentElement;
  const select = (expression: string): string[] =>
    evaluateNodes(planNodes(expression), root).map((node) => (node as Element).localName ?? node.nodeName);

  it('skips the page only when it lacks an element or text every result needs', () => {
    // Each goes to jsdom's engine (no exact selector), each with a necessary condition the page meets…
    const met = [
      "//div[contains(concat(' ', normalize-space(@class), ' '), ' _newsletter_')]",
      "//p[@class='caption']//a[contains(., 'More Photos')]",
      "//span[.='Image' or .='Video']",
    ];
    for (const expression of met) {
      expect(planNodes(expression).kind, expression).toBe('evaluate');
      expect(select(expression), expression).toHaveLength(1);
    }
    // …and the same shapes the page cannot satisfy: nothing, without asking jsdom.
    const unmet = [
      "//div[contains(concat(' ', normalize-space(@class), ' '), ' _cards_')]",
      "//p[@class='caption']//a[contains(., 'More Videos')]",
      "//a[contains(text(), 'Subscribe')]",
    ];
    for (const expression of unmet) {
      const plan = planNodes(expression);
      expect(plan.kind === 'evaluate' && plan.needs !== undefined, expression).toBe(true);
      expect(select(expression), expression).toEqual([]);
    }
  });

  it('compares attribute values case-sensitively even when searching without the flag first', () => {
    expect(withoutCaseFlags('div[class*="a s]" s], p[id="x" s]')).toBe('div[class*="a s]"], p[id="x"]');
    expect(select("//div[contains(@class, 'Box')]")).toEqual(['div']);
    expect(select("//div[contains(@class, 'box')]")).toEqual([]);
  });
});

describe('the body stale check', () => {
  const sentence = (n: number): string =>
    `Sentence ${n} of the story says what the council decided about the harbour and why the fishermen agreed to it. `;
  const menu = Array.from(
    { length: 60 },
    (_, n) => `<li><a href="/section-${n}">Section number ${n} of the site</a></li>`,
  );
  const page =
    `<html><head><title>Harbour story</title></head><body>` +
    `<div class="site-header"><ul class="menu">${menu.join('')}</ul></div>` +
    `<div id="story"><p>${[1, 2, 3, 4, 5].map(sentence).join('')}</p><p>${[6, 7, 8, 9, 10].map(sentence).join('')}</p></div>` +
    `<div class="site-footer"><ul>${menu.join('')}</ul></div></body></html>`;
  const config = parseRuleSet('body: //div[@id="story"]\n', 'harbour-news.example.txt');

  it('takes a container holding most of what Readability could read without a second Readability run', () => {
    const result = declutter(page, { url: 'https://harbour-news.example/story', userRules: [config] });
    const body = result.trace.find((entry) => entry.ruleId === 'site/harbour-news.example/body');
    expect(body?.outcome).toBe('used');
    // The page's menus hold most of its text; the bound leaves them out, so the check needs no whole-page run.
    expect(body?.preview).toMatch(/characters of the page's \d+$/);
    expect(result.markdown).toContain('Sentence 10 of the story');
    expect(result.markdown).not.toContain('Section number');
  });
});

describe('site config fixtures', () => {
  const fixtures = discoverFixtures().filter((fixture) => fixture.meta.siteConfig !== undefined);

  it('has one per directive and the stale cases', () => {
    const directives = new Set(fixtures.flatMap((fixture) => fixture.meta.siteDirectives ?? []));
    for (const directive of [
      'body',
      'strip',
      'strip_id_or_class',
      'strip_image_src',
      'dissolve',
      'strip_attr',
      'replace_string',
      'title',
      'author',
      'date',
      'prune',
    ]) {
      expect(directives.has(directive), directive).toBe(true);
    }
    expect(fixtures.filter((fixture) => fixture.meta.siteOutcome === 'stale').length).toBeGreaterThanOrEqual(2);
  });

  for (const fixture of fixtures) {
    const host = (fixture.meta.siteConfig ?? '').replace(/\.txt$/, '');
    const run = (disabledRules: string[] = []) =>
      declutter(readFileSync(fixture.sourcePath), { ...fixtureOptions(fixture), disabledRules });

    it(`${fixture.id}: each directive changes the output`, () => {
      const withAll = run();
      for (const directive of fixture.meta.siteDirectives ?? []) {
        const without = run([`site/${host}/${directive}`]);
        const changed =
          without.markdown !== withAll.markdown ||
          JSON.stringify(without.metadata) !== JSON.stringify(withAll.metadata);
        expect(changed, `switching off site/${host}/${directive} changes nothing`).toBe(true);
        expect(withAll.trace.some((entry) => entry.ruleId === `site/${host}/${directive}`)).toBe(true);
      }
      // Every site-config entry names its set, so the report shows it in the "site rules" family.
      for (const entry of withAll.trace.filter((traced) => traced.ruleId.startsWith(`site/${host}/`))) {
        expect(entry.site, entry.ruleId).toBe(`site/${host}`);
        expect(familyOf(entry).key).toBe('site');
      }
    });

    if (fixture.meta.siteOutcome !== undefined) {
      it(`${fixture.id}: traced as ${fixture.meta.siteOutcome}`, () => {
        const outcomes = run()
          .trace.filter((entry) => entry.outcome !== undefined)
          .map((entry) => entry.outcome);
        expect(outcomes).toContain(fixture.meta.siteOutcome);
      });
    }
  }
});
