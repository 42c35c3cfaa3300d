// <table> → a GFM table when it fits one; otherwise a readable fallback that keeps every cell.
//
// GFM tables hold one line of inline content per cell and no spans. So:
// - a layout table (role=presentation, one row or one column without a header, or a headerless
//   table with tables nested in it) is unwrapped: its cells' content in reading order;
// - a data table whose cells are inline content becomes a GFM table; colspan/rowspan are laid
//   out on the HTML table grid and expanded, the cell's content repeated in every slot it covers
//   (GFM has no spans: a row reads whole only with its "2021" or "Traffic" in it), except a
//   cell spanning the whole width (a title or section row) and pictures, which are shown once;
// - a data table with block content in its cells (lists, code, nested tables, several blocks)
//   becomes a list with one item per row, each cell a paragraph labelled with its column header.

import type { Element } from 'hast';
import type { State } from 'hast-util-to-mdast';
import type { BlockContent, List, ListItem, Paragraph, PhrasingContent, RootContent, Table, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Handle } from 'hast-util-to-mdast';
import { PHRASING_TYPES } from './phrasing.js';

interface SourceCell {
  header: boolean;
  /** Whether a table is nested anywhere inside the cell. */
  nested: boolean;
  colSpan: number;
  rowSpan: number;
  content: RootContent[];
}

interface Slot {
  cell: SourceCell;
  origin: boolean;
}

type Grid = Slot[][];

// HTML's own caps on spans (colspan ≤ 1000, rowspan ≤ 65534).
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 65534;

/** Converts a `<table>` to a GFM table, a labelled list, or its unwrapped cells (see above). */
export const handleTable: Handle = (state, node) => {
  const caption = node.children.find((child) => isElement(child, 'caption'));
  const before = caption ? state.toFlow(state.all(caption)) : [];
  const rowElements = collectRows(node);
  const rows = rowElements.map((row) => collectCells(state, row));
  const cellCount = rows.reduce((sum, row) => sum + row.length, 0);
  if (cellCount === 0) return before;
  const headerRow = hasHeaderRow(node, rows);
  if (isLayoutTable(node, rows, headerRow)) {
    return [...before, ...rows.flat().flatMap((cell) => state.toFlow(cell.content))];
  }
  const inline = rows.every((row) => row.every((cell) => toInline(cell.content) !== undefined));
  const grid = buildGrid(rows, 4 * cellCount + 1024);
  if (grid && inline) return [...before, toGfmTable(grid)];
  return [...before, ...toRecords(state, rows, grid, headerRow)];
};

function isElement(node: unknown, tagName: string): node is Element {
  const candidate = node as { type?: unknown; tagName?: unknown };
  return candidate.type === 'element' && candidate.tagName === tagName;
}

/** Rows in display order: head, then body rows and bare rows, then foot. Nested tables are not entered. */
function collectRows(table: Element): Element[] {
  const head: Element[] = [];
  const body: Element[] = [];
  const foot: Element[] = [];
  for (const child of table.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'tr') body.push(child);
    const target = child.tagName === 'thead' ? head : child.tagName === 'tfoot' ? foot : body;
    if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) {
      for (const row of child.children) if (isElement(row, 'tr')) target.push(row);
    }
  }
  return [...head, ...body, ...foot];
}

function collectCells(state: State, row: Element): SourceCell[] {
  const cells: SourceCell[] = [];
  for (const child of row.children) {
    if (child.type !== 'element' || (child.tagName !== 'td' && child.tagName !== 'th')) continue;
    cells.push({
      header: child.tagName === 'th',
      nested: containsTable(child),
      colSpan: span(child.properties.colSpan, 1, MAX_COLSPAN),
      rowSpan: span(child.properties.rowSpan, 0, MAX_ROWSPAN),
      content: state.all(child),
    });
  }
  return cells;
}

function containsTable(element: Element): boolean {
  return element.children.some(
    (child) => child.type === 'element' && (child.tagName === 'table' || containsTable(child)),
  );
}

/** A span attribute as HTML reads it: a whole number within [min, max], 1 when missing or invalid. */
function span(value: unknown, min: number, max: number): number {
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed < min) return 1;
  return Math.min(Math.trunc(parsed), max);
}

function hasHeaderRow(table: Element, rows: SourceCell[][]): boolean {
  const head = table.children.some(
    (child) => isElement(child, 'thead') && child.children.some((r) => isElement(r, 'tr')),
  );
  const first = rows[0] ?? [];
  return head || (first.length > 0 && first.every((cell) => cell.header));
}

function isLayoutTable(table: Element, rows: SourceCell[][], headerRow: boolean): boolean {
  const role = typeof table.properties.role === 'string' ? table.properties.role.toLowerCase() : '';
  if (role === 'presentation' || role === 'none') return true;
  // One row or one column: boxes around content, unless headed (a header row, a headed list).
  if (rows.length <= 1 && !headerRow) return true;
  if (rows.every((row) => row.length <= 1)) return !headerRow || rows.length <= 1;
  // Tables inside a headerless table: the outer one lays out the page.
  return !headerRow && rows.some((row) => row.some((cell) => cell.nested));
}

/**
 * A cell's content as one line of phrasing, or `undefined` when it holds blocks a GFM cell
 * cannot: paragraphs and headings are flattened (joined by a space), anything else is a block.
 */
