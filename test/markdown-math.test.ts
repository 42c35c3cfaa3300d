// Maths: <math> and formula pictures as $…$ / $$…$$ TeX that reads back the same with a maths-aware parser and
// safely without one.

import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import type { Nodes, Root } from 'mdast';
import { mathFromMarkdown } from 'mdast-util-math';
import { toString } from 'mdast-util-to-string';
import { math } from 'micromark-extension-math';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.js';
import { articleToMdast, composeMarkdown } from '../src/stages/to-markdown.js';
import type { PipelineContext } from '../src/types.js';

/** A renderer that knows no maths (plain CommonMark + GFM). */
const plainParser = unified().use(remarkParse).use(remarkGfm);
/** A renderer that knows `$…$` maths (as GitHub, pandoc and Obsidian do). */
const mathParser = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(function mathSyntax() {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(math());
    (data.fromMarkdownExtensions ??= []).push(mathFromMarkdown());
  });

const { document } = new JSDOM('').window;

function convert(html: string) {
  const ctx: PipelineContext = { options: resolveOptions(), baseUrl: undefined, trace: [], timings: {}, warnings: [] };
  const article = document.createElement('article');
  article.innerHTML = html;
  return composeMarkdown(undefined, articleToMdast(article, ctx), { titleHeading: true });
}

function nodes(tree: Root): Nodes[] {
  const all: Nodes[] = [];
  const walk = (node: Nodes): void => {
    all.push(node);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return all;
}

/** The maths a maths-aware reader finds, in order: `$x$` for inline, `$$x$$` for display. */
function mathsRead(markdown: string): string[] {
  return nodes(mathParser.parse(markdown)).flatMap((node) => {
    if (node.type === 'inlineMath') return [`$${node.value}$`];
    if (node.type === 'math') return [`$$${node.value}$$`];
    return [];
  });
}

const annotated = (tex: string, shown = '<mi>x</mi>', attributes = ''): string =>
  `<math${attributes}><semantics><mrow>${shown}</mrow><annotation encoding="application/x-tex">${tex}</annotation></semantics></math>`;

describe('maths', () => {
  it('writes inline <math> as $…$ from its TeX annotation, display maths as $$…$$', () => {
    const { markdown, text } = convert(
      `<p>When ${annotated('{\\displaystyle a\\neq 0}', '<mi>a</mi><mo>≠</mo><mn>0</mn>')}, there are two solutions.</p>` +
        `<p>They are:</p>${annotated('x={\\frac {-b\\pm {\\sqrt {b^{2}-4ac}}}{2a}}', '<mi>x</mi>', ' display="block"')}`,
    );
    expect(markdown).toContain('When $a\\neq 0$, there are two solutions.');
    expect(markdown).toContain('They are:\n\n$$\nx={\\frac {-b\\pm {\\sqrt {b^{2}-4ac}}}{2a}}\n$$');
    expect(mathsRead(markdown)).toEqual(['$a\\neq 0$', '$$x={\\frac {-b\\pm {\\sqrt {b^{2}-4ac}}}{2a}}$$']);
    expect(text).toContain('When a\\neq 0, there are two solutions.');
  });

  it('converts MathML without a TeX annotation (mathml-to-latex), and keeps malformed maths as its text', () => {
    const { markdown } = convert(
      '<p>So <math><msup><mi>x</mi><mn>2</mn></msup><mo>≥</mo><mn>0</mn></math> holds, and <math><mi>y</mi><mo>=</mo></mtext></math> too.</p>',
    );
    expect(mathsRead(markdown)).toEqual(['$x^{2} \\geq 0$', '$y =$']);
  });

  it('reads a formula picture (MediaWiki fallback, a blog LaTeX image) from its alt; a photo stays a photo', () => {
    const { markdown } = convert(
      '<p>Area <img class="mwe-math-fallback-image-inline" src="https://w.example/math/render/svg/1" alt="{\\displaystyle \\pi r^{2}}"> and ' +
        '<img class="latex" src="https://b.example/latex.php?latex=x" alt="\\frac{1}{2}"> with a photo ' +
        '<img src="https://b.example/harbour.jpg" alt="Harbour at dawn">.</p>' +
        '<dl><dd><img class="mwe-math-fallback-image-display" src="https://w.example/math/render/svg/2" alt="{\\displaystyle E=mc^{2}}"></dd></dl>',
    );
    expect(mathsRead(markdown)).toEqual(['$\\pi r^{2}$', '$\\frac{1}{2}$', '$$E=mc^{2}$$']);
    expect(markdown).toContain('![Harbour at dawn](https://b.example/harbour.jpg)');
    expect(markdown).not.toContain('- $$');
  });

  it('splits a paragraph around display maths, and writes display maths in a heading or table cell inline', () => {
    const { markdown } = convert(
      `<p>Before ${annotated('a+b', '<mi>a</mi>', ' display="block"')} after.</p>` +
        `<h2>Law ${annotated('F=ma', '<mi>F</mi>', ' display="block"')}</h2>` +
        `<table><tr><th>Name</th><th>Value</th></tr><tr><td>Norm</td><td>${annotated('|x| + \\|y\\|')}</td></tr></table>`,
    );
    expect(markdown).toContain('Before\n\n$$\na+b\n$$\n\nafter.');
    expect(markdown).toContain('## Law $F=ma$');
    expect(markdown).toContain('| Norm | $\\vert x\\vert + \\Vert y\\Vert$ |');
    expect(mathsRead(markdown)).toContain('$\\vert x\\vert + \\Vert y\\Vert$');
  });

  it('escapes a $ in text only beside maths', () => {
    expect(convert('<p>It costs $5 and $10.</p>').markdown).toBe('It costs $5 and $10.');
    const { markdown } = convert(`<p>It costs $5 and ${annotated('x')} is $10.</p>`);
    expect(markdown).toBe('It costs \\$5 and $x$ is \\$10.');
    expect(mathsRead(markdown)).toEqual(['$x$']);
  });

  it('TeX from a page never makes HTML, a link or a block where maths is not rendered', () => {
    const texChars = fc.constantFrom(
      ...'<>[]()!*_`#-+=|~$%\\{}&:;/ \n'.split(''),
      '<script>',
      '](javascript:alert(1))',
      '<img src=x onerror=alert(1)>',
      '\n# ',
      '\n- ',
      '\n===\n',
      'javascript:',
      '\\frac',
      'x',
      '1.',
    );
    const tex = fc.array(texChars, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(tex, fc.boolean(), (source, display) => {
        const escaped = source.replace(/&/g, '&amp;').replace(/</g, '&lt;');
        const { markdown } = convert(
          `<p>Words ${annotated(escaped, '<mi>x</mi>', display ? ' display="block"' : '')} end.</p>`,
        );
        const plain = nodes(plainParser.parse(markdown));
        for (const node of plain) {
          expect(node.type, markdown).not.toBe('html');
          expect(node.type, markdown).not.toBe('link');
          expect(['heading', 'list', 'blockquote', 'code', 'thematicBreak', 'table'], markdown).not.toContain(
            node.type,
          );
        }
        // Read with maths, the formula is one maths node and the words around it stay text.
        const tree = mathParser.parse(markdown);
        expect(
          nodes(tree).filter((node) => node.type === 'math' || node.type === 'inlineMath').length,
          markdown,
        ).toBeLessThanOrEqual(1);
        expect(toString(tree), markdown).toMatch(/^Words[^]*end\.$/);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
