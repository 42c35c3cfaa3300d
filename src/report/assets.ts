// The report's own stylesheet and script, and the Content-Security-Policy that allows exactly these and nothing else.

import { createHash } from 'node:crypto';
import { FAMILIES } from './families.js';
import { escapeAttribute } from './html-text.js';

const familyRules = FAMILIES.map(
  (family) => `
.dcl-fam-${family.key} { outline: 3px solid ${family.colour}; background: ${family.pattern}; }
.dcl-fam-${family.key} > .dcl-label, .dcl-swatch.dcl-fam-${family.key} { background-color: ${family.colour}; }
.dcl-swatch.dcl-fam-${family.key} { background: ${family.pattern}, #fff; outline: 3px solid ${family.colour}; }`,
).join('');

/** The page report's stylesheet. No url(), no @import: it loads nothing. */
export const REPORT_STYLE = `
:root { color-scheme: light; font: 15px/1.45 system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: #1a1a1a; background: #fff; display: flex; flex-direction: column; height: 100vh; }
header.dcl-top { flex: none; max-height: 45vh; overflow: auto; background: #f6f6f4; border-bottom: 1px solid #bbb; padding: .5rem 1rem; }
header.dcl-top h1 { font-size: 1.05rem; margin: 0 0 .25rem; }
.dcl-meta { color: #444; font-size: .85rem; overflow-wrap: anywhere; }
.dcl-controls { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; margin-top: .35rem; }
.dcl-controls button { font: inherit; padding: .15rem .6rem; }
.dcl-legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; list-style: none; margin: .35rem 0 0; padding: 0; font-size: .85rem; }
.dcl-legend li { display: flex; align-items: center; gap: .35rem; }
.dcl-swatch { display: inline-block; width: 1.6rem; height: 1rem; }
.dcl-swatch.dcl-article { outline: 3px double #222; background: #fff; }
.dcl-swatch.dcl-dropped { background: repeating-linear-gradient(135deg, #0000001f 0 2px, transparent 2px 5px), #eee; outline: 1px dotted #777; }
details.dcl-rules { font-size: .85rem; margin-top: .3rem; }
details.dcl-rules table { border-collapse: collapse; margin: .3rem 0; }
details.dcl-rules td, details.dcl-rules th { border: 1px solid #ccc; padding: .1rem .4rem; text-align: left; vertical-align: top; }
main.dcl-panes { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
@media (max-width: 900px) { body { display: block; height: auto; } main.dcl-panes { display: block; } }
section.dcl-pane { overflow: auto; padding: .75rem 1rem 3rem; border-right: 1px solid #ccc; }
section.dcl-pane > h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: #555; margin: 0 0 .5rem; }
pre.dcl-markdown { white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.45 ui-monospace, monospace; margin: 0; }
.dcl-page { overflow-wrap: anywhere; }
.dcl-page img { max-width: 100%; height: auto; }
.dcl-page table { border-collapse: collapse; }
.dcl-page td, .dcl-page th { border: 1px solid #ddd; padding: .15rem .3rem; }
.dcl-page pre { white-space: pre-wrap; }
.dcl-link { color: #1f4f9a; text-decoration: underline; }
.dcl-ph { display: inline-block; border: 1px dashed #888; background: #f3f3f3; color: #333; padding: .1rem .35rem; margin: .1rem 0; font-size: .85rem; }
.dcl-url { color: #555; font-family: ui-monospace, monospace; font-size: .8rem; overflow-wrap: anywhere; }
.dcl-mark { outline-offset: 1px; margin: 6px 0; display: block; position: relative; }
span.dcl-mark { display: inline; }
.dcl-label { display: inline-block; font: 600 11px/1.3 ui-monospace, monospace; color: #fff; background: #333; padding: 1px 5px; margin: 0 .4rem .2rem 0; border: 1px solid #000; }
.dcl-article { outline: 3px double #222; outline-offset: 4px; display: block; margin: 10px 0; }
.dcl-article-label { background: #222; }
.dcl-dropped { color: #6b6b6b; background: repeating-linear-gradient(135deg, #0000001a 0 2px, transparent 2px 5px); }
.dcl-hidden-in-page { border-left: 3px dotted #999; padding-left: .3rem; }
body:has(#dcl-hide-removed:checked) .dcl-removed, body:has(#dcl-hide-removed:checked) .dcl-folded { display: none; }
body:has(#dcl-hide-dropped:checked) .dcl-dropped { display: none; }
body:has(#dcl-hide-labels:checked) .dcl-page .dcl-label { display: none; }
.dcl-unshown { font-size: .85rem; }
.dcl-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
${familyRules}
/* After the family rules, which set the whole outline: what the change was shows in its style. */
.dcl-mark.dcl-unwrapped, .dcl-mark.dcl-unhidden, .dcl-mark.dcl-edited { outline-style: dashed; background: none; }
.dcl-mark.dcl-folded { outline-style: dotted; }
.dcl-mark:focus, .dcl-mark.dcl-current { box-shadow: 0 0 0 3px #fff, 0 0 0 7px #000; outline-style: double; outline-width: 5px; }
`;