function toInline(content: readonly RootContent[]): PhrasingContent[] | undefined {
  const result: PhrasingContent[] = [];
  let needsSpace = false;
  for (const node of content) {
    if (PHRASING_TYPES.has(node.type)) {
      result.push(node as PhrasingContent);
      needsSpace = false;
    } else if (node.type === 'paragraph' || node.type === 'heading') {
      if (result.length > 0 && needsSpace) result.push({ type: 'text', value: ' ' });
      result.push(...node.children);
      needsSpace = true;
    } else {
      return undefined;
    }
  }
  return result;
}

/** Lays the cells out on the HTML table grid; `undefined` when it would exceed `limit` slots. */
function buildGrid(rows: SourceCell[][], limit: number): Grid | undefined {
  const grid: Grid = rows.map(() => []);
  let used = 0;
  for (const [rowIndex, row] of rows.entries()) {
    let column = 0;
    for (const cell of row) {
      const slots = grid[rowIndex] ?? [];
      while (slots[column] !== undefined) column++;
      const remaining = rows.length - rowIndex;
      const rowSpan = cell.rowSpan === 0 ? remaining : Math.min(cell.rowSpan, remaining);
      for (let r = 0; r < rowSpan; r++) {
        const target = grid[rowIndex + r] ?? [];
        for (let c = 0; c < cell.colSpan; c++) {
          if (++used > limit) return undefined;
          target[column + c] ??= { cell, origin: r === 0 && c === 0 };
        }
      }
      column += cell.colSpan;
    }
  }
  const width = Math.max(...grid.map((row) => row.length));
  return width * grid.length > limit ? undefined : grid;
}

function toGfmTable(grid: Grid): Table {
  const width = Math.max(...grid.map((row) => row.length));
  const children: TableRow[] = grid.map((row) => ({
    type: 'tableRow',
    children: Array.from({ length: width }, (_, column) => {
      const slot = row[column];
      const content =
        slot && (slot.origin || repeatsInSpan(slot.cell, width)) ? (toInline(slot.cell.content) ?? []) : [];
      // A repeated cell gets its own copy: later passes over the tree change nodes in place.
      return { type: 'tableCell', children: slot?.origin ? content : structuredClone(content) };
    }),
  }));
  // GFM needs a header row: the first row is it (it usually is one, with or without <th>).
  return { type: 'table', align: Array.from({ length: width }, () => null), children };
}

/** Whether a spanning cell's content is repeated in the slots it covers (see the top of this file). */
function repeatsInSpan(cell: SourceCell, width: number): boolean {
  if (cell.colSpan >= width) return false;
  const pictured = (nodes: readonly RootContent[]): boolean =>
    nodes.some(
      (node) =>
        node.type === 'image' || node.type === 'imageReference' || ('children' in node && pictured(node.children)),
    );
  return !pictured(cell.content);
}

/**
 * One list item per row; each cell is a paragraph (or blocks) labelled with its column header.
 * Header cells that are not short text are not used as labels, and a header that labels no
 * cell is kept as a first item of its own, so no header text is lost.
 */
function toRecords(state: State, rows: SourceCell[][], grid: Grid | undefined, headerRow: boolean): BlockContent[] {
  const useLabels = headerRow && (rows[0] ?? []).every((cell) => toInline(cell.content) !== undefined);
  const labels = useLabels ? headerLabels(rows, grid) : [];
  const usedLabels = new Set<string>();
  const items: ListItem[] = [];
  for (const [index, row] of rows.entries()) {
    if (useLabels && index === 0) continue;
    const gridRow = grid?.[index];
    const blocks: ListItem['children'] = [];
    for (const [position, cell] of row.entries()) {
      const column = gridRow ? gridRow.findIndex((slot) => slot?.origin && slot.cell === cell) : position;
      const label = labels[column] ?? '';
      const content = state.toFlow(cell.content);
      if (content.length > 0 && label !== '') usedLabels.add(label);
      blocks.push(...labelled(content, label));
    }
    if (blocks.length > 0) items.push({ type: 'listItem', spread: blocks.length > 1, children: blocks });
  }
  if (useLabels && labels.some((label) => label !== '' && !usedLabels.has(label))) {
    const header = (rows[0] ?? []).flatMap((cell) => state.toFlow(cell.content));
    if (header.length > 0) items.unshift({ type: 'listItem', spread: header.length > 1, children: header });
  }
  const list: List = { type: 'list', ordered: false, spread: items.some((item) => item.spread), children: items };
  return items.length > 0 ? [list] : [];
}

function headerLabels(rows: SourceCell[][], grid: Grid | undefined): string[] {
  const header = grid?.[0];
  if (header) return Array.from(header, (slot) => (slot ? cellText(slot.cell) : ''));
  return (rows[0] ?? []).map(cellText);
}

function cellText(cell: SourceCell): string {
  return toString({ type: 'root', children: cell.content }).replace(/\s+/g, ' ').trim().replace(/\s*:$/, '');
}

function labelled(blocks: ListItem['children'], label: string): ListItem['children'] {
  if (blocks.length === 0 || label === '') return blocks;
  const prefix: PhrasingContent[] = [{ type: 'strong', children: [{ type: 'text', value: `${label}:` }] }];
  const [first, ...rest] = blocks;
  if (first?.type === 'paragraph') {
    const paragraph: Paragraph = { ...first, children: [...prefix, { type: 'text', value: ' ' }, ...first.children] };
    return [paragraph, ...rest];
  }
  return [{ type: 'paragraph', children: prefix }, ...blocks];
}
