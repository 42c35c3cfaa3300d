// The HTML report (library side): every trace entry is marked on the page or listed, from the trace's paths; the
// page is rewritten inert (allowlisted tags and attributes only, one hashed script and stylesheet, a strict CSP).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { declutter, DeclutterError } from '../src/index.js';
import { REPORT_SCRIPT, REPORT_STYLE } from '../src/report/assets.js';
import { buildBatchIndex } from '../src/report/batch-index.js';
import { FAMILIES, familyOf } from '../src/report/families.js';
import type { RuleSet } from '../src/rules/rule-types.js';
import { discoverFixtures, fixtureOptions } from './support/fixtures.js';
import { proseParagraphs } from './support/hostile-pages.js';
import { plantActiveContent } from './support/planted-page.js';

const PROBE = 'http://127.0.0.1:9/probe';
const CGTN = discoverFixtures().find((fixture) => fixture.id === 'sites/cgtn.com/article');

// What the page pane may hold: the tags and attributes the rewrite writes, nothing of the page's own.
const PAGE_TAGS = new Set(
  (
    'div span p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr td th caption colgroup col blockquote ' +
    'pre code kbd samp var em strong b i u s small sub sup mark abbr cite q dfn time data br hr wbr figure figcaption ' +
    'header footer nav aside section article main address ins del bdi bdo ruby rt rp a'
  ).split(' '),
);
const PAGE_ATTRIBUTES = new Set(
  'id class title tabindex data-rules data-changes aria-label aria-hidden role colspan rowspan start reversed value dir lang'.split(
    ' ',
  ),
);

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf-8').digest('base64');
}

