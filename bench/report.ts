// Turns a bench run into the table printed on stdout (and the object printed with --json).

import { mean, median, sum } from './stats.js';
import type { PipelineRun } from './run-pages.js';
import type { ScoredRun } from './score-run.js';
import type { StartupReport } from './startup.js';
import type { StageName } from '../src/types.js';

export const STAGES: readonly StageName[] = ['decode', 'parse', 'preClean', 'extract', 'postClean', 'markdown'];

export interface PipelineFigures {
  pipeline: string;
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
  pagesLost: number;
  leakPages: ScoredRun['leakPages'];
  cpuMsPerPageMean: number;
  cpuMsPerPageMedian: number;
  cpuSecondsTotal: number;
  wallMsPerPageMean: number;
  wallMsPerPageMedian: number;
  peakRssMb: number;
  /** Median wall ms of each stage over the pages that ran it (declutter only). */
  stageMedianMs: Partial<Record<StageName, number>>;
  stageMeanMs: Partial<Record<StageName, number>>;
}

export function pipelineFigures(run: PipelineRun, scored: ScoredRun): PipelineFigures {
  const cpu = run.results.map((r) => r.cpuMs);
  const wall = run.results.map((r) => r.wallMs);
  const stageMedianMs: Partial<Record<StageName, number>> = {};
  const stageMeanMs: Partial<Record<StageName, number>> = {};
  for (const stage of STAGES) {
    const values = run.results.flatMap((r) => (r.timings[stage] === undefined ? [] : [r.timings[stage]]));
    if (values.length === 0) continue;
    stageMedianMs[stage] = median(values);
    stageMeanMs[stage] = mean(values);
  }
  return {
    pipeline: run.pipeline,
    f1: scored.summary.f1,
    precision: scored.summary.precision,
    recall: scored.summary.recall,
    accuracy: scored.summary.accuracy,
    pagesLost: scored.lost,
    leakPages: scored.leakPages,
    cpuMsPerPageMean: mean(cpu),
    cpuMsPerPageMedian: median(cpu),
    cpuSecondsTotal: sum(cpu) / 1000,
    wallMsPerPageMean: mean(wall),
    wallMsPerPageMedian: median(wall),
    peakRssMb: run.maxRssKb / 1024,
    stageMedianMs,
    stageMeanMs,
  };
}

interface Row {
  label: string;
  declutter: string;
  naive: string;
  ratio: string;
}

export function formatTable({
  header,
  declutter,
  naive,
  startup,
}: {
  header: string;
  declutter: PipelineFigures;
  naive: PipelineFigures | undefined;
  startup: StartupReport | undefined;
}): string {
  const f3 = (value: number): string => value.toFixed(3);
  const f1 = (value: number): string => value.toFixed(1);
  const rows: Row[] = [];
  const add = (
    label: string,
    pick: (f: PipelineFigures) => number,
    format: (value: number) => string,
    ratio = true,
  ): void => {
    const d = pick(declutter);
    const n = naive === undefined ? undefined : pick(naive);
    rows.push({
      label,
      declutter: format(d),
      naive: n === undefined ? '' : format(n),
      ratio: ratio && n !== undefined && n !== 0 ? (d / n).toFixed(2) : '',
    });
  };
  add('AEB F1', (f) => f.f1, f3);
  add('precision', (f) => f.precision, f3);
  add('recall', (f) => f.recall, f3);
  add('accuracy (exact token match)', (f) => f.accuracy, f3);
  add('pages lost (empty output)', (f) => f.pagesLost, String, false);
  add('leaks: pages with consent text', (f) => f.leakPages.consent, String, false);
  add('leaks: pages with a paragraph twice in a row', (f) => f.leakPages.repeated, String, false);
  add('leaks: pages with teaser/related lines', (f) => f.leakPages.teasers, String, false);
  add('CPU ms/page, mean', (f) => f.cpuMsPerPageMean, f1);
  add('CPU ms/page, median', (f) => f.cpuMsPerPageMedian, f1);
  add('CPU s, all pages', (f) => f.cpuSecondsTotal, f1);
  add('wall ms/page, mean (shared machine)', (f) => f.wallMsPerPageMean, f1);
  add('peak RSS MB (own process)', (f) => f.peakRssMb, f1);
  const lines = [header, '', ...alignTable(['figure', 'declutter', 'naive', 'declutter/naive'], rows)];

  lines.push('', 'declutter per stage (wall ms within the call; median / mean over pages, share of the stage sum):');
  const total = sum(STAGES.map((s) => declutter.stageMeanMs[s] ?? 0));
  const stageRows = STAGES.filter((s) => declutter.stageMedianMs[s] !== undefined).map((stage) => ({
    label: stage,
    declutter: f1(declutter.stageMedianMs[stage] ?? 0),
    naive: f1(declutter.stageMeanMs[stage] ?? 0),
    ratio: total > 0 ? `${Math.round((100 * (declutter.stageMeanMs[stage] ?? 0)) / total)} %` : '',
  }));
  lines.push(...alignTable(['stage', 'median ms', 'mean ms', 'share'], stageRows));

  if (startup !== undefined) {
    lines.push(
      '',
      `CLI start to exit on ${startup.page} (median of ${startup.declutter.runs} runs; CPU = user+sys of the child):`,
    );
    const startupRows = [startup.declutter, startup.naive, ...startup.imports].map((t) => ({
      label: t.label + (t.failed ? ` (FAILED: ${t.failed})` : ''),
      declutter: f1(t.cpuMs),
      naive: f1(t.wallMs),
      ratio: '',
    }));
    startupRows[0] = { ...(startupRows[0] as Row), ratio: (startup.declutter.cpuMs / startup.naive.cpuMs).toFixed(2) };
    lines.push(...alignTable(['command', 'CPU ms', 'wall ms', 'CPU declutter/naive'], startupRows));
  }
  return `${lines.join('\n')}\n`;
}

function alignTable(headings: readonly [string, string, string, string], rows: readonly Row[]): string[] {
  const cells = [headings, ...rows.map((r) => [r.label, r.declutter, r.naive, r.ratio] as const)];
  const widths = headings.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
