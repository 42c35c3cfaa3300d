// Extraction stage: Readability on the page itself, with tag lookups that skip jsdom's selector engine.

import { readFileSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.js';
import { NoArticleError } from '../src/errors.js';
import { extractArticle, type ExtractedArticle } from '../src/stages/extract.js';
import { headElementIsRead } from '../src/stages/head-metadata.js';
import { findLeadFigures, restoreLeadFigure } from '../src/stages/lead-figure.js';
import { DATA_ATTRIBUTE_READERS, pruneHtml } from '../src/stages/prune-html.js';
import { useJsdomFastPaths } from '../src/stages/readability-fast-paths.js';
import { findSectionRuns, joinSectionRuns } from '../src/stages/sibling-sections.js';
import { readPageText, restoreStandfirst, STANDFIRST_ATTRIBUTE } from '../src/stages/standfirst.js';
import { normalisedText } from '../src/rules/conditions.js';
import type { PipelineContext } from '../src/types.js';

function context(): PipelineContext {
  return { options: resolveOptions({}), baseUrl: undefined, trace: [], timings: {}, warnings: [] };
}

function parse(html: string): Document {
  return new JSDOM(html, { virtualConsole: new VirtualConsole(), url: 'https://example.test/a/b.html' }).window
    .document;
}

/**
 * What Readability alone makes of the page, with its own querySelectorAll lookups (and the sibling sections, lead
 * figure and standfirst put back).
 */
function plainReadability(html: string): string | undefined {
  const document = parse(html);
  const leadFigures = findLeadFigures(document);
  const sectionRuns = findSectionRuns(document);
  const pageText = readPageText(document);
  const article = new Readability<Node>(document, {
    keepClasses: true,
    serializer: (node) => node,
    maxElemsToParse: 250_000,
  }).parse();
  const content = article?.content;
  if (!content || content.nodeType !== 1) return undefined;
  joinSectionRuns(content as Element, sectionRuns);
  const articleStart = normalisedText(content);
  restoreLeadFigure(content as Element, leadFigures);
  restoreStandfirst(content as Element, pageText, articleStart);
  return (content as Element).outerHTML;
}

/** The article as `read` reports it, or a marker when Readability finds none (a page only a description stands in for). */
function extractOrNone(
  html: string,
  read: (article: ExtractedArticle) => { content: string; metadata: unknown },
): { content: string; metadata: unknown } {
  try {
    return read(extractArticle(parse(html), context()));
  } catch (error) {
    if (error instanceof NoArticleError) return { content: 'no article', metadata: undefined };
    throw error;
  }
}

function ours(html: string): string | undefined {
  try {
    return extractArticle(parse(html), context()).content.outerHTML;
  } catch {
    return undefined;
  }
}

const paragraph = (n: number): string =>
  `<p>Paragraph ${n} of the story tells how the harbour council met the fishing cooperative, and what they agreed about the winter moorings and the new breakwater.</p>`;

describe('extractArticle', () => {
  it('gives the same article as Readability alone on every HTML fixture page', () => {
    const pages = globSync('fixtures/**/source.html');
    expect(pages.length).toBeGreaterThan(10);
    for (const path of pages) {
      const html = readFileSync(path, 'utf8');
      // The pages where declutter differs from Readability on purpose: Readability cleans the body away
      // (readability-class-weight.ts), takes an author bio for it (readability-author-box.ts), takes a section's
      // heading for the headline (readability-title-heading.ts), stops at a column of link lists
      // (readability-list-article.ts), takes a footer or an author bio over a short page
      // (readability-short-passes.ts), or drops the tweets a story quotes (readability-embedded-posts.ts).
      const onPurpose = [
        'author-bio-beside-short-post',
        'data-sheet-beside-site-footer',
        'drupal-label-hidden',
        'forum-thread-beside-link-lists',
        'media-object-body',
        'page-builder-widgets',
        'photo-set-aside-in-story',
        'quoted-posts-in-social-wrappers',
        'strip-id-or-class-quoted-post',
        'section-heading-like-title',
        'short-post-beside-author-info',
      ];
      if (onPurpose.some((name) => path.includes(`/${name}/`)))
        expect(ours(html), path).not.toBe(plainReadability(html));
      else expect(ours(html), path).toBe(plainReadability(html));
    }
  });

  it('weighs a media class as layout on a block of content', () => {
    // The fixture's body sits in `div.o-media` > `div.o-media__body`; the same block under other classes.
    const fixture = readFileSync('fixtures/core/article/media-object-body/source.html', 'utf8');
    const withBodyClass = (className: string): string =>
      fixture.replace('class="o-media o-media--left"', `class="${className}"`).replace('class="o-media__body"', '');
    const body = 'a boat crew will come to the house';
    // Kept by us, cleaned away by Readability: the media object's text, or a CMS's other media-named layout block.
    for (const className of ['o-media o-media--left', 'panel-group accordion-media']) {
      expect(ours(withBodyClass(className)), className).toContain(body);
      expect(plainReadability(withBodyClass(className)), className).not.toContain(body);
    }
  });

  it('goes on past a pass that found only lists of links, and keeps that pass when no later one finds more', () => {
    const fixture = readFileSync('fixtures/core/article/forum-thread-beside-link-lists/source.html', 'utf8');
    const post = 'my router drops the Wi-Fi every evening';
    const offers = 'Up to 60 percent off routers';
    expect(ours(fixture)).toContain(post);
    expect(plainReadability(fixture)).not.toContain(post);
    // A column with a paragraph of prose in it is an article to Readability's first pass, and stays one.
    const withProse = fixture.replace(
      '<h3>Poll</h3>',
      '<h3>Poll</h3><p>We asked readers last month how their televisions reach the internet, and the answers, as ever, were split. Cable still leads, but Wi-Fi has caught up fast since the new routers came out.</p>',
    );
    expect(ours(withProse)).toBe(plainReadability(withProse));
    expect(ours(withProse)).toContain(offers);
    // With no thread to find, every later pass finds less: the lists come out, as Readability alone gives them.
    const withoutThread = fixture.replace(/<div class="ThreadComment">[\s\S]*?<div class="ThreadReply">/, '<div>');
    expect(ours(withoutThread)).toContain(offers);
    expect(ours(withoutThread)).toBe(plainReadability(withoutThread));
  });

  it('keeps the strictest pass when every pass falls short, unless a looser one found half again as much', () => {
    const fixture = readFileSync('fixtures/core/article/data-sheet-beside-site-footer/source.html', 'utf8');
    const sheet = 'No basic information for this product is available yet';
    const footer = 'MedIndex is an online service of Northfield Medical Data Ltd';
    expect(ours(fixture)).toContain(sheet);
    expect(ours(fixture)).not.toContain(footer);
    expect(plainReadability(fixture)).toContain(footer);
    // A sheet of one row (under half the footer's length): the looser pass's footer is taken, as by Readability alone.
    const oneRow = fixture.replace(
      /<div class="row">\s*<div class="col-4 font-weight-bold">Prescribing[\s\S]*?(?=<\/div>\s*<div id="substance")/,
      '',
    );
    expect(oneRow).not.toContain('Pack sizes');
    expect(ours(oneRow)).toContain(footer);
    expect(ours(oneRow)).toBe(plainReadability(oneRow));
  });

  it('matches tag names as a selector does: HTML case-insensitively, SVG by exact name, in document order', () => {
    // Readability looks up upper-case lists (SPAN, LI, …) and mixed lists (ul, ol) when it scores lists.
    const html = `<html><body><div class="content"><h2>Part</h2>${paragraph(1)}<ul><li>one item with words</li></ul>${paragraph(2)}<OL><LI>two</LI></OL><svg><a href="#x"><text>svg link</text></a></svg>${paragraph(3)}<ul class="links"><li><a href="/1">a</a></li><li><a href="/2">b</a></li></ul>${paragraph(4)}</div></body></html>`;
    expect(ours(html)).toBe(plainReadability(html));
  });

  it('reads the page language before Readability runs on the page', () => {
    const html = `<html lang="nl"><body><article>${paragraph(1)}${paragraph(2)}${paragraph(3)}</article></body></html>`;
    expect(extractArticle(parse(html), context()).metadata.lang).toBe('nl');
  });

  it('answers as Readability itself does in the helpers it replaces, element by element', () => {
    const document = parse(`<body>
      <p>plain</p><p hidden>hidden</p><p aria-hidden="true">aria</p><p aria-hidden="false">shown</p>
      <img aria-hidden="true" class="mwe-math-fallback-image-inline" src="m.png">
      <p style="display: none">styled away</p><p style="visibility:hidden">invisible</p><p style="color:red">red</p>
      <svg aria-hidden="true"><g></g></svg><svg><g aria-hidden="false"></g></svg>
      <math aria-hidden="true"><mi>x</mi></math><SECTION><H2>Upper</H2><h3>lower</h3></SECTION>
    </body>`);
    type Helpers = {
      _isProbablyVisible: (node: Element) => boolean;
      _getAllNodesWithTag: (node: Element | Document, tags: string[]) => ArrayLike<Element>;
    };
    const own = new Readability(document) as unknown as Helpers;
    const fast = new Readability(document) as unknown as Helpers;
    useJsdomFastPaths(fast);
    for (const element of document.querySelectorAll('*')) {
      // Readability only tests the answer for truth (its own returns the empty class name for "no").
      expect(fast._isProbablyVisible(element), element.outerHTML).toBe(Boolean(own._isProbablyVisible(element)));
    }
    for (const tags of [['p'], ['H2', 'h3'], ['svg', 'g', 'mi'], ['SECTION', 'img']]) {
      const lookup = (helpers: Helpers): Element[] => Array.from(helpers._getAllNodesWithTag(document, tags));
      expect(new Set(lookup(fast))).toEqual(new Set(lookup(own)));
    }
  });
});

describe('the lead figure', () => {
  const figure = (caption: string, extra = ''): string =>
    `<figure class="lead"${extra}><img src="https://img.example.test/lead.jpg" alt="The quay"><figcaption>${caption}</figcaption></figure>`;
  const body = `<div class="story-body">${paragraph(1)}${paragraph(2)}${paragraph(3)}${paragraph(4)}</div>`;
  const page = (inner: string): string =>
    `<html><body><article><h1>Harbour deal</h1>${inner}</article><footer><p>Footer</p></footer></body></html>`;
  const content = (html: string): Element => extractArticle(parse(html), context()).content;

  it('is put back before the first paragraph when Readability leaves it beside the text it chose', () => {
    const html = page(`${figure('The quay on Monday. Photo: Ana')}${body}`);
    expect(plainReadability(html)).toContain('lead.jpg');
    const article = content(html);
    const [lead] = article.getElementsByTagName('figure');
    expect(lead?.textContent).toContain('The quay on Monday');
    expect(lead?.nextElementSibling?.textContent).toContain('Paragraph 1 of the story');
  });

  it('is left out when it does not directly precede the text, is hidden, or is a picture without a caption', () => {
    const cases = [
      page(`${figure('The quay.')}<div class="byline">By Ana Lopes</div>${body}`),
      page(`${figure('The quay.', ' hidden')}${body}`),
      page(`<div class="banner"><img src="https://img.example.test/lead.jpg"></div>${body}`),
    ];
    for (const html of cases) expect(content(html).innerHTML, html).not.toContain('lead.jpg');
  });

  it('loses a caption that repeats the first paragraph, not the paragraph', () => {
    const first = 'Paragraph 1 of the story tells how the harbour council met the fishing cooperative';
    const article = content(page(`${figure(`${first}. Photo: Ana`)}${body}`));
    expect(article.getElementsByTagName('figcaption')).toHaveLength(0);
    expect(article.getElementsByTagName('img')).toHaveLength(1);
    expect(article.textContent).toContain(first);
  });
});

describe('the <head> elements prune-html drops', () => {
  it('are none that Readability reads metadata from', () => {
    // Every name and property on the fixture pages and the AEB-style variants below, with and without content.
    const seen = new Set<string>();
    for (const path of globSync('fixtures/**/source.html')) {
      for (const match of readFileSync(path, 'utf8').matchAll(
        /<meta\b[^>]*?\b(?:name|property)\s*=\s*["']?([^"'\s>]+)/gi,
      )) {
        if (match[1]) seen.add(match[1]);
      }
    }
    const variants = [
      'og:image',
      'og:type',
      'twitter:card',
      'fb:app_id',
      'viewport',
      'robots',
      'theme-color',
      'keywords',
    ];
    const names = [...seen, ...variants, 'dc.creator', 'weibo:article:title', 'OG:Title', 'og: description'];
    const metadataOf = (meta: string): unknown => {
      const article = new Readability(
        parse(`<html><head>${meta}</head><body><p>${'Words. '.repeat(200)}</p></body></html>`),
        {
          charThreshold: 0,
        },
      ).parse();
      return {
        byline: article?.byline,
        excerpt: article?.excerpt,
        siteName: article?.siteName,
        published: article?.publishedTime,
        title: article?.title,
      };
    };
    const none = metadataOf('');
    // The check can see a difference: a read meta changes the metadata.
    expect(metadataOf('<meta name="description" content="Some value">')).not.toEqual(none);
    for (const name of names) {
      for (const attribute of ['name', 'property']) {
        const meta = `<meta ${attribute}="${name}" content="Some value">`;
        const read = metadataOf(meta);
        const attributes = new Map([[attribute, name]]);
        if (!headElementIsRead('meta', attributes)) expect(read, meta).toEqual(none);
      }
    }
    expect(headElementIsRead('link', new Map([['rel', 'alternate canonical']]))).toBe(true);
    expect(headElementIsRead('link', new Map([['rel', 'icon']]))).toBe(false);
  });
});

describe('the data-* attributes prune-html drops', () => {
  it('change nothing in the article Readability finds but the attributes themselves', () => {
    const withoutData = (root: Element): string => {
      for (const element of [root, ...root.querySelectorAll('*')]) {
        if (DATA_ATTRIBUTE_READERS.has(element.localName) || element.closest('object')) continue;
        for (const name of element.getAttributeNames()) if (name.startsWith('data-')) element.removeAttribute(name);
      }
      return root.outerHTML;
    };
    const extract = (html: string): { content: string; metadata: unknown } =>
      extractOrNone(html, (article) => ({ content: withoutData(article.content), metadata: article.metadata }));
    for (const path of globSync('fixtures/**/source.html')) {
      const html = readFileSync(path, 'utf8');
      expect(extract(pruneHtml(html, { keepDataAttributes: new Set() }).html), path).toEqual(
        extract(pruneHtml(html).html),
      );
    }
  });
});

describe('the whitespace prune-html shortens', () => {
  it('changes nothing in the article Readability finds, nor its metadata, but the length of the runs', () => {
    const collapsed = (root: Element): string => {
      const texts = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
      while (texts.nextNode()) {
        const text = texts.currentNode as Text;
        if (!text.parentElement?.closest('pre, textarea')) text.data = text.data.replace(/[\t\n\f\r ]{2,}/g, ' ');
      }
      return root.outerHTML;
    };
    const extract = (html: string): { content: string; metadata: unknown } =>
      extractOrNone(html, (article) => ({ content: collapsed(article.content), metadata: article.metadata }));
    for (const path of globSync('fixtures/**/source.html')) {
      const html = readFileSync(path, 'utf8');
      expect(extract(pruneHtml(html).html), path).toEqual(extract(pruneHtml(html, { collapseWhitespace: false }).html));
    }
  });
});

describe('sibling sections', () => {
  // A page builder's row: the paragraphs five levels down, as WPBakery and Elementor nest them.
  const row = (className: string, ...paragraphs: string[]): string =>
    `<div class="${className}"><div class="col"><div class="inner"><div class="wrap"><div class="text">${paragraphs.join('')}</div></div></div></div></div>`;
  const page = (inner: string): string =>
    `<html><body><main><h1>Harbour deal</h1><div class="entry">${inner}</div></main><footer><p>Footer</p></footer></body></html>`;
  const text = (html: string): string => extractArticle(parse(html), context()).content.textContent ?? '';
  // Prose: two sentences, as the run's blocks must be mostly made of.
  const prose = (n: number): string => paragraph(n).replace('</p>', ' The mayor signed the agreement on Friday.</p>');
  const long = (n: number): string[] => [1, 2, 3, 4, 5].map((k) => prose(n * 10 + k));

  it('joins the rows of a run Readability split, in page order', () => {
    const html = page(`${row('row', prose(1))}${row('row', ...long(2))}<div class="row"></div>${row('row', prose(3))}`);
    expect(plainReadabilityWithout(html)).not.toContain('Paragraph 1 ');
    const article = text(html);
    expect(article).toContain('Paragraph 21 ');
    const order = ['Paragraph 1 ', 'Paragraph 21 ', 'Paragraph 25 ', 'Paragraph 3 '].map((key) => article.indexOf(key));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('leaves out rows of another kind and runs of teaser cards', () => {
    const html = page(`${row('row', ...long(2))}${row('other', prose(4))}`);
    expect(text(html)).toContain('Paragraph 25 ');
    expect(text(html)).not.toContain('Paragraph 4 ');
    // A listing: each card a linked headline over its summary; Readability takes the longest card alone.
    const card = (...paragraphs: string[]): string =>
      `<div class="card"><div class="body"><div class="wrap"><h3><a href="/x">Ferry service cut</a></h3>${paragraphs.join('')}</div></div></div>`;
    const listing = page(`${card(...long(2))}${card(prose(7))}${card(prose(8))}`);
    expect(text(listing)).toContain('Paragraph 25 ');
    for (const key of ['Paragraph 7 ', 'Paragraph 8 ']) expect(text(listing)).not.toContain(key);
  });

  it('joins a run whose blocks stand right under <body>', () => {
    const html = `<html><body><header><p>Harbour News</p></header>${row('row', prose(1))}${row('row', ...long(2))}${row('row', prose(3))}<footer><p>Footer</p></footer></body></html>`;
    expect(plainReadabilityWithout(html)).not.toContain('Paragraph 3 ');
    const article = text(html);
    const order = ['Paragraph 1 ', 'Paragraph 21 ', 'Paragraph 3 '].map((key) => article.indexOf(key));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('takes a data table set between two blocks of the run, without its toggle; not a block of links or an ad', () => {
    const table =
      '<div class="table-row"><button class="toggle">Show table</button><table><tr><th>Berth</th><th>Boats</th></tr><tr><td>North quay</td><td>41</td></tr><tr><td>South quay</td><td>28</td></tr></table></div>';
    const links = `<div class="links-row"><table><tr>${'<td><a href="/harbour/other-story">Other harbour story of the week</a></td>'.repeat(3)}</tr></table></div>`;
    const advert =
      '<div class="ad-row"><table><tr><td>Boat insurance from 9 euros a month, call now for a quote</td></tr></table></div>';
    const html = page(`${row('row', ...long(2))}${table}${links}${advert}${row('row', prose(3))}`);
    const content = extractArticle(parse(html), context()).content;
    const article = normalisedText(content);
    expect(article).toContain('Paragraph 3 ');
    // The table stands where it stood: after the long block, before the last one.
    const places = ['Paragraph 25 ', 'North quay', 'Paragraph 3 '].map((key) => article.indexOf(key));
    expect(places.every((at) => at >= 0)).toBe(true);
    expect([...places].sort((a, b) => a - b)).toEqual(places);
    expect(article).not.toContain('Show table');
    expect(article).not.toContain('Other harbour story');
    expect(article).not.toContain('Boat insurance');
    expect(article.match(/North quay/g)).toHaveLength(1);
  });

  it('is not broken by a row holding only a label, and adds a closing row only when it holds a sentence', () => {
    // A page builder's closing rows: a one-sentence note, a button's label, a heading over a programme line.
    const note = '<p>The harbour office answers questions on the phone until eight every evening.</p>';
    const programme = '<h3>More on the harbour:</h3><p>On air: Harbour Radio | News | 20 April 2020 | 13:00</p>';
    const html = page(
      `${row('row', prose(1))}${row('row', ...long(2))}${row('row', note)}${row('row', '<p>Support us now!</p>')}${row('row', programme)}`,
    );
    expect(plainReadabilityWithout(html)).not.toContain('Paragraph 1 ');
    const article = text(html);
    for (const key of ['Paragraph 1 ', 'Paragraph 25 ', 'until eight every evening']) expect(article).toContain(key);
    expect(article).not.toContain('Support us now');
    expect(article).not.toContain('On air: Harbour Radio');
  });
});

describe('the standfirst', () => {
  const standfirst =
    'The council and the fishing cooperative agreed on new winter moorings after two years of talks about the harbour.';
  const body = `<div class="story-body">${paragraph(1)}${paragraph(2)}${paragraph(3)}${paragraph(4)}</div>`;
  const page = (header: string, inner = body): string =>
    `<html><body><article><header><h1>Harbour deal signed at last</h1>${header}</header>${inner}</article><footer><p>Footer</p></footer></body></html>`;
  const text = (html: string): string => normalisedText(extractArticle(parse(html), context()).content);

  it('is put back in front of the text Readability chose, past a byline between them', () => {
    const html = page(`<p class="dek">${standfirst}</p><div class="byline">By Ana Lopes, 3 March 2026</div>`);
    expect(plainReadabilityWithout(html)).not.toContain('winter moorings after');
    expect(text(html)).toMatch(/^The council and the fishing cooperative .*Paragraph 1 of the story/);
    expect(text(html).match(/winter moorings after/g)).toHaveLength(1);
  });

  it("is put back from further away when it is the page's own description, word for word or up to its cut", () => {
    // An audio player and a paywall bar between deck and body: more than a byline's length, with a heading in it.
    const player =
      '<div class="audio"><h4>Listen to this story</h4><p>This audio feature is only for subscribers. Log in or subscribe to listen to every story read aloud by our team. <button>Log in</button></p></div>';
    const described = (description: string, header: string, inner = body): string =>
      page(header, inner).replace(
        '<html><body>',
        `<html><head><title>Harbour deal signed at last</title><meta name="description" content="${description}"></head><body>`,
      );
    const deck = `<h2 class="deck">${standfirst}</h2>${player}`;
    expect(text(page(deck))).not.toContain('winter moorings after');
    expect(text(described(standfirst, deck))).toMatch(
      /^The council and the fishing cooperative .*Paragraph 1 of the story/,
    );
    expect(text(described(`${standfirst.slice(0, 80)}…`, deck))).toMatch(/^The council and the fishing cooperative/);
    // Not a block that only starts like a description cut short, nor one after the article's start.
    expect(
      text(
        described(`${standfirst.slice(0, 80)}…`, `<h2 class="deck">${standfirst.slice(0, 60)} and more.</h2>${player}`),
      ),
    ).not.toContain('and more.');
    const after = page(`<h4>Listen</h4>`, `${body}<div class="share"><p>${standfirst}</p></div>`);
    expect(text(described(standfirst, `<h4>Listen</h4>`, `${body}<div class="share"><p>${standfirst}</p></div>`))).toBe(
      text(after),
    );
  });

  it("is put back from further away when og:description says it and the page's description is the site's slogan", () => {
    const html = page(
      `<h2 class="deck">${standfirst}</h2><div class="audio"><h4>Listen to this story</h4><p>Only for subscribers, who can listen to every story read aloud by our team. <button>Log in</button></p></div>`,
    ).replace(
      '<html><body>',
      `<html><head><title>Harbour deal signed at last</title><meta name="description" content="The Harbour Herald: news from the coast since 1881, every morning."><meta property="og:description" content="${standfirst}"></head><body>`,
    );
    expect(text(html)).toMatch(/^The council and the fishing cooperative .*Paragraph 1 of the story/);
  });

  it('is not put back from further away when the description only repeats the title', () => {
    const title = `Harbour deal signed at last: ${standfirst}`;
    const html = page(
      `<h2 class="deck">${standfirst}</h2><div class="audio"><h4>Listen to this story</h4></div>`,
    ).replace(
      '<html><body>',
      `<html><head><title>${title}</title><meta name="description" content="${standfirst}"></head><body>`,
    );
    expect(text(html)).not.toContain('winter moorings after');
  });

  it('is put back past a date set as a heading, which stands between them like any date line', () => {
    const html = page(`<p class="dek">${standfirst}</p><h3 class="date">Thursday, 21 April 2022 21/04/2022</h3>`);
    expect(plainReadabilityWithout(html)).not.toContain('winter moorings after');
    expect(text(html)).toMatch(/^The council and the fishing cooperative .*Paragraph 1 of the story/);
  });

  it('goes in front of a lead photo and its caption, not between them', () => {
    const figure =
      '<div class="lede"><div class="media"><img src="https://img.example.test/quay.jpg" alt="The quay"></div><div class="caption"><p>The quay on Monday, when the agreement was signed.</p></div></div>';
    const content = extractArticle(
      parse(page(`<p class="dek">${standfirst}</p>`, `${figure}${body}`)),
      context(),
    ).content;
    const dek = content.querySelector(`p[${STANDFIRST_ATTRIBUTE}]`);
    expect(dek).not.toBeNull();
    const image = content.querySelector('img');
    // The standfirst precedes the photo (DOCUMENT_POSITION_PRECEDING, seen from the image).
    expect((image?.compareDocumentPosition(dek as Node) ?? 0) & 2).toBe(2);
    expect(image?.closest('.lede')?.textContent).toContain('The quay on Monday');
  });

  it('is put back with the caption of a photo between it and the text, in front of it; a class that only mentions captions is no caption', () => {
    const photo = (captionClass: string): string =>
      `<div class="photo"><figure><img src="https://img.example.test/quay.jpg" alt="The quay"><button>Fullscreen</button></figure><div class="${captionClass}"><div class="rich-text"><p>The quay on Monday evening, when the agreement was finally signed by both sides.</p></div></div></div>`;
    const withCaption = text(page(`<p class="dek">${standfirst}</p>${photo('caption')}`));
    expect(withCaption).toMatch(
      /^The council and the fishing cooperative .*The quay on Monday evening.*Paragraph 1 of the story/,
    );
    // A theme's modifier that mentions captions names a block that holds none: the block nearest the text is the
    // standfirst, alone, as before.
    const modifier = text(page(`<p class="dek">${standfirst}</p>${photo('photo-text caption-style--dark')}`));
    expect(modifier).toMatch(/^The quay on Monday evening.*Paragraph 1 of the story/);
    expect(modifier).not.toContain('winter moorings after');
  });

  it('is left out when a heading, a long gap or a link list stands in the way, or when it is a caption, a teaser or a form', () => {
    const links = standfirst
      .split(' ')
      .map((word) => `<a href="/t/${word}">${word}</a>`)
      .join(' ');
    const cases = [
      page(`<p class="dek">${standfirst}</p><h2>Background to the harbour talks and the votes</h2>`),
      page(
        `<p class="dek">${standfirst}</p><ul class="tags">${'<li><a href="/t">harbour talks</a></li>'.repeat(20)}</ul>`,
      ),
      page(`<p class="tags">${links}</p>`),
      page(`<div class="photo"><img src="https://img.example.test/quay.jpg" alt="The quay"></div><p>${standfirst}</p>`),
      page(`<p class="teaser">Harbour deal signed at last: ${standfirst}</p>`),
      page(`<div class="newsletter"><label>${standfirst}</label><input type="email"><button>Send</button></div>`),
    ];
    for (const html of cases) expect(text(html), html).not.toContain('winter moorings after');
  });
});

/** Readability alone, without anything put back. */
function plainReadabilityWithout(html: string): string {
  const content = new Readability<Node>(parse(html), { keepClasses: true, serializer: (node) => node }).parse()
    ?.content;
  return (content as Element | undefined)?.textContent ?? '';
}
