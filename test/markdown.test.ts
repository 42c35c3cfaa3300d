// The Markdown converter's own rules: code languages, images, links, figures, escaping, breaks, title.

import { JSDOM } from 'jsdom';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { NoArticleError } from '../src/errors.js';
import { resolveOptions } from '../src/options.js';
import { articleToMdast, composeMarkdown } from '../src/stages/to-markdown.js';
import type { PipelineContext } from '../src/types.js';

const parser = unified().use(remarkParse).use(remarkGfm);

function convert(
  html: string,
  { baseUrl, title, titleHeading = true }: { baseUrl?: string; title?: string; titleHeading?: boolean } = {},
) {
  const ctx: PipelineContext = { options: resolveOptions(), baseUrl, trace: [], timings: {}, warnings: [] };
  const article = new JSDOM(`<body><article>${html}</article>`).window.document.querySelector('article');
  if (!article) throw new Error('no article');
  return composeMarkdown(title, articleToMdast(article, ctx), { titleHeading });
}

/** Every node of the Markdown as a reader's parser sees it. */
function parseBack(markdown: string): Nodes[] {
  const nodes: Nodes[] = [];
  const walk = (node: Nodes): void => {
    nodes.push(node);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(parser.parse(markdown));
  return nodes;
}

describe('code blocks', () => {
  it.each([
    ['<pre><code class="language-python">print(1)</code></pre>', 'python'],
    ['<pre class="lang-rb">puts 1</pre>', 'rb'],
    ['<div class="highlight highlight-source-js"><pre>let a = 1;</pre></div>', 'js'],
    ['<pre class="brush: php; gutter: false">echo 1;</pre>', 'php'],
    ['<div class="language-go highlighter-rouge"><pre>package main</pre></div>', 'go'],
    ['<pre data-lang="sql">SELECT 1;</pre>', 'sql'],
  ])('keeps the language of %s', (html, lang) => {
    const { markdown } = convert(html);
    const code = parseBack(markdown).find((node) => node.type === 'code');
    expect(code).toMatchObject({ type: 'code', lang });
    expect(markdown.startsWith(`\`\`\`${lang}\n`)).toBe(true);
  });

  it('writes no language for language-none or an unsafe class, and keeps the code', () => {
    const { markdown } = convert(
      '<pre><code class="language-none">x = 1</code></pre><pre class="lang-a`b">y = 2</pre>',
    );
    expect(markdown).toBe('```\nx = 1\n```\n\n```\ny = 2\n```');
  });

  it('keeps indentation and <, drops trailing spaces and long blank runs', () => {
    const { markdown } = convert('<pre><code>if (a &lt; b) {   \n\n\n\n\n    return;\n}</code></pre>');
    expect(markdown).toBe('```\nif (a < b) {\n\n\n    return;\n}\n```');
  });

  it('uses a longer fence when the code holds backticks', () => {
    const { markdown } = convert('<pre><code>```\nnested\n```</code></pre>');
    const code = parseBack(markdown).find((node) => node.type === 'code');
    expect(code && 'value' in code ? code.value : '').toBe('```\nnested\n```');
  });
});

describe('images', () => {
  it('keeps alt text and makes the source absolute', () => {
    const { markdown } = convert('<p><img src="/img/cat.jpg" alt="A cat asleep" title="Cat"></p>', {
      baseUrl: 'https://news.example/story/1',
    });
    expect(markdown).toBe('![A cat asleep](https://news.example/img/cat.jpg "Cat")');
  });

  it.each([
    [
      'data-src over a placeholder src',
      '<img src="data:image/gif;base64,R0lG" data-src="/real.jpg" alt="x">',
      'https://s.example/real.jpg',
    ],
    [
      'srcset first candidate',
      '<img srcset="/a-400.jpg 400w, /a-800.jpg 800w" alt="x">',
      'https://s.example/a-400.jpg',
    ],
    [
      'srcset URL with commas',
      '<img srcset="https://cdn.example/w_400,h_300/a.jpg 400w, b.jpg 2x" alt="x">',
      'https://cdn.example/w_400,h_300/a.jpg',
    ],
    [
      'picture source',
      '<picture><source srcset="/p.webp 1x, /p2.webp 2x"><img alt="x"></picture>',
      'https://s.example/p.webp',
    ],
  ])('picks %s', (_name, html, url) => {
    const image = parseBack(convert(html, { baseUrl: 'https://s.example/a/' }).markdown).find(
      (n) => n.type === 'image',
    );
    expect(image).toMatchObject({ url, alt: 'x' });
  });

  it('turns an image with a forbidden source into its alt text', () => {
    const { markdown } = convert(
      '<p>Before <img src="javascript:alert(1)" alt="chart of sales"> after <img src="data:image/png;base64,AAAA" alt=""></p>',
    );
    expect(markdown).toBe('Before chart of sales after');
  });
});

describe('links', () => {
  it('makes relative links absolute and keeps fragment, mailto and http links', () => {
    const { markdown } = convert(
      '<p><a href="../other">rel</a> <a href="#notes">frag</a> <a href="mailto:desk@news.example">mail</a> <a href="http://x.example/">abs</a></p>',
      { baseUrl: 'https://news.example/a/b/page' },
    );
    expect(markdown).toBe(
      '[rel](https://news.example/a/other) [frag](#notes) [mail](mailto:desk@news.example) [abs](http://x.example/)',
    );
  });

  it('leaves relative links relative when no base is known', () => {
    expect(convert('<p><a href="/x?a=1&amp;b=2">rel</a></p>').markdown).toBe('[rel](/x?a=1&b=2)');
  });

  it('writes a destination with only the escapes a reader needs', () => {
    const { markdown } = convert(
      '<p><a href="https://w.example/wiki/Charms_(class)?width=300&amp;quality=85">a</a> <a href="https://w.example/a_(b">b</a> <a href="https://w.example/x?y=1&amp;amp;z">c</a></p>',
    );
    expect(markdown).toBe(
      '[a](https://w.example/wiki/Charms_(class)?width=300&quality=85) [b](https://w.example/a_\\(b) [c](https://w.example/x?y=1\\&amp;z)',
    );
    expect(parseBack(markdown).flatMap((node) => (node.type === 'link' ? [node.url] : []))).toEqual([
      'https://w.example/wiki/Charms_(class)?width=300&quality=85',
      'https://w.example/a_(b',
      'https://w.example/x?y=1&amp;z',
    ]);
  });

  it('keeps the escape of a relative URL whose `&` a reader would decode into a scheme', () => {
    const { markdown } = convert('<p><a href="javascript&amp;colon;alert(1)">x</a></p>');
    const link = parseBack(markdown).find((node) => node.type === 'link');
    expect(link).toMatchObject({ url: 'javascript&colon;alert(1)' });
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' \u0001javascript:alert(1)',
    'java&#9;script:alert(1)',
    'java&#10;script:alert(1)',
    '&#106;avascript:alert(1)',
    'vbscript:msgbox(1)',
    'VBSCRIPT:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'DATA:text/html,x',
    'file:///etc/passwd',
  ])('drops the URL %s and keeps the link text', (href) => {
    for (const baseUrl of [undefined, 'https://news.example/a']) {
      const { markdown } = convert(
        `<p>See <a href="${href}">the <em>report</em></a> now.</p>`,
        baseUrl ? { baseUrl } : {},
      );
      expect(markdown).toBe('See the *report* now.');
      expect(parseBack(markdown).some((node) => node.type === 'link')).toBe(false);
    }
  });

  it('percent-encodes what a Markdown destination cannot hold in a relative link', () => {
    const { markdown } = convert('<p><a href="files/a b<c>.pdf">doc</a></p>');
    expect(markdown).toBe('[doc](files/a%20b%3Cc%3E.pdf)');
    expect(parseBack(markdown).find((node) => node.type === 'link')).toMatchObject({ url: 'files/a%20b%3Cc%3E.pdf' });
  });

  it('unwraps anchors without href and drops empty links', () => {
    expect(convert('<p><a name="top">Top</a> and <a href="/x"> </a>end</p>').markdown).toBe('Top and end');
  });

  it('splits a link around block content instead of losing it', () => {
    const { markdown } = convert('<a href="https://n.example/s"><h3>Card title</h3><p>Card text</p></a>');
    expect(markdown).toBe('### [Card title](https://n.example/s)\n\n[Card text](https://n.example/s)');
  });
});

describe('figures', () => {
  it('writes the caption as its own text paragraph after the image', () => {
    const { markdown, text } = convert(
      '<figure><img src="https://i.example/a.jpg" alt="Harbour at dawn"><figcaption>The harbour at <em>dawn</em>. Photo: M. L.</figcaption></figure>',
    );
    expect(markdown).toBe('![Harbour at dawn](https://i.example/a.jpg)\n\nThe harbour at *dawn*. Photo: M. L.');
    expect(text).toBe('The harbour at dawn. Photo: M. L.');
  });

  it('separates a bare caption from a linked image', () => {
    const { markdown } = convert(
      '<figure><a href="https://i.example/big.jpg"><img src="https://i.example/s.jpg" alt="s"></a>Bare caption</figure>',
    );
    expect(markdown).toBe('[![s](https://i.example/s.jpg)](https://i.example/big.jpg)\n\nBare caption');
  });
});

describe('raw HTML and escaping', () => {
  it('never writes raw HTML: comments go, tags in text are escaped', () => {
    const { markdown } = convert(
      '<p>Use &lt;script&gt;alert(1)&lt;/script&gt; carefully.</p><!-- tracking: <img src=x> --><p>&lt;!-- not a comment --&gt;</p><script>alert(2)</script><style>p{}</style>',
    );
    expect(parseBack(markdown).filter((node) => node.type === 'html')).toEqual([]);
    expect(markdown).not.toContain('tracking');
    expect(markdown).not.toContain('alert(2)');
    const paragraphs = parseBack(markdown)
      .filter((node) => node.type === 'paragraph')
      .map((node) => toString(node));
    expect(paragraphs).toEqual(['Use <script>alert(1)</script> carefully.', '<!-- not a comment -->']);
  });

  it.each([
    ['*a* and **b**', '\\*a\\* and \\*\\*b\\*\\*'],
    ['~~x~~', '\\~\\~x\\~\\~'],
    ['1. at line start', '1\\. at line start'],
    ['# not a heading', '\\# not a heading'],
    ['- not a bullet', '\\- not a bullet'],
    ['[x](javascript:alert(1))', '\\[x]\\(javascript:alert(1))'],
    ['see [a](javascript:alert(1))', 'see [a]\\(javascript:alert(1))'],
    ['a &amp; b &copy; c &#38; &#x26;', 'a \\&amp; b \\&copy; c \\&#38; \\&#x26;'],
    ['[a]: b is not a definition', '\\[a]: b is not a definition'],
    ['[x] is not a task box', '\\[x] is not a task box'],
    ['[a [b]: c', '[a [b]: c'],
  ])('escapes %s so it shows literally', (text, expected) => {
    const html = `<p>${text.replace(/&/g, '&amp;')}</p>`;
    const { markdown } = convert(html);
    expect(markdown).toBe(expected);
    expect(toString(parser.parse(markdown))).toBe(text);
  });

  it.each([
    ['snake_case and C++ and 3.14', 'snake_case and C++ and 3.14'],
    ['5 * 3 = 15 and 2 _ 2', '5 * 3 = 15 and 2 _ 2'],
    ['a footnote [1] and [citation needed].', 'a footnote [1] and [citation needed].'],
    ['#hashtag and 100% and a|b', '#hashtag and 100% and a|b'],
    ['W.M. Keck and R-W.Va. and maps://x', 'W.M. Keck and R-W.Va. and maps://x'],
    ['?width=300&quality=85 and AT&T and &c.', '?width=300&quality=85 and AT&T and &c.'],
    ['[1] a footnote at the start', '[1] a footnote at the start'],
    ['[[nested]] and [a] [b] and x[', '[[nested]] and [a] [b] and x['],
    // A `]` that closes nothing costs a reader a walk back over its block (bracket-cost.ts).
    [']x[ and a]', '\\]x[ and a]'],
  ])('does not escape %s', (text, expected) => {
    const { markdown } = convert(`<p>${text}</p>`);
    expect(markdown).toBe(expected);
    expect(toString(parser.parse(markdown))).toBe(text);
  });

  it('writes brackets around links without escapes', () => {
    const { markdown } = convert(
      '<p><b>[</b><a href="https://e.example/"><b>Engadget</b></a><b>]</b></p><p>[PMID: <a href="https://p.example/1">2405</a>] cited.</p><p><a href="https://w.example/#cite-1">[1]</a> and <a href="https://w.example/">a [b] c</a></p>',
    );
    expect(markdown).toBe(
      '**[**[**Engadget**](https://e.example/)**]**\n\n[PMID: [2405](https://p.example/1)] cited.\n\n[[1]](https://w.example/#cite-1) and [a [b] c](https://w.example/)',
    );
    expect(parseBack(markdown).filter((node) => node.type === 'link')).toHaveLength(4);
  });

  it('keeps the escapes of brackets that would change a link', () => {
    const { markdown } = convert(
      '<p><a href="https://e.example/">a [b</a> and <a href="https://e.example/">c] d</a></p>',
    );
    expect(markdown).toBe('[a \\[b](https://e.example/) and [c\\] d](https://e.example/)');
    expect(
      parseBack(markdown)
        .filter((node) => node.type === 'link')
        .map((node) => toString(node)),
    ).toEqual(['a [b', 'c] d']);
  });

  it('keeps a task-list box literal in a list item', () => {
    const { markdown } = convert('<ul><li>[ ] not a box</li><li>[x] nor this</li></ul>');
    expect(markdown).toBe('- \\[ ] not a box\n- \\[x] nor this');
    expect(
      parseBack(markdown).filter(
        (node) => node.type === 'listItem' && node.checked !== null && node.checked !== undefined,
      ),
    ).toEqual([]);
  });

  it('writes intra-word emphasis that still renders as emphasis', () => {
    const { markdown } = convert('<p>un<em>believ</em>able and <b>bold </b>text</p>');
    expect(markdown).toBe('un*believ*able and **bold** text');
  });
});

describe('breaks and whitespace', () => {
  it('writes <br> as a hard break that renders, and <br><br> as a new paragraph', () => {
    const { markdown } = convert('<p>12 Harbour Road<br>Northtown<br></p><p>First<br><br>Second</p>');
    expect(markdown).toBe('12 Harbour Road\\\nNorthtown\n\nFirst\n\nSecond');
    expect(parseBack(markdown).filter((node) => node.type === 'break')).toHaveLength(1);
  });

  it('leaves no trailing spaces and no runs of blank lines', () => {
    const { markdown } = convert(
      '<p>&nbsp;one&nbsp;</p><div><p> </p><p></p></div><h2> </h2><p>two <br> </p><ul><li>three </li></ul>',
    );
    expect(markdown).toBe('one\n\ntwo\n\n- three');
    expect(markdown).not.toMatch(/[ \t]$/m);
    expect(markdown).not.toMatch(/\n{4,}/);
  });

  it('keeps a rule between parts, and drops one at either end or right after another', () => {
    const { markdown } = convert('<hr><p>one</p><hr><hr><p>two</p><hr>');
    expect(markdown).toBe('one\n\n---\n\ntwo');
  });
});

describe('the title heading', () => {
  it.each([
    ['the same heading', '<h2>Harbour towns prepare</h2>'],
    ['different whitespace and case', '<h1>harbour   TOWNS\nprepare</h1>'],
    ['after a short kicker', '<p>Transport</p><h2>Harbour towns prepare</h2>'],
    [
      'after a lead image, its caption and a byline',
      '<figure><img src="https://i.example/a.jpg" alt="Pier"><figcaption>The pier.</figcaption></figure><p>By M. L.</p><h2>Harbour Towns Prepare</h2>',
    ],
    ['as a plain paragraph, in bold', '<p><strong>Harbour Towns Prepare</strong></p>'],
    ['as a plain paragraph after a kicker', '<p>Transport</p><div class="headline">Harbour towns prepare</div>'],
  ])('is written once when the body repeats it (%s)', (_name, heading) => {
    const { markdown } = convert(`${heading}<p>The winter timetable starts next Monday.</p>`, {
      title: 'Harbour towns prepare',
    });
    expect(markdown.match(/harbour towns/gi)).toHaveLength(1);
    expect(markdown.startsWith('# ')).toBe(true);
    expect(markdown).toContain('The winter timetable starts next Monday.');
  });

  it('keeps a paragraph that only starts like the title, or repeats it with the site name', () => {
    const { markdown } = convert(
      '<p>Harbour towns prepare for a long winter, and the ferries run less often.</p><p>Harbour towns prepare | The Coastal Post</p><p>Body.</p>',
      { title: 'Harbour towns prepare' },
    );
    expect(markdown).toBe(
      '# Harbour towns prepare\n\nHarbour towns prepare for a long winter, and the ferries run less often.\n\nHarbour towns prepare | The Coastal Post\n\nBody.',
    );
  });

  it('drops a site name after a separator, keeping the headline', () => {
    const { markdown } = convert('<h2>Harbour towns prepare</h2><p>Body.</p>', {
      title: 'Harbour towns prepare | The Coastal Post',
    });
    expect(markdown).toBe('# Harbour towns prepare\n\nBody.');
  });

  it('keeps a different first heading and a subtitle after a colon', () => {
    const { markdown } = convert('<h2>Harbour</h2><p>Body.</p>', { title: 'Harbour: towns prepare for winter' });
    expect(markdown).toBe('# Harbour: towns prepare for winter\n\n## Harbour\n\nBody.');
  });

  it('is left out with --no-title, and so is the body heading that repeats it', () => {
    const { markdown } = convert('<p>Transport</p><h2>Harbour Towns Prepare</h2><p>The timetable starts.</p>', {
      title: 'Harbour towns prepare',
      titleHeading: false,
    });
    expect(markdown).toBe('Transport\n\nThe timetable starts.');
  });

  it('with --no-title keeps a first heading that differs from the title', () => {
    const { markdown } = convert('<h2>Harbour</h2><p>Body.</p>', { title: 'Ferries', titleHeading: false });
    expect(markdown).toBe('## Harbour\n\nBody.');
  });

  it('escapes a title that looks like Markdown', () => {
    const { markdown } = convert('<p>Body.</p>', { title: '1. <b>Bold</b> *claims*' });
    expect(markdown.split('\n')[0]).toBe('# 1. \\<b>Bold\\</b> \\*claims\\*');
  });
});

describe('an empty body', () => {
  it('is no article, even with a title', () => {
    expect(() => convert('<!-- nothing --><script>x()</script><p> </p>', { title: 'Frames' })).toThrow(NoArticleError);
  });
});

describe('plain text', () => {
  it('has the visible text without Markdown syntax', () => {
    const { text } = convert(
      '<h2>Sub</h2><p>A <a href="https://x.example/">link</a>, <code>code</code> and <strong>bold</strong>.</p><ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul><blockquote><p>quoted</p></blockquote><pre><code class="language-js">let a = 1;</code></pre>',
      { title: 'Title' },
    );
    expect(text).toBe('Title\n\nSub\n\nA link, code and bold.\n\none\ntwo\n  deep\n\nquoted\n\nlet a = 1;');
  });

  it('shows a caption folded onto an image where the image stands, and no other alt or title', () => {
    const { markdown, text } = convert(
      '<p><img src="https://x.example/a.jpg" alt="Quay" title="The quay. Photo: Ana" data-declutter-caption="The quay. Photo: Ana"></p>' +
        '<p>Before <img src="https://x.example/b.jpg" alt="Boat" data-declutter-caption="A boat."> after.</p>' +
        '<p><img src="https://x.example/c.jpg" alt="Only an alt" title="Only a title"></p><p>End.</p>',
    );
    expect(markdown).toContain('![Quay](https://x.example/a.jpg "The quay. Photo: Ana")');
    expect(text).toBe('The quay. Photo: Ana\n\nBefore A boat. after.\n\nEnd.');
  });
});

describe('composed letters', () => {
  it('writes prose in NFC, and leaves code, URLs and CJK compatibility ideographs as the page has them', () => {
    const decomposed = 'cafe\u0301';
    const { markdown, text } = convert(
      `<p>A ${decomposed} and \u09df, beside \u{2f800} and \uf900.</p><p><code>${decomposed}</code> <a href="https://example.test/${decomposed}">link</a></p>`,
    );
    expect(text).toContain('A caf\u00e9 and \u09af\u09bc, beside \u{2f800} and \uf900.');
    expect(markdown).toContain(`\`${decomposed}\``);
    expect(markdown).not.toContain('\u4e3d'); // U+2F800's unified twin
    expect(markdown).not.toContain('\u8c48'); // U+F900's
  });

  it('drops soft hyphens from prose and alt text, and leaves code as the page has it', () => {
    const { markdown, text } = convert(
      '<p>En r\u00e9ac&shy;tion \u00e0 la can&shy;di&shy;da&shy;ture, <strong>Ab&shy;mahnung</strong>.</p>' +
        '<p><img src="https://example.test/a.jpg" alt="Schnee&shy;wittchen-Kuchen"> <code>a&shy;b</code></p>',
    );
    expect(text).toContain('En r\u00e9action \u00e0 la candidature, Abmahnung.');
    expect(markdown).toContain('![Schneewittchen-Kuchen](https://example.test/a.jpg)');
    expect(markdown).toContain('`a\u00adb`');
    expect(markdown.replace('`a\u00adb`', '')).not.toContain('\u00ad');
  });
});

describe('a <p> holding blocks (Readability turns a <div> of headings into a <p>)', () => {
  /** The article with a `<p>` whose children are the given HTML: built through the DOM, as the HTML parser never nests blocks in a `<p>`. */
  function convertParagraphHolding(inner: string): string {
    const ctx: PipelineContext = {
      options: resolveOptions(),
      baseUrl: undefined,
      trace: [],
      timings: {},
      warnings: [],
    };
    const document = new JSDOM('<body><article><p>Before.</p></article></body>').window.document;
    const article = document.querySelector('article');
    if (!article) throw new Error('no article');
    const holder = document.createElement('div');
    holder.innerHTML = inner;
    const paragraph = document.createElement('p');
    paragraph.append(...holder.childNodes);
    article.append(paragraph);
    return composeMarkdown(undefined, articleToMdast(article, ctx), { titleHeading: false }).markdown;
  }

  it('writes each heading on its own line, never two headings run together', () => {
    const markdown = convertParagraphHolding(
      '<h2>Comment</h2> <h3>You must <a href="https://x.example/login">log in</a> to comment.</h3>',
    );
    expect(markdown).toBe('Before.\n\n## Comment\n\n### You must [log in](https://x.example/login) to comment.');
    const headings = parseBack(markdown).filter((node) => node.type === 'heading');
    expect(headings.map((node) => toString(node))).toEqual(['Comment', 'You must log in to comment.']);
  });

  it('keeps loose text beside the blocks as paragraphs of its own', () => {
    expect(convertParagraphHolding('Lead text <em>here</em><ul><li>one</li><li>two</li></ul>Tail text')).toBe(
      'Before.\n\nLead text *here*\n\n- one\n- two\n\nTail text',
    );
  });

  it('leaves a paragraph of phrasing content one paragraph', () => {
    expect(convertParagraphHolding('One <strong>line</strong> of <a href="https://x.example/">text</a>.')).toBe(
      'Before.\n\nOne **line** of [text](https://x.example/).',
    );
  });
});

describe('a numbered list whose items print their own number', () => {
  const item = (counter: string, text: string): string => `<li><p class="counter">${counter}</p><p>${text}</p></li>`;

  it('is numbered once: each item loses its counter paragraph, the list keeps its numbers', () => {
    const markdown = convert(
      `<ol>${item('1.', 'Shear NH. Anticonvulsant hypersensitivity.')}${item('2.', 'Bocquet H. Drug-induced pseudolymphoma.')}${item('3.', 'Walsh S. Drug reaction with eosinophilia.')}</ol>`,
      { titleHeading: false },
    ).markdown;
    expect(markdown).toBe(
      '1. Shear NH. Anticonvulsant hypersensitivity.\n\n2. Bocquet H. Drug-induced pseudolymphoma.\n\n3. Walsh S. Drug reaction with eosinophilia.',
    );
  });

  it('counts from the list\'s start and accepts "3)" and a bare "3"', () => {
    const markdown = convert(`<ol start="3">${item('3)', 'Mix the flour.')}${item('4', 'Add the eggs.')}</ol>`, {
      titleHeading: false,
    }).markdown;
    expect(markdown).toBe('3. Mix the flour.\n\n4. Add the eggs.');
  });

  it('keeps numbers that do not follow the list, that share a paragraph with text, or that stand alone', () => {
    const countdown = convert(`<ol>${item('10.', 'Tenth place.')}${item('9.', 'Ninth place.')}</ol>`, {
      titleHeading: false,
    }).markdown;
    expect(countdown).toContain('10\\.');
    const inline = convert('<ol><li>1. Mix the flour.</li><li>2. Add the eggs.</li></ol>', {
      titleHeading: false,
    }).markdown;
    expect(inline).toContain('Mix the flour');
    expect(inline.match(/1\\?\./g)?.length).toBe(2);
    const alone = convert('<ol><li><p>1.</p></li><li><p>2.</p></li></ol>', { titleHeading: false }).markdown;
    expect(alone).toContain('2\\.');
    const bullets = convert(`<ul>${item('1.', 'First.')}${item('2.', 'Second.')}</ul>`, {
      titleHeading: false,
    }).markdown;
    expect(bullets).toContain('1\\.');
  });
});