/** Everything that makes a report inert, checked on its parsed document; returns the problems found. */
function inertnessProblems(report: string, { images = false } = {}): string[] {
  const problems: string[] = [];
  const { document } = new JSDOM(report).window;
  const head = document.head;
  const [charset, policy] = Array.from(head.children);
  if (charset?.getAttribute('charset') !== 'utf-8') problems.push('no <meta charset> first');
  const csp = policy?.getAttribute('http-equiv') === 'Content-Security-Policy' ? policy.getAttribute('content') : null;
  if (csp === null) problems.push('no CSP meta right after the charset');
  else {
    const expected = [
      "default-src 'none'",
      `style-src 'sha256-${sha256(REPORT_STYLE)}'`,
      `script-src 'sha256-${sha256(REPORT_SCRIPT)}'`,
      `img-src ${images ? 'http: https:' : "'none'"}`,
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
    if (csp !== expected) problems.push(`CSP is ${csp}`);
  }
  const scripts = Array.from(document.querySelectorAll('script'));
  if (scripts.length !== 1 || scripts[0]?.textContent !== REPORT_SCRIPT || scripts[0]?.attributes.length !== 0) {
    problems.push(`scripts: ${scripts.map((script) => script.outerHTML.slice(0, 80)).join(' | ')}`);
  }
  const styles = Array.from(document.querySelectorAll('style'));
  if (styles.length !== 1 || styles[0]?.textContent !== REPORT_STYLE) problems.push('a style element not our own');
  if (/url\(|@import/i.test(REPORT_STYLE)) problems.push('the stylesheet loads something');
  for (const element of document.querySelectorAll('*')) {
    for (const name of element.getAttributeNames()) {
      if (
        /^on/i.test(name) ||
        ['style', 'src', 'srcset', 'href', 'action', 'formaction', 'poster', 'background', 'data', 'srcdoc'].includes(
          name,
        )
      ) {
        const allowedImage = images && element.localName === 'img' && name === 'src';
        if (!allowedImage) problems.push(`<${element.localName} ${name}>`);
      }
    }
  }
  for (const element of document.querySelectorAll('.dcl-page *')) {
    const tag = element.localName;
    if (!PAGE_TAGS.has(tag) && !(images && tag === 'img')) problems.push(`<${tag}> in the page`);
    for (const name of element.getAttributeNames()) {
      const imageAttribute =
        images && tag === 'img' && ['src', 'alt', 'loading', 'decoding', 'referrerpolicy'].includes(name);
      if (!PAGE_ATTRIBUTES.has(name) && !imageAttribute) problems.push(`<${tag} ${name}> in the page`);
    }
    if (tag === 'img') {
      if (!/^https?:\/\//.test(element.getAttribute('src') ?? ''))
        problems.push(`image source ${element.getAttribute('src')}`);
      if (element.getAttribute('referrerpolicy') !== 'no-referrer') problems.push('image sends a referrer');
    }
  }
  return problems;
}

describe('the report of the CGTN page', () => {
  const bytes = readFileSync(CGTN?.sourcePath ?? '');
  const result = declutter(bytes, { ...(CGTN ? fixtureOptions(CGTN) : {}), report: true });
  const { document } = new JSDOM(result.report ?? '').window;
  const marks = Array.from(document.querySelectorAll('.dcl-page .dcl-mark'));

  it('marks every change of the trace, by rule id, in document order, with its why on hover', () => {
    expect(result.trace).toHaveLength(6);
    expect(marks).toHaveLength(5);
    expect(marks.map((mark) => mark.id)).toEqual(['dcl-m1', 'dcl-m2', 'dcl-m3', 'dcl-m4', 'dcl-m5']);
    const byRule = (id: string): Element[] => marks.filter((mark) => mark.getAttribute('data-rules') === id);
    expect(byRule('consent/text-banner')[0]?.textContent).toContain('By continuing to browse our site');
    expect(byRule('captions/adjacent-blocks')).toHaveLength(2);
    expect(byRule('captions/fold/alt-copy')[0]?.classList.contains('dcl-folded')).toBe(true);
    // The photo is written as a placeholder, so the credit taken off its alt text is listed, as an edit, not marked.
    const unshown = document.querySelector('.dcl-unshown')?.textContent ?? '';
    expect(unshown).toContain('captions/credit an attribute changed (element kept)');
    expect(byRule('related/heading-block')[0]?.textContent).toContain('Search Trends');
    const title = byRule('consent/text-banner')[0]?.getAttribute('title') ?? '';
    expect(title).toMatch(
      /^consent\/text-banner: removed \(pre phase, remove, selector div\)\nwhy: .{20,}\nat: html>body>/,
    );
    for (const mark of marks) {
      expect(mark.getAttribute('tabindex')).toBe('0');
      expect(mark.querySelector('.dcl-label')?.textContent).toContain(mark.getAttribute('data-rules') ?? '-');
      expect(mark.className).toMatch(/dcl-fam-(consent|captions|related)/);
    }
  });

  it('outlines the container Readability chose and shades what it dropped', () => {
    const containers = document.querySelectorAll('.dcl-page .dcl-article');
    expect(containers).toHaveLength(1);
    expect(containers[0]?.textContent).toContain('Zelenskyy said on Sunday');
    expect(containers[0]?.textContent).not.toContain('Most Read');
    const dropped = Array.from(document.querySelectorAll('.dcl-page .dcl-dropped')).map(
      (element) => element.textContent,
    );
    expect(dropped.join(' ')).toContain('Tech & Sci'); // the site's menu
    expect(dropped.join(' ')).not.toContain('Zelenskyy said on Sunday');
  });

  it('has a legend with counts per family, the Markdown beside the page, and the controls', () => {
    const legend = document.querySelector('.dcl-legend')?.textContent ?? '';
    expect(legend).toContain('consent notices: 1');
    expect(legend).toContain('repeated captions: 4');
    expect(legend).toContain('footers, related and trending: 1');
    expect(document.querySelector('pre.dcl-markdown')?.textContent).toBe(result.markdown);
    for (const id of ['dcl-next', 'dcl-prev', 'dcl-hide-removed', 'dcl-hide-dropped', 'dcl-status']) {
      expect(document.getElementById(id), id).not.toBeNull();
    }
  });

  it('is inert', () => {
    expect(inertnessProblems(result.report ?? '')).toEqual([]);
  });
});

describe('an inert report of a hostile page', () => {
  const page = plantActiveContent(
    `<!doctype html><html><head><title>T</title></head><body><article>${proseParagraphs('planted', 5)
      .map((text) => `<p>${text}</p>`)
      .join('')}</article></body></html>`,
    PROBE,
  );

  it('keeps none of the active content, showing images, embeds and controls as placeholders', () => {
    const report = declutter(page, { url: 'https://example.org/a', report: true }).report ?? '';
    expect(inertnessProblems(report)).toEqual([]);
    const { document } = new JSDOM(report).window;
    const text = document.querySelector('.dcl-page')?.textContent ?? '';
    expect(text).toContain(`[image: Planted image ${PROBE}/planted-image.png]`);
    expect(text).toContain(`[iframe ${PROBE}/iframe]`);
    expect(text).toContain('[video');
    expect(text).not.toContain('fetch(');
  });

  it('with images shows http(s) images only, without a referrer, and the policy allows images and nothing more', () => {
    const report = declutter(page, { url: 'https://example.org/a', report: { images: true } }).report ?? '';
    expect(inertnessProblems(report, { images: true })).toEqual([]);
    const sources = Array.from(new JSDOM(report).window.document.querySelectorAll('.dcl-page img')).map((image) =>
      image.getAttribute('src'),
    );
    expect(sources).toContain(`${PROBE}/planted-image.png`);
  });

  it('escapes a title, URL and Markdown that try to end their element', () => {
    const hostile = `<html><head><title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title></head><body><article>${proseParagraphs(
      'x',
      4,
    )
      .map((text) => `<p>${text}</p>`)
      .join('')}<p>&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p></article></body></html>`;
    const result = declutter(hostile, { url: 'https://example.org/"><script>alert(3)</script>', report: true });
    expect(inertnessProblems(result.report ?? '')).toEqual([]);
    expect(result.report).toContain('&lt;/title&gt;&lt;script&gt;alert(1)');
  });

  it('stays inert whatever the page holds (property)', () => {
    const tags = [
      'div',
      'p',
      'span',
      'a',
      'img',
      'iframe',
      'script',
      'style',
      'svg',
      'math',
      'form',
      'input',
      'table',
      'tr',
      'td',
      'object',
      'video',
      'source',
      'link',
      'meta',
      'base',
      'template',
      'noscript',
      'x-widget',
      'o:p',
      'select',
      'textarea',
      'button',
      'details',
      'frameset',
    ];
    const attributes = [
      'href',
      'src',
      'srcset',
      'style',
      'onerror',
      'onclick',
      'action',
      'formaction',
      'poster',
      'background',
      'srcdoc',
      'class',
      'id',
      'hidden',
      'colspan',
      'lang',
      'dir',
      'title',
      'alt',
    ];
    const value = fc.oneof(
      fc.constantFrom(
        `${PROBE}/x`,
        'javascript:alert(1)',
        `url(${PROBE}/y)`,
        '"><script>alert(1)</script>',
        '2',
        'rtl',
        'x" onload="alert(1)',
      ),
      fc.string({ maxLength: 12 }),
    );
    const element: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 20 }).map((text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')),
        fc
          .tuple(
            fc.constantFrom(...tags),
            fc.array(fc.tuple(fc.constantFrom(...attributes), value), { maxLength: 3 }),
            fc.array(tie('node'), { maxLength: 3 }),
          )
          .map(
            ([tag, attrs, children]) =>
              `<${tag}${attrs.map(([name, text]) => ` ${name}="${text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`).join('')}>${children.join('')}</${tag}>`,
          ),
      ),
    })).node;
    const prose = proseParagraphs('property', 4).map((text) => `<p>${text}</p>`);
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 5 }), fc.boolean(), (fragments, images) => {
        const html = `<html><head><title>t</title>${fragments[0] ?? ''}</head><body><article>${prose[0]}${fragments.join('')}${prose.slice(1).join('')}</article></body></html>`;
        let report: string;
        try {
          report = declutter(html, { url: 'https://example.org/', report: { images } }).report ?? '';
        } catch (error) {
          if (error instanceof DeclutterError) return; // no article: nothing to report
          throw error;
        }
        expect(inertnessProblems(report, { images })).toEqual([]);
      }),
      { numRuns: 40, seed: Number(process.env.FC_SEED ?? 1414) },
    );
  });
});

