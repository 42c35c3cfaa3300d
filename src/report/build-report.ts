// The report of one page: the page as parsed with every change the rules made marked (found through the trace's
// paths, the one source of truth), the container Readability chose, what it dropped, the Markdown, a legend.

import { childElements, elementsWithTags } from '../stages/elements-by-tag.js';
import { elementPath, indexPage, placeOf, type PagePlaces } from '../stages/page-places.js';
import type { RuleDescription } from '../rules/apply-rules.js';
import type { DeclutterResult, TraceEntry } from '../types.js';
import { documentHead, REPORT_SCRIPT, REPORT_STYLE } from './assets.js';
import { CHANGE_LABELS, changeKindOf, FAMILIES, familyOf, type ChangeKind } from './families.js';
import { escapeAttribute, escapeText, shorten, withoutControlCharacters } from './html-text.js';
import { writeInertPage, type MarkEntry, type PageMarks } from './inert-page.js';

/** What the report shows on the left: the page as parsed (HTML input) or the text as read (a text dump). */
export type ReportedPage =
  | {
      kind: 'html';
      /** A copy of the `<html>` element as parsed, taken before any rule ran. */
      root: Element;
      /** The ordinals (page-places.ts) of the page nodes that ended up in Readability's article. */
      inArticle: ReadonlySet<number>;
    }
  | { kind: 'text'; text: string };

export interface ReportInput {
  page: ReportedPage;
  result: Pick<DeclutterResult, 'markdown' | 'metadata' | 'trace' | 'warnings'>;
  /** The rules of this run by id, for their `why`. */
  rules: ReadonlyMap<string, RuleDescription>;
  /** Show the page's images (http/https) instead of placeholders. */
  images: boolean;
}

/** The report as one self-contained, inert HTML document. */
export function buildReport({ page, result, rules, images }: ReportInput): string {
  const entries = result.trace.map((entry, index) => toMarkEntry(entry, index + 1, rules));
  let pageHtml: string;
  let unshown: { entry: TraceEntry; mark: MarkEntry }[];
  let shownCount = 0;
  if (page.kind === 'html') {
    const located = locate(page.root, page.inArticle, result.trace, entries);
    const written = writeInertPage(page.root, located.marks, { images, baseUrl: result.metadata.url });
    pageHtml = `<div class="dcl-page">${written.html}</div>`;
    // Changes, not marks: a change whose nodes stood apart on the page (a run in two places) is marked in each.
    shownCount = new Set(written.marks.flatMap((mark) => mark.entries)).size;
    const unshownMarks = new Set(written.unshown.flat());
    unshown = [
      ...located.unlocated,
      ...result.trace.flatMap((entry, index) => {
        const mark = entries[index] as MarkEntry;
        return unshownMarks.has(mark) ? [{ entry, mark }] : [];
      }),
    ];
  } else {
    pageHtml =
      '<p class="dcl-note">A text dump: its lines have no place in a page, so the removals are listed above, not marked here.</p>' +
      `<pre class="dcl-markdown">${escapeText(withoutControlCharacters(page.text))}</pre>`;
    unshown = result.trace.map((entry, index) => ({ entry, mark: entries[index] as MarkEntry }));
  }

  const title = withoutControlCharacters(result.metadata.title ?? 'untitled page');
  return (
    documentHead({
      title: `declutter report: ${escapeText(shorten(title, 200))}`,
      style: REPORT_STYLE,
      script: REPORT_SCRIPT,
      images,
    }) +
    '<body>\n<header class="dcl-top">\n' +
    `<h1>declutter report: ${escapeText(shorten(title, 300))}</h1>\n` +
    describePage(result, shownCount) +
    controls() +
    legend(entries) +
    rulesTable(result.trace, entries, rules) +
    unshownList(unshown, page.kind === 'text') +
    '</header>\n<main class="dcl-panes">\n' +
    `<section class="dcl-pane" aria-label="The page as parsed, with the changes marked"><h2>The page as parsed</h2>${pageHtml}</section>\n` +
    `<section class="dcl-pane" aria-label="The Markdown declutter wrote"><h2>The Markdown declutter wrote</h2><pre class="dcl-markdown">${escapeText(withoutControlCharacters(result.markdown))}</pre></section>\n` +
    `</main>\n<script>${REPORT_SCRIPT}</script>\n</body>\n</html>\n`
  );
}