/**
 * The page report's script: next/previous change by button or key (n/j, p/k), the current one outlined and
 * counted. Marks are focusable, so Tab moves through them without it too.
 */
export const REPORT_SCRIPT = `
(() => {
  const marks = () => Array.from(document.querySelectorAll('.dcl-page .dcl-mark')).filter((mark) => mark.offsetParent !== null || mark.getClientRects().length > 0);
  const status = document.getElementById('dcl-status');
  let current = -1;
  const show = (index) => {
    const list = marks();
    if (list.length === 0) { status.textContent = 'no changes shown'; return; }
    current = (index + list.length) % list.length;
    const mark = list[current];
    document.querySelectorAll('.dcl-current').forEach((other) => other.classList.remove('dcl-current'));
    mark.classList.add('dcl-current');
    mark.focus({ preventScroll: true });
    mark.scrollIntoView({ block: 'center' });
    status.textContent = (current + 1) + ' of ' + list.length + ': ' + (mark.getAttribute('data-rules') || '');
  };
  const step = (delta) => {
    const list = marks();
    const focused = list.indexOf(document.activeElement);
    show((focused >= 0 ? focused : current) + delta);
  };
  document.getElementById('dcl-next').addEventListener('click', () => step(1));
  document.getElementById('dcl-prev').addEventListener('click', () => step(-1));
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLButtonElement) return;
    if (event.key === 'n' || event.key === 'j') { event.preventDefault(); step(1); }
    if (event.key === 'p' || event.key === 'k') { event.preventDefault(); step(-1); }
  });
})();
`;

/** The batch index's stylesheet. */
export const INDEX_STYLE = `
:root { color-scheme: light; font: 15px/1.45 system-ui, sans-serif; }
body { margin: 1rem 1.5rem; color: #1a1a1a; }
h1 { font-size: 1.3rem; }
h2 { font-size: 1.05rem; margin-top: 1.5rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; text-decoration: underline dotted; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
.dcl-swatch { display: inline-block; width: 1.2rem; height: .8rem; margin-right: .35rem; vertical-align: middle; }
.failed { color: #a00; }
${familyRules}
`;

/** The batch index's script: a click on a column heading sorts its table by that column (again: the other way). */
export const INDEX_SCRIPT = `
(() => {
  document.querySelectorAll('table.sortable').forEach((table) => {
    const headings = Array.from(table.tHead.rows[0].cells);
    headings.forEach((heading, column) => {
      const button = heading.querySelector('button');
      if (!button) return;
      button.addEventListener('click', () => {
        const ascending = heading.getAttribute('aria-sort') !== 'ascending';
        headings.forEach((other) => other.removeAttribute('aria-sort'));
        heading.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const key = (row) => row.cells[column].getAttribute('data-sort') ?? row.cells[column].textContent;
        const numeric = heading.classList.contains('num');
        const rows = Array.from(body.rows).sort((a, b) => {
          const order = numeric ? Number(key(a)) - Number(key(b)) : key(a).localeCompare(key(b));
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    });
  });
})();
`;

/** `sha256-…` of an inline script or stylesheet, as CSP names it. */
function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf-8').digest('base64')}'`;
}

/**
 * The policy: nothing may load or run (`default-src 'none'`) but the one stylesheet and the one script named by
 * hash; no base URL, no form submission. With `images`, images over http(s) may load, and nothing else.
 */
export function contentSecurityPolicy({
  style,
  script,
  images,
}: {
  style: string;
  script: string;
  images: boolean;
}): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(style)}`,
    `script-src ${cspHash(script)}`,
    `img-src ${images ? 'http: https:' : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The start of a report document: charset, the policy (before anything it governs), no referrer, the stylesheet. */
export function documentHead({
  title,
  style,
  script,
  images,
}: {
  title: string;
  style: string;
  script: string;
  images: boolean;
}): string {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy({ style, script, images }))}">\n` +
    '<meta name="referrer" content="no-referrer">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${title}</title>\n<style>${style}</style>\n</head>\n`
  );
}