describe('the report across the fixtures', () => {
  const fixtures = discoverFixtures().filter((fixture) => fixture.sourcePath.endsWith('.html'));

  it('leaves the Markdown as its golden file has it, and shows or lists every trace entry', () => {
    let marked = 0;
    for (const fixture of fixtures) {
      if (!existsSync(fixture.expectedPath)) continue;
      const reported = declutter(readFileSync(fixture.sourcePath), fixtureOptions(fixture, { report: true }));
      expect(reported.markdown.trimEnd(), fixture.id).toBe(readFileSync(fixture.expectedPath, 'utf-8').trimEnd());
      const { document } = new JSDOM(reported.report ?? '').window;
      // Each change once, however many places it is marked in (its nodes may have stood apart on the page).
      const shown = new Set(
        Array.from(document.querySelectorAll('.dcl-page .dcl-mark')).flatMap((mark) =>
          (mark.getAttribute('data-changes') ?? '').split(' ').filter(Boolean),
        ),
      ).size;
      const listed = document.querySelectorAll('.dcl-unshown li').length;
      expect(shown + listed, fixture.id).toBe(reported.trace.length);
      marked += shown;
    }
    expect(marked).toBeGreaterThan(100);
  });
});

describe('rule families', () => {
  it('come from the id prefix, or the set for site rules, whatever their ids', () => {
    expect(familyOf({ ruleId: 'consent/cmp' }).key).toBe('consent');
    expect(familyOf({ ruleId: 'captions/fold' }).key).toBe('captions');
    expect(familyOf({ ruleId: 'related/heading-block' }).key).toBe('related');
    expect(familyOf({ ruleId: 'edges/tail' }).key).toBe('edges');
    expect(familyOf({ ruleId: 'ui/share-bar' }).key).toBe('ui');
    expect(familyOf({ ruleId: 'mine/promo' }).key).toBe('other');
    expect(familyOf({ ruleId: 'constructor/x' }).key).toBe('other');
    expect(familyOf({ ruleId: 'site/x' }).key).toBe('other'); // a generic set's rule, whatever it is called
    expect(familyOf({ ruleId: 'consent/promo', site: 'news.example.com' }).key).toBe('site');
  });

  it('each have a pattern of their own, told apart without colour (stripe directions, dots)', () => {
    const shapes = FAMILIES.map((family) => {
      const angles = [...family.pattern.matchAll(/linear-gradient\((-?\d+)deg/g)].map(
        (match) => (Number(match[1]) + 360) % 180,
      );
      return `${family.pattern.includes('radial-gradient') ? 'dots' : ''}${[...new Set(angles)].sort().join('+')}`;
    });
    expect(new Set(shapes).size, shapes.join(' ')).toBe(FAMILIES.length);
  });

  it('mark a site set’s rule as a site rule in the trace, on the page, in the legend and in a batch index', () => {
    const rules: RuleSet[] = [
      {
        source: 'test',
        id: 'news.example.com',
        match: { hosts: ['news.example.com'] },
        rules: [
          { id: 'newsx/promo', phase: 'pre', action: 'remove', why: 'A promo box.', selector: '.promo' },
          // Named like a generic family: still a site rule, for it only acts on this site.
          { id: 'captions/promo-caption', phase: 'pre', action: 'remove', why: 'A test.', selector: '.promo-cap' },
        ],
      },
      {
        source: 'test',
        id: 'mine',
        rules: [{ id: 'mine/aside', phase: 'pre', action: 'remove', why: 'A test.', selector: 'aside.mine' }],
      },
    ];
    const html =
      `<html><body><div class="promo">Subscribe to the newsletter now</div><p class="promo-cap">Promo caption</p>` +
      `<aside class="mine">Mine</aside><article>${proseParagraphs('site', 4)
        .map((text) => `<p>${text}</p>`)
        .join('')}</article></body></html>`;
    const result = declutter(html, { url: 'https://news.example.com/a', userRules: rules, report: true });
    expect(result.trace.map((entry) => [entry.ruleId, entry.site])).toEqual([
      ['newsx/promo', 'news.example.com'],
      ['captions/promo-caption', 'news.example.com'],
      ['mine/aside', undefined],
    ]);
    const { document } = new JSDOM(result.report ?? '').window;
    const familyOfMark = (id: string): string | undefined =>
      /dcl-fam-(\w+)/.exec(document.querySelector(`.dcl-page [data-rules="${id}"]`)?.className ?? '')?.[1];
    expect(familyOfMark('newsx/promo')).toBe('site');
    expect(familyOfMark('captions/promo-caption')).toBe('site');
    expect(familyOfMark('mine/aside')).toBe('other');
    const legend = document.querySelector('.dcl-legend')?.textContent ?? '';
    expect(legend).toContain('site rules: 2');
    expect(legend).toContain('other rules (user rule files): 1');
    expect(legend).not.toContain('repeated captions');
    // Off the site, the set does not apply.
    expect(
      declutter(html, { url: 'https://other.example.org/a', userRules: rules }).trace.map((e) => e.ruleId),
    ).toEqual(['mine/aside']);

    const index = new JSDOM(
      buildBatchIndex({
        pages: [{ href: 'pages/a.html', input: 'a.html', title: 'A', trace: result.trace }],
        failed: [],
      }),
    ).window.document;
    const rows = Array.from(index.querySelectorAll('table')[0]?.tBodies[0]?.rows ?? []).map((row) =>
      Array.from(row.cells, (cell) => cell.textContent),
    );
    expect(rows).toContainEqual(['captions/promo-caption', 'site rules', '1', '1']);
    expect(rows).toContainEqual(['mine/aside', 'other rules (user rule files)', '1', '1']);
  });
});

describe('changes not shown on the page', () => {
  it('are listed: a rule acting in the head, and text dumps, whose lines have no place in a page', () => {
    const rules: RuleSet[] = [
      {
        source: 'test',
        id: 'mine',
        rules: [{ id: 'mine/title', phase: 'pre', action: 'remove', why: 'A test.', selector: 'head > title' }],
      },
    ];
    const html = `<html><head><title>Gone</title></head><body><article>${proseParagraphs('head', 4)
      .map((text) => `<p>${text}</p>`)
      .join('')}</article></body></html>`;
    const report = declutter(html, { userRules: rules, report: true }).report ?? '';
    const { document } = new JSDOM(report).window;
    expect(document.querySelector('.dcl-unshown')?.textContent).toContain('mine/title');
    const dump = declutter('Accept cookies\n\nA paragraph of a text dump long enough to stand.\n\nA second one.', {
      inputFormat: 'text',
      report: true,
    });
    const dumpDocument = new JSDOM(dump.report ?? '').window.document;
    expect(dumpDocument.querySelector('.dcl-page')).toBeNull();
    expect(dumpDocument.querySelectorAll('.dcl-unshown li')).toHaveLength(dump.trace.length);
    expect(inertnessProblems(dump.report ?? '')).toEqual([]);
  });
});
