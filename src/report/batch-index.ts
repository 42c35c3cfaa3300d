// The index of a batch's reports: per-rule counts across the batch and one row per page linking its report, sortable.

import type { TraceEntry } from '../types.js';
import { documentHead, INDEX_SCRIPT, INDEX_STYLE } from './assets.js';
import { FAMILIES, familyOf, type RuleFamily } from './families.js';
import { escapeAttribute, escapeText, shorten, withoutControlCharacters } from './html-text.js';

export interface ReportedPage {
  /** The report's path relative to the index, `/`-separated. */
  href: string;
  /** The input it came from (path or URL). */
  input: string;
  title: string | undefined;
  trace: readonly Pick<TraceEntry, 'ruleId' | 'site'>[];
}

export interface FailedPage {
  input: string;
  message: string;
}

/** The index page: no script but its own sorting script, no load of anything (the same policy as the reports). */
export function buildBatchIndex({
  pages,
  failed,
}: {
  pages: readonly ReportedPage[];
  failed: readonly FailedPage[];
}): string {
  const byRule = new Map<string, { changes: number; pages: number; family: RuleFamily }>();
  const familyTotals = new Map<string, number>();
  for (const page of pages) {
    const seen = new Set<string>();
    for (const entry of page.trace) {
      const ruleId = entry.ruleId;
      const counts = byRule.get(ruleId) ?? { changes: 0, pages: 0, family: familyOf(entry) };
      counts.changes += 1;
      if (!seen.has(ruleId)) counts.pages += 1;
      seen.add(ruleId);
      byRule.set(ruleId, counts);
      familyTotals.set(counts.family.key, (familyTotals.get(counts.family.key) ?? 0) + 1);
    }
  }
  const families = FAMILIES.filter((family) => (familyTotals.get(family.key) ?? 0) > 0);
  const totalChanges = pages.reduce((sum, page) => sum + page.trace.length, 0);

  const ruleRows = [...byRule.entries()]
    .sort(([a, countsA], [b, countsB]) => countsB.changes - countsA.changes || a.localeCompare(b))
    .map(([ruleId, counts]) => {
      const family = counts.family;
      return (
        `<tr><td data-sort="${escapeAttribute(ruleId)}"><code>${escapeText(withoutControlCharacters(ruleId))}</code></td>` +
        `<td data-sort="${family.key}"><span class="dcl-swatch dcl-fam-${family.key}" aria-hidden="true"></span>${escapeText(family.label)}</td>` +
        `<td class="num">${counts.changes}</td><td class="num">${counts.pages}</td></tr>`
      );
    });
  const pageRows = pages.map((page) => {
    const perFamily = families.map(
      (family) => `<td class="num">${page.trace.filter((entry) => familyOf(entry).key === family.key).length}</td>`,
    );
    const title = withoutControlCharacters(page.title ?? '');
    const input = withoutControlCharacters(page.input);
    return (
      `<tr><td data-sort="${escapeAttribute(input)}"><a href="${escapeAttribute(page.href)}">${escapeText(shorten(input, 160))}</a></td>` +
      `<td>${escapeText(shorten(title, 160))}</td><td class="num">${page.trace.length}</td>${perFamily.join('')}</tr>`
    );
  });
  const familyHeadings = families.map(
    (family) =>
      `<th class="num"><button type="button"><span class="dcl-swatch dcl-fam-${family.key}" aria-hidden="true"></span>${escapeText(family.label)}</button></th>`,
  );
  const failures =
    failed.length === 0
      ? ''
      : `<h2>${failed.length} input${failed.length === 1 ? '' : 's'} failed (no report)</h2><ul>${failed
          .map(
            (failure) =>
              `<li class="failed">${escapeText(withoutControlCharacters(failure.input))}: ${escapeText(withoutControlCharacters(failure.message))}</li>`,
          )
          .join('')}</ul>`;

  return (
    documentHead({ title: 'declutter reports', style: INDEX_STYLE, script: INDEX_SCRIPT, images: false }) +
    '<body>\n<h1>declutter reports</h1>\n' +
    `<p>${pages.length} page${pages.length === 1 ? '' : 's'} converted, ${totalChanges} change${totalChanges === 1 ? '' : 's'} by the rules` +
    `${failed.length > 0 ? `, ${failed.length} failed` : ''}. A column heading sorts its table; again, the other way.</p>\n` +
    '<h2>Rules</h2>\n<table class="sortable"><thead><tr>' +
    '<th><button type="button">rule</button></th><th><button type="button">family</button></th>' +
    '<th class="num"><button type="button">changes</button></th><th class="num"><button type="button">pages</button></th>' +
    `</tr></thead><tbody>${ruleRows.join('')}</tbody></table>\n` +
    '<h2>Pages</h2>\n<table class="sortable"><thead><tr>' +
    '<th><button type="button">page (its report)</button></th><th><button type="button">title</button></th>' +
    `<th class="num"><button type="button">changes</button></th>${familyHeadings.join('')}` +
    `</tr></thead><tbody>${pageRows.join('')}</tbody></table>\n` +
    failures +
    `\n<script>${INDEX_SCRIPT}</script>\n</body>\n</html>\n`
  );
}