function toMarkEntry(entry: TraceEntry, change: number, rules: ReadonlyMap<string, RuleDescription>): MarkEntry {
  const kind = changeKindOf(entry.action);
  const why = rules.get(entry.ruleId)?.why;
  const lines = [
    `${entry.ruleId}: ${CHANGE_LABELS[kind]} (${entry.phase} phase, ${entry.action}${entry.selector !== undefined ? `, selector ${entry.selector}` : ''})`,
    ...(why !== undefined ? [`why: ${why.replace(/\s+/g, ' ').trim()}`] : []),
    ...(entry.path !== undefined ? [`at: ${entry.path}`] : []),
  ];
  return {
    change,
    ruleId: entry.ruleId,
    kind,
    family: familyOf(entry),
    title: withoutControlCharacters(lines.join('\n')),
  };
}

interface Located {
  marks: PageMarks;
  unlocated: { entry: TraceEntry; mark: MarkEntry }[];
}

/** Finds each trace entry's element (or runs of nodes) in the copy of the page by its path. */
function locate(
  root: Element,
  inArticle: ReadonlySet<number>,
  trace: readonly TraceEntry[],
  entries: readonly MarkEntry[],
): Located {
  const places = indexPage(root);
  const byPath = new Map<string, Element>();
  byPath.set(elementPath(places, root) ?? '', root);
  for (const element of elementsWithTags(root, ['*'])) {
    const path = elementPath(places, element);
    if (path !== undefined) byPath.set(path, element);
  }
  const elements = new Map<Element, MarkEntry[]>();
  const runs = new Map<Element, { from: number; to: number; entries: MarkEntry[] }[]>();
  const unlocated: Located['unlocated'] = [];
  trace.forEach((entry, index) => {
    const mark = entries[index] as MarkEntry;
    const element = entry.path !== undefined ? byPath.get(entry.path) : undefined;
    if (element) {
      elements.set(element, [...(elements.get(element) ?? []), mark]);
      return;
    }
    const parts = (entry.parts ?? []).flatMap((part) => {
      const parent = byPath.get(part.path);
      return parent && part.from >= 0 && part.to >= part.from ? [{ parent, from: part.from, to: part.to }] : [];
    });
    if (parts.length === 0) {
      unlocated.push({ entry, mark });
      return;
    }
    for (const part of parts) {
      const list = runs.get(part.parent) ?? [];
      const same = list.find((run) => run.from === part.from && run.to === part.to);
      if (same) same.entries.push(mark);
      else list.push({ from: part.from, to: part.to, entries: [mark] });
      runs.set(part.parent, list);
    }
  });
  const kept = keptTester(places, inArticle);
  return {
    marks: { elements, runs, container: containerOf(root, places, inArticle), holdsKept: kept.holds, isKept: kept.is },
    unlocated,
  };
}

function keptTester(
  places: PagePlaces,
  inArticle: ReadonlySet<number>,
): { is: (node: Node) => boolean; holds: (node: Node) => boolean } {
  const holding = new WeakMap<Node, boolean>();
  const is = (node: Node): boolean => {
    const place = placeOf(places, node);
    return place !== undefined && inArticle.has(place.ordinal);
  };
  const holds = (node: Node): boolean => {
    const known = holding.get(node);
    if (known !== undefined) return known;
    let found = is(node);
    for (let child = node.firstChild; child && !found; child = child.nextSibling) found = holds(child);
    holding.set(node, found);
    return found;
  };
  return { is, holds };
}

/** The smallest element holding every page node Readability kept: the article container it chose. */
function containerOf(root: Element, places: PagePlaces, inArticle: ReadonlySet<number>): Element | undefined {
  if (inArticle.size === 0) return undefined;
  let first: Node | undefined;
  let last: Node | undefined;
  let node: Node | null = root;
  while (node) {
    const place = placeOf(places, node);
    if (place && inArticle.has(place.ordinal)) {
      first ??= node;
      last = node;
    }
    if (node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) node = node.parentNode;
    node = node && node !== root ? node.nextSibling : null;
  }
  if (!first || !last) return undefined;
  // In document order, everything between the first and the last kept node lies inside their common ancestor.
  let ancestor: Node | null = first;
  while (ancestor && !ancestor.contains(last)) ancestor = ancestor.parentNode;
  let container = ancestor?.nodeType === 1 ? (ancestor as Element) : (ancestor?.parentElement ?? undefined);
  if (container === root) container = childElements(root).find((child) => child.localName === 'body');
  return container;
}

function describePage(result: ReportInput['result'], shown: number): string {
  const url = result.metadata.url;
  const counts = countKinds(result.trace);
  const summary = (Object.keys(CHANGE_LABELS) as ChangeKind[])
    .filter((kind) => (counts.get(kind) ?? 0) > 0)
    .map((kind) => `${counts.get(kind) ?? 0} ${CHANGE_LABELS[kind]}`)
    .join(', ');
  const warnings = result.warnings
    .map((warning) => `<br>warning: ${escapeText(withoutControlCharacters(warning))}`)
    .join('');
  return (
    `<div class="dcl-meta">${url !== undefined ? `${escapeText(withoutControlCharacters(url))} · ` : ''}` +
    `${result.trace.length} change${result.trace.length === 1 ? '' : 's'} by the rules${summary ? ` (${summary})` : ''}, ${shown} marked on the page.` +
    ` Nothing in this report loads or runs anything from the page: scripts, handlers, frames and styles are gone, links do not lead anywhere.${warnings}</div>\n`
  );
}

