// The site-config comparison of `npm run bench`: on each set's pages whose host has a built-in Full-Text RSS
// site config, declutter with and without the configs (interleaved per page), F1 both ways, how the configs'
// body lines turned out, CPU per page both ways, and the pages that lost more than 0.05 of F1. A sample of
// pages without a config runs the same A/B, for the cost the host lookup adds to every page.

import { builtInSiteSetFor } from '../src/sites/built-in-sites.js';
import type { AebPage, BenchPage } from './aeb-data.js';
import type { BenchSet } from './bench-sets.js';
import type { RunReply } from './pipeline-worker.js';
import { runPages, type PageJob } from './run-pages.js';
import { scoreRun } from './score-run.js';
import { scoreSegmentRun } from './score-segment-run.js';
import { median, sum } from './stats.js';
import type { TrafilaturaPage } from './trafilatura-data.js';

/** Pages without a config run for the CPU A/B: enough for a ratio, few enough to keep the bench short. */
const PAGES_WITHOUT_CONFIG = 40;
const PAGE_DROP = 0.05;

export interface SiteComparison {
  set: string;
  pages: number;
  f1With: number;
  f1Without: number;
  precisionWith: number;
  precisionWithout: number;
  recallWith: number;
  recallWithout: number;
  /** How the config turned out on each page (used, no-match, stale, stale-strip, strips-only, none). */
  outcomes: Record<string, number>;
  cpuMsWith: number;
  cpuMsWithout: number;
  /** Pages without a config: CPU with the configs on / off (the host lookup only). */
  plainPages: number;
  plainCpuRatio: number;
  /** Pages whose F1 fell by more than 0.05 with the configs. */
  drops: { id: string; url: string | undefined; before: number; after: number; outcome: string }[];
  /** Every config page: F1 and CPU without and with the configs, and the config's outcome (`--json` only). */
  perPage: { id: string; before: number; after: number; outcome: string; cpuMsWith: number; cpuMsWithout: number }[];
}

function hostHasConfig(page: BenchPage): boolean {
  if (page.url === undefined) return false;
  try {
    return builtInSiteSetFor(new URL(page.url).hostname) !== undefined;
  } catch {
    return false;
  }
}

