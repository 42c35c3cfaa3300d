// Tables: GFM when the table fits one, otherwise a fallback that still holds every cell.

import { JSDOM } from 'jsdom';
import type { Nodes, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.js';
import { articleToMdast, composeMarkdown } from '../src/stages/to-markdown.js';
import type { PipelineContext } from '../src/types.js';

const parser = unified().use(remarkParse).use(remarkGfm);

function convert(html: string) {
  const ctx: PipelineContext = { options: resolveOptions(), baseUrl: undefined, trace: [], timings: {}, warnings: [] };
  const article = new JSDOM(`<body><article>${html}</article>`).window.document.querySelector('article');
  if (!article) throw new Error('no article');
  return composeMarkdown(undefined, articleToMdast(article, ctx), { titleHeading: true });
}

/** The rows of the first GFM table in the Markdown (at any depth), as a reader's parser sees them. */
function tableRows(markdown: string): string[][] | undefined {
  const find = (node: Nodes): Table | undefined => {
    if (node.type === 'table') return node;
    if (!('children' in node)) return undefined;
    for (const child of node.children) {
      const table = find(child);
      if (table) return table;
    }
    return undefined;
  };
  return find(parser.parse(markdown))?.children.map((row) => row.children.map((cell) => toString(cell)));
}

/** Every piece of text in every cell must be somewhere in the output: no cell is ever lost. */
function expectEveryCell(html: string, markdown: string): void {
  const document = new JSDOM(html).window.document;
  const walker = document.createTreeWalker(document.body, 4);
  const flat = markdown.replace(/\s+/g, ' ');
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) expect(flat).toContain(text);
  }
}

describe('GFM tables', () => {
  it('converts a data table with a head', () => {
    const html =
      '<table><thead><tr><th>Town</th><th>Crossings</th></tr></thead><tbody><tr><td>Northtown</td><td>2</td></tr><tr><td>East <b>port</b></td><td><p>4</p></td></tr></tbody></table>';
    const { markdown, text } = convert(html);
    expect(tableRows(markdown)).toEqual([
      ['Town', 'Crossings'],
      ['Northtown', '2'],
      ['East port', '4'],
    ]);
    expect(markdown).toContain('| East **port** | 4 |');
    expect(text).toBe('Town\tCrossings\nNorthtown\t2\nEast port\t4');
  });

  it('uses the first row as the header of a headless table', () => {
    expect(
      tableRows(convert('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>').markdown),
    ).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('escapes pipes in cells, including in code', () => {
    const { markdown } = convert(
      '<table><tr><th>op</th><th>code</th></tr><tr><td>a|b</td><td><code>x || y</code></td></tr></table>',
    );
    expect(tableRows(markdown)).toEqual([
      ['op', 'code'],
      ['a|b', 'x || y'],
    ]);
  });

  it('expands colspan and rowspan on the grid: each row reads whole', () => {
    const html =
      '<table><tr><th>Region</th><th colspan="2">2024</th></tr><tr><td rowspan="2">North</td><td>Q1</td><td>Q2</td></tr><tr><td>3</td><td>4</td></tr></table>';
    const { markdown } = convert(html);
    expect(tableRows(markdown)).toEqual([
      ['Region', '2024', '2024'],
      ['North', 'Q1', 'Q2'],
      ['North', '3', '4'],
    ]);
    expectEveryCell(html, markdown);
  });

  it('shows a full-width row (a title, an infobox photo) and a spanning picture once', () => {
    const html =
      '<table><tr><th colspan="2">Östvik</th></tr><tr><td colspan="2"><img src="https://img.example/h.jpg" alt="Harbour"></td></tr>' +
      '<tr><th>Country</th><td>Nordland</td></tr><tr><td rowspan="2"><img src="https://img.example/m.png" alt="Map"></td><td>Coast</td></tr><tr><td>Inland</td></tr></table>';
    const { markdown } = convert(html);
    expect(tableRows(markdown)).toEqual([
      ['Östvik', ''],
      ['Harbour', ''],
      ['Country', 'Nordland'],
      ['Map', 'Coast'],
      ['', 'Inland'],
    ]);
  });

  it('puts the head first and the foot last, whatever the source order', () => {
    const html =
      '<table><tfoot><tr><td>Total</td><td>9</td></tr></tfoot><tbody><tr><td>a</td><td>4</td></tr></tbody><thead><tr><th>Item</th><th>n</th></tr></thead></table>';
    expect(tableRows(convert(html).markdown)).toEqual([
      ['Item', 'n'],
      ['a', '4'],
      ['Total', '9'],
    ]);
  });

  it('keeps the caption as a paragraph before the table', () => {
    const { markdown } = convert(
      '<table><caption>Ferry times</caption><tr><th>Day</th></tr><tr><td>Mon</td></tr></table>',
    );
    expect(markdown).toBe('Ferry times\n\n| Day |\n| - |\n| Mon |');
  });
});

describe('tables GFM cannot express', () => {
  it('turns a table with block content into a labelled list that keeps every cell', () => {
    const html =
      '<table><tr><th>Step</th><th>How</th></tr><tr><td>Install</td><td><pre><code class="language-sh">npm i</code></pre></td></tr><tr><td>Check</td><td><ul><li>run it</li><li>read the log</li></ul></td></tr></table>';
    const { markdown } = convert(html);
    expect(markdown).toBe(
      '- **Step:** Install\n\n  **How:**\n\n  ```sh\n  npm i\n  ```\n\n- **Step:** Check\n\n  **How:**\n\n  - run it\n  - read the log',
    );
    expect(tableRows(markdown)).toBeUndefined();
    expectEveryCell(html, markdown);
  });

  it('keeps a nested data table as a GFM table inside the fallback', () => {
    const html =
      '<table><tr><th>Name</th><th>Detail</th></tr><tr><td>Ferry</td><td><table><tr><th>k</th><th>v</th></tr><tr><td>speed</td><td>12 kn</td></tr></table></td></tr></table>';
    const { markdown } = convert(html);
    expect(markdown).toContain('- **Name:** Ferry');
    expect(tableRows(markdown)).toEqual([
      ['k', 'v'],
      ['speed', '12 kn'],
    ]);
    expectEveryCell(html, markdown);
  });

  it.each([
    [
      'role=presentation',
      '<table role="presentation"><tr><td><p>Left text.</p></td><td><p>Right text.</p></td></tr></table>',
    ],
    ['one column', '<table><tr><td><p>Boxed paragraph one.</p><p>Two.</p></td></tr></table>'],
    [
      'a headerless table around tables',
      '<table><tr><td><table><tr><td>menu</td><td>more</td></tr></table></td><td><p>Story.</p></td></tr></table>',
    ],
  ])('unwraps a layout table (%s) into its content', (_name, html) => {
    const { markdown } = convert(html);
    expect(markdown).not.toContain('|');
    expect(markdown).not.toMatch(/^- /m);
    expectEveryCell(html, markdown);
  });

  it('falls back instead of writing a huge grid for absurd spans', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `<tr><td>r${i}</td><td>v${i}</td></tr>`).join('');
    const html = `<table><tr><th colspan="1000">Wide</th><th>x</th></tr>${rows}</table>`;
    const { markdown } = convert(html);
    expect(markdown.length).toBeLessThan(5000);
    expectEveryCell(html, markdown);
  });

  it('ignores an empty table', () => {
    expect(convert('<p>Before.</p><table><tr></tr></table><p>After.</p>').markdown).toBe('Before.\n\nAfter.');
  });
});