function countKinds(trace: readonly TraceEntry[]): Map<ChangeKind, number> {
  const counts = new Map<ChangeKind, number>();
  for (const entry of trace) counts.set(changeKindOf(entry.action), (counts.get(changeKindOf(entry.action)) ?? 0) + 1);
  return counts;
}

function controls(): string {
  return (
    '<div class="dcl-controls">' +
    '<button type="button" id="dcl-prev" title="previous change (p or k)">◀ previous</button>' +
    '<button type="button" id="dcl-next" title="next change (n or j)">next ▶</button>' +
    '<span id="dcl-status" role="status" aria-live="polite">n / p (or j / k) step through the changes; Tab reaches each too</span>' +
    '<label><input type="checkbox" id="dcl-hide-removed"> hide what the rules removed</label>' +
    '<label><input type="checkbox" id="dcl-hide-dropped"> hide what Readability dropped</label>' +
    '<label><input type="checkbox" id="dcl-hide-labels"> hide labels</label>' +
    '</div>\n'
  );
}

function legend(entries: readonly MarkEntry[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.family.key, (counts.get(entry.family.key) ?? 0) + 1);
  const items = FAMILIES.filter((family) => (counts.get(family.key) ?? 0) > 0).map(
    (family) =>
      `<li><span class="dcl-swatch dcl-fam-${family.key}" aria-hidden="true"></span>${escapeText(family.label)}: <strong>${counts.get(family.key) ?? 0}</strong></li>`,
  );
  items.push(
    '<li><span class="dcl-swatch dcl-article" aria-hidden="true"></span>double outline: the container Readability chose</li>',
    '<li><span class="dcl-swatch dcl-dropped" aria-hidden="true"></span>grey, hatched: dropped by Readability</li>',
    '<li>solid outline: removed · dotted: folded into its image · dashed: unwrapped, unhidden or an attribute changed (content kept)</li>',
  );
  return `<ul class="dcl-legend" aria-label="Legend">${items.join('')}</ul>\n`;
}

function rulesTable(
  trace: readonly TraceEntry[],
  entries: readonly MarkEntry[],
  rules: ReadonlyMap<string, RuleDescription>,
): string {
  if (trace.length === 0) return '<div class="dcl-meta">No rule changed this page.</div>\n';
  const byRule = new Map<string, { count: number; mark: MarkEntry; action: string }>();
  trace.forEach((entry, index) => {
    const known = byRule.get(entry.ruleId);
    if (known) known.count += 1;
    else byRule.set(entry.ruleId, { count: 1, mark: entries[index] as MarkEntry, action: entry.action });
  });
  const rows = [...byRule.entries()].map(
    ([ruleId, { count, mark, action }]) =>
      `<tr><td><span class="dcl-swatch dcl-fam-${mark.family.key}" aria-hidden="true"></span>${escapeText(mark.family.label)}</td>` +
      `<td><code>${escapeText(withoutControlCharacters(ruleId))}</code></td><td>${count}</td><td>${escapeText(action)}</td>` +
      `<td>${escapeText(withoutControlCharacters(rules.get(ruleId)?.why.replace(/\s+/g, ' ').trim() ?? ''))}</td></tr>`,
  );
  return (
    `<details class="dcl-rules"><summary>${byRule.size} rule${byRule.size === 1 ? '' : 's'} changed this page: ids, counts and why</summary>` +
    `<table><thead><tr><th>family</th><th>rule</th><th>changes</th><th>action</th><th>why</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>\n`
  );
}

function unshownList(unshown: readonly { entry: TraceEntry; mark: MarkEntry }[], textDump: boolean): string {
  if (unshown.length === 0) return '';
  const items = unshown.map(
    ({ entry, mark }) =>
      `<li title="${escapeAttribute(mark.title)}"><code>${escapeText(withoutControlCharacters(entry.ruleId))}</code> ${escapeText(CHANGE_LABELS[mark.kind])}: ${escapeText(withoutControlCharacters(entry.preview))}</li>`,
  );
  return (
    `<details class="dcl-rules dcl-unshown"${textDump ? ' open' : ''}><summary>${unshown.length} change${unshown.length === 1 ? '' : 's'} not marked on the page ` +
    `(${textDump ? 'lines of a text dump' : 'in the head, inside an embed, or on something made after parsing'})</summary>` +
    `<ul>${items.join('')}</ul></details>\n`
  );
}