/** Runs the comparison for each set; `warmup` pages go untimed through both pipelines first. */
export async function compareSiteConfigs(
  sets: readonly BenchSet[],
  options: { warmup: number; onProgress?: (done: number, total: number) => void },
): Promise<SiteComparison[]> {
  const comparisons: SiteComparison[] = [];
  for (const set of sets) {
    const withConfig = set.pages.filter(hostHasConfig);
    const plain = set.pages.filter((page) => !hostHasConfig(page)).filter((_, index) => index % 5 === 0);
    const plainSample = plain.slice(0, PAGES_WITHOUT_CONFIG);
    const jobs: PageJob[] = [...withConfig, ...plainSample].map((page) => ({ page, convert: set.convert }));
    if (withConfig.length === 0) continue;
    const [on, off] = await runPages({
      pages: jobs,
      pipelines: ['declutter', 'declutter-no-sites'],
      warmup: Math.min(options.warmup, jobs.length),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    if (on === undefined || off === undefined) throw new Error('a site-config run is missing');
    const configured = (run: RunReply[]): RunReply[] => run.slice(0, withConfig.length);
    const plainOf = (run: RunReply[]): RunReply[] => run.slice(withConfig.length);
    const scoredWith = score(set, withConfig, configured(on.results));
    const scoredWithout = score(set, withConfig, configured(off.results));
    const outcomes: Record<string, number> = {};
    for (const reply of configured(on.results)) {
      const outcome = reply.siteOutcome ?? 'none';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    const drops = withConfig.flatMap((page, index) => {
      const before = scoredWithout.perPage[index] ?? 0;
      const after = scoredWith.perPage[index] ?? 0;
      return before - after > PAGE_DROP
        ? [{ id: page.id, url: page.url, before, after, outcome: on.results[index]?.siteOutcome ?? 'none' }]
        : [];
    });
    const perPage = withConfig.map((page, index) => ({
      id: page.id,
      before: scoredWithout.perPage[index] ?? 0,
      after: scoredWith.perPage[index] ?? 0,
      outcome: on.results[index]?.siteOutcome ?? 'none',
      cpuMsWith: on.results[index]?.cpuMs ?? 0,
      cpuMsWithout: off.results[index]?.cpuMs ?? 0,
    }));
    const cpu = (replies: RunReply[]): number => median(replies.map((reply) => reply.cpuMs));
    comparisons.push({
      set: set.label,
      pages: withConfig.length,
      f1With: scoredWith.f1,
      f1Without: scoredWithout.f1,
      precisionWith: scoredWith.precision,
      precisionWithout: scoredWithout.precision,
      recallWith: scoredWith.recall,
      recallWithout: scoredWithout.recall,
      outcomes,
      cpuMsWith: cpu(configured(on.results)),
      cpuMsWithout: cpu(configured(off.results)),
      plainPages: plainSample.length,
      plainCpuRatio:
        sum(plainOf(on.results).map((r) => r.cpuMs)) / (sum(plainOf(off.results).map((r) => r.cpuMs)) || 1),
      drops,
      perPage,
    });
  }
  return comparisons;
}

interface Scored {
  f1: number;
  precision: number;
  recall: number;
  perPage: number[];
}

/** The set's own metric on a subset of its pages, with each page's F1. */
function score(set: BenchSet, pages: readonly BenchPage[], replies: readonly RunReply[]): Scored {
  if (set.name === 'aeb') {
    const run = scoreRun(pages as readonly AebPage[], replies);
    const perPage = run.pages.map((page) => f1(page.precision, page.recall));
    return { ...run.summary, perPage };
  }
  const run = scoreSegmentRun(pages as readonly TrafilaturaPage[], replies);
  const perPage = run.pages.map((page) => (2 * page.tp) / (2 * page.tp + page.fp + page.fn || 1));
  return { f1: run.summary.f1, precision: run.summary.precision, recall: run.summary.recall, perPage };
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** The comparison as a small table, one column per set. */
export function formatSiteComparison(comparisons: readonly SiteComparison[]): string {
  if (comparisons.length === 0) return '';
  const row = (label: string, cell: (c: SiteComparison) => string): string[] => [label, ...comparisons.map(cell)];
  const rows = [
    row('figure', (c) => c.set),
    row('pages whose host has a site config', (c) => String(c.pages)),
    row('F1 with site configs', (c) => c.f1With.toFixed(4)),
    row('F1 without (generic path only)', (c) => c.f1Without.toFixed(4)),
    row('F1 change', (c) => signed(c.f1With - c.f1Without)),
    row('precision with / without', (c) => `${c.precisionWith.toFixed(4)} / ${c.precisionWithout.toFixed(4)}`),
    row('recall with / without', (c) => `${c.recallWith.toFixed(4)} / ${c.recallWithout.toFixed(4)}`),
    row('body used', (c) => String(c.outcomes.used ?? 0)),
    row('body matched nothing (fell back)', (c) => String(c.outcomes['no-match'] ?? 0)),
    row('body stale (fell back)', (c) => String(c.outcomes.stale ?? 0)),
    row('removals stale (skipped)', (c) => String(c.outcomes['stale-strip'] ?? 0)),
    row('no body line, strips only', (c) => String(c.outcomes['strips-only'] ?? 0)),
    row('config did nothing on the page', (c) => String(c.outcomes.none ?? 0)),
    row('CPU ms/page median with / without', (c) => `${c.cpuMsWith.toFixed(1)} / ${c.cpuMsWithout.toFixed(1)}`),
    row('CPU ratio with/without (config pages)', (c) => (c.cpuMsWith / (c.cpuMsWithout || 1)).toFixed(3)),
    row('CPU ratio, pages without a config', (c) => `${c.plainCpuRatio.toFixed(3)} (${c.plainPages} pages)`),
    row(`pages down by > ${PAGE_DROP} F1`, (c) => String(c.drops.length)),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((r) => (r[column] ?? '').length))) ?? [];
  const lines = rows.map((r) =>
    r
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const drops = comparisons.flatMap((c) =>
    c.drops.map(
      (d) => `  ${c.set} ${d.id} (${d.outcome}): F1 ${d.before.toFixed(3)} → ${d.after.toFixed(3)} ${d.url ?? ''}`,
    ),
  );
  return [
    'Site configs: pages whose host has a Full-Text RSS config, declutter with and without them (interleaved)',
    '',
    ...lines,
    ...(drops.length > 0 ? ['', 'Pages down by more than 0.05:', ...drops] : []),
    '',
  ].join('\n');
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
}
