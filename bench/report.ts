// Turns a bench run into the table printed on stdout (and the object printed with --json), a section per set.

import { mean, median, sum } from './stats.js';
import { SET_LABELS, type BenchSet, type SetName, type SetScore } from './bench-sets.js';
import type { PageHalf } from './aeb-data.js';
import type { RunReply } from './pipeline-worker.js';
import type { PipelineRun } from './run-pages.js';
import type { ScoredRun } from './score-run.js';
import type { StartupReport } from './startup.js';
import type { StageName } from '../src/types.js';

export const STAGES: readonly StageName[] = ['decode', 'parse', 'preClean', 'extract', 'postClean', 'markdown'];

const HALVES: readonly PageHalf[] = ['tune', 'check'];

export interface HalfFigures {
  half: PageHalf;
  pages: number;
  f1: number;
  precision: number;
  recall: number;
}

/** One pipeline's figures on one set. */
export interface SetFigures {
  set: SetName;
  pages: number;
  f1: number;
  precision: number;
  recall: number;
  pagesLost: number;
  /** The same score on each half of the pages run (split by a hash of the id, see selectHalf). */
  halves: HalfFigures[];
  cpuMsPerPageMean: number;
  cpuMsPerPageMedian: number;
  aeb?: {
    accuracy: number;
    /** Pages whose shingle recall is below 0.9: a paragraph or more of the article lost. */
    pagesLowRecall: number;
    leakPages: ScoredRun['leakPages'];
  };
  segments?: { tp: number; fp: number; fn: number; tn: number; pagesMissing: number; pagesLeaking: number };
}

export interface PipelineFigures {
  pipeline: string;
  sets: SetFigures[];
  cpuSecondsTotal: number;
  wallMsPerPageMean: number;
  wallMsPerPageMedian: number;
  peakRssMb: number;
  /** Median wall ms of each stage over the pages that ran it (declutter only). */
  stageMedianMs: Partial<Record<StageName, number>>;
  stageMeanMs: Partial<Record<StageName, number>>;
}

/** A set's figures from the replies for its pages (in page order) and its score of them. */
export function setFigures(set: BenchSet, results: readonly RunReply[], score: SetScore): SetFigures {
  const cpu = results.map((r) => r.cpuMs);
  const halves = HALVES.flatMap((half): HalfFigures[] => {
    const scored = set.score(results, half);
    const { f1, precision, recall, pages } = scored;
    return pages === 0 ? [] : [{ half, pages, f1, precision, recall }];
  });
  const { detail } = score;
  return {
    set: set.name,
    pages: score.pages,
    f1: score.f1,
    precision: score.precision,
    recall: score.recall,
    pagesLost: score.empty.length,
    halves,
    cpuMsPerPageMean: mean(cpu),
    cpuMsPerPageMedian: median(cpu),
    ...(detail.set === 'aeb'
      ? {
          aeb: {
            accuracy: detail.run.summary.accuracy,
            pagesLowRecall: detail.run.pages.filter((page) => page.recall < 0.9).length,
            leakPages: detail.run.leakPages,
          },
        }
      : {
          segments: {
            tp: detail.run.summary.tp,
            fp: detail.run.summary.fp,
            fn: detail.run.summary.fn,
            tn: detail.run.summary.tn,
            pagesMissing: detail.run.pagesMissing,
            pagesLeaking: detail.run.pagesLeaking,
          },
        }),
  };
}

export function pipelineFigures(run: PipelineRun, sets: SetFigures[]): PipelineFigures {
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
    sets,
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
  const count = (value: number): string => String(value);
  const rows: Row[] = [];
  for (const [index, set] of declutter.sets.entries()) {
    const pair = { declutter: set, naive: naive?.sets[index] };
    const add = (label: string, pick: (f: SetFigures) => number, format: (value: number) => string, ratio = true) =>
      rows.push(figureRow(`  ${label}`, pair, pick, format, ratio));
    rows.push({ label: `${SET_LABELS[set.set]}, ${set.pages} pages`, declutter: '', naive: '', ratio: '' });
    add('F1', (f) => f.f1, f3);
    add('precision', (f) => f.precision, f3);
    add(set.segments ? 'recall (with segments kept)' : 'recall', (f) => f.recall, f3);
    for (const [halfIndex, half] of set.halves.entries()) {
      add(`F1, ${half.half} half (${half.pages} pages)`, (f) => f.halves[halfIndex]?.f1 ?? Number.NaN, f3);
    }
    if (set.aeb) {
      add('accuracy (exact token match)', (f) => f.aeb?.accuracy ?? Number.NaN, f3);
      add('pages lost (empty output)', (f) => f.pagesLost, count, false);
      add('pages with recall below 0.9', (f) => f.aeb?.pagesLowRecall ?? Number.NaN, count, false);
      add('leaks: pages with consent text', (f) => f.aeb?.leakPages.consent ?? Number.NaN, count, false);
      add('leaks: pages with a paragraph twice in a row', (f) => f.aeb?.leakPages.repeated ?? Number.NaN, count, false);
      add('leaks: pages with teaser/related lines', (f) => f.aeb?.leakPages.teasers ?? Number.NaN, count, false);
    }
    if (set.segments) {
      const fraction = (part: 'tp' | 'fp', rest: 'fn' | 'tn') => (f: SetFigures | undefined) =>
        f?.segments ? `${f.segments[part]}/${f.segments[part] + f.segments[rest]}` : '';
      for (const [label, show] of [
        ['  with segments kept', fraction('tp', 'fn')],
        ['  without segments leaked', fraction('fp', 'tn')],
      ] as const) {
        rows.push({ label, declutter: show(pair.declutter), naive: show(pair.naive), ratio: '' });
      }
      add('pages lost (empty output)', (f) => f.pagesLost, count, false);
      add('pages missing a with segment', (f) => f.segments?.pagesMissing ?? Number.NaN, count, false);
      add('pages leaking a without segment', (f) => f.segments?.pagesLeaking ?? Number.NaN, count, false);
    }
    add('CPU ms/page, mean', (f) => f.cpuMsPerPageMean, f1);
    add('CPU ms/page, median', (f) => f.cpuMsPerPageMedian, f1);
  }
  const whole = { declutter, naive };
  rows.push({ label: 'all pages run', declutter: '', naive: '', ratio: '' });
  rows.push(figureRow('  CPU s, all pages', whole, (f) => f.cpuSecondsTotal, f1));
  rows.push(figureRow('  wall ms/page, mean (shared machine)', whole, (f) => f.wallMsPerPageMean, f1));
  rows.push(figureRow('  peak RSS MB (own process)', whole, (f) => f.peakRssMb, f1));
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

/** One figure of both pipelines, and declutter's as a ratio of naive's where that means something. */
function figureRow<Figures>(
  label: string,
  { declutter, naive }: { declutter: Figures; naive: Figures | undefined },
  pick: (figures: Figures) => number,
  format: (value: number) => string,
  ratio = true,
): Row {
  const d = pick(declutter);
  const n = naive === undefined ? undefined : pick(naive);
  return {
    label,
    declutter: format(d),
    naive: n === undefined ? '' : format(n),
    ratio: ratio && n !== undefined && n !== 0 ? (d / n).toFixed(2) : '',
  };
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
