// `npm run bench`: declutter vs the naive pipeline on the AEB and trafilatura-dev pages (quality, leaks,
// CPU, memory, start-up). `npm run bench:gate` (= `--gate`): declutter alone against each set's F1 floor
// in bench/gate-floor.json, for CI.
//
// The table goes to stdout (or one JSON object with --json); progress and errors go to stderr.

import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, parseHalf } from './aeb-data.js';
import { loadSet, pageJobs, parseSets, splitBySet, type BenchSet, type SetScore } from './bench-sets.js';
import { formatDetails } from './details.js';
import { runGate } from './gate.js';
import { formatTable, pipelineFigures, setFigures } from './report.js';
import { runPages, type PipelineRun } from './run-pages.js';
import { compareSiteConfigs, formatSiteComparison, type SiteComparison } from './site-configs.js';
import { measureStartup, type StartupReport } from './startup.js';
import { formatBatch, measureBatch, type BatchRun, type InProcessCpu } from './batch-throughput.js';
import { mean, median } from './stats.js';
import { DEFAULT_TRAFILATURA_DIR } from './trafilatura-data.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Usage: npm run bench -- [options]

  --set aeb|trafilatura|all  which page sets to run (default all)
  --data DIR            AEB dataset folder (default ${DEFAULT_DATA_DIR})
  --trafilatura-data DIR
                        trafilatura-dev folder (default ${DEFAULT_TRAFILATURA_DIR})
  --limit N             only the first N pages of each set (quick runs)
  --half tune|check     only one half of the pages (split by a hash of the id): read leaks on
                        tune, confirm on check, which nobody tunes on
  --details             after the table, each page's misses and leaks (trafilatura-dev: the with /
                        without segments; AEB: pages below 0.9 precision or recall)
  --json                print one JSON object instead of the table (per page too)
  --warmup N            pages run untimed first in each pipeline (default 3)
  --startup-runs N      runs of each start-up command (default 7)
  --no-startup          skip the CLI start-up measurement
  --no-batch            skip the batch throughput runs (the bin over the AEB pages: a folder and
                        JSONL with --jobs 1, the folder with --jobs 2)
  --batch-copies N      the batch runs take each AEB page N times (default 1): each worker compiles
                        its own code, a fixed cost that a long crawl spreads over more pages (the
                        naive loop's heap grows over a long run, so its figure then rises)
  --no-sites            skip the site-config comparison (pages whose host has a Full-Text RSS
                        config, with and without the configs)
  --sites-only          only the site-config comparison
  --gate                CI gate: declutter only, fail below a set's floor in bench/gate-floor.json
                        or on an empty page it does not list as known
  --jobs N              with --gate: pages converted at once (default: the cores, at most 4)
  --raise-floor         with --gate: write each set's measured F1 (rounded down) if it is higher
  --allow-lower-floor   with --gate: write each set's measured F1 and empty pages even if worse
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      set: { type: 'string' },
      data: { type: 'string' },
      'trafilatura-data': { type: 'string' },
      limit: { type: 'string' },
      half: { type: 'string' },
      details: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      warmup: { type: 'string' },
      'startup-runs': { type: 'string' },
      'no-startup': { type: 'boolean', default: false },
      'no-batch': { type: 'boolean', default: false },
      'batch-copies': { type: 'string' },
      'no-sites': { type: 'boolean', default: false },
      'sites-only': { type: 'boolean', default: false },
      gate: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      'raise-floor': { type: 'boolean', default: false },
      'allow-lower-floor': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const writesFloor = values['raise-floor'] || values['allow-lower-floor'];
  if (writesFloor && (values.limit !== undefined || values.half !== undefined)) {
    throw new UsageError(
      'the floor is for all pages: --raise-floor / --allow-lower-floor cannot go with --limit or --half',
    );
  }
  const half = parseHalf(values.half);
  const limit = count(values.limit, '--limit', Number.POSITIVE_INFINITY);
  const dataDirs = { aeb: values.data, trafilatura: values['trafilatura-data'] };
  const sets = parseSets(values.set).map((name) =>
    loadSet(name, { dataDir: dataDirs[name] && resolve(dataDirs[name]), half, limit }),
  );

  if (values.gate || writesFloor) {
    const outcome = await runGate({
      sets,
      raiseFloor: values['raise-floor'],
      allowLowerFloor: values['allow-lower-floor'],
      workers: count(values.jobs, '--jobs', Math.min(availableParallelism(), 4)) || 1,
      ...(process.stderr.isTTY ? { onProgress: progress('gate') } : {}),
    });
    if (values.json) {
      const report = outcome.sets.map(({ score, ...rest }) => ({ ...rest, score: jsonScore(score) }));
      process.stdout.write(`${JSON.stringify({ passed: outcome.passed, sets: report }, null, 2)}\n`);
    } else if (values.details) {
      for (const set of outcome.sets)
        process.stdout.write(`\n${formatDetails({ declutter: set.score, naive: undefined })}`);
    }
    for (const set of outcome.sets) (set.passed ? process.stdout : process.stderr).write(`${set.message}\n`);
    return outcome.passed ? 0 : 1;
  }

  const warmupPages = count(values.warmup, '--warmup', 3);
  let siteComparison: SiteComparison[] | undefined;
  if (!values['no-sites']) {
    siteComparison = await compareSiteConfigs(sets, { warmup: warmupPages, onProgress: progress('site configs') });
  }
  if (values['sites-only']) {
    const report = siteComparison ?? [];
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatSiteComparison(report));
    return 0;
  }

  const jobs = pageJobs(sets);
  const runs = await runPages({
    pages: jobs,
    pipelines: ['declutter', 'naive'],
    warmup: Math.min(warmupPages, jobs.length),
    onProgress: progress('pages'),
  });
  const [declutter, naive] = runs.map((run) => scorePipeline(run, sets));
  if (declutter === undefined || naive === undefined) throw new Error('a pipeline run is missing');

  let startup: StartupReport | undefined;
  if (!values['no-startup']) {
    if (existsSync(resolve(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
      process.stderr.write('bench: CLI start-up runs…\n');
      startup = measureStartup({ repoRoot: REPO_ROOT, runs: count(values['startup-runs'], '--startup-runs', 7) });
    } else {
      process.stderr.write('bench: dist/ missing, start-up not measured (run `npm run build` first)\n');
    }
  }

  const aeb = sets.findIndex((set) => set.name === 'aeb');
  let batch: { runs: BatchRun[]; inProcess: InProcessCpu } | undefined;
  if (!values['no-batch'] && aeb >= 0) {
    if (existsSync(resolve(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
      const cpu = (pipeline: ScoredPipeline): number[] => (pipeline.slices[aeb] ?? []).map((reply) => reply.cpuMs);
      const inProcess = {
        declutterMeanMs: mean(cpu(declutter)),
        declutterMedianMs: median(cpu(declutter)),
        naiveMeanMs: mean(cpu(naive)),
        naiveMedianMs: median(cpu(naive)),
      };
      batch = {
        runs: await measureBatch({
          repoRoot: REPO_ROOT,
          pages: sets[aeb]?.pages ?? [],
          copies: count(values['batch-copies'], '--batch-copies', 1) || 1,
        }),
        inProcess,
      };
    } else {
      process.stderr.write('bench: dist/ missing, batch throughput not measured (run `npm run build` first)\n');
    }
  }

  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
  };
  const described = sets.map((set) => `${set.label} ${set.pages.length} pages from ${set.dataDir}`).join('; ');
  const header =
    `Bench: ${described}; declutter and naive interleaved per page\n` +
    `${new Date().toISOString()}, ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}`;
  if (values.json) {
    const report = {
      date: new Date().toISOString(),
      machine,
      declutter: declutter.figures,
      naive: naive.figures,
      startup,
      batch,
      siteConfigs: siteComparison,
      sets: Object.fromEntries(
        sets.map((set, index) => [
          set.name,
          {
            data: set.dataDir,
            pages: set.pages.length,
            perPage: set.pages.map((page, pageIndex) => ({
              id: page.id,
              url: page.url,
              declutter: perPage(declutter, index, pageIndex),
              naive: perPage(naive, index, pageIndex),
            })),
          },
        ]),
      ),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(formatTable({ header, declutter: declutter.figures, naive: naive.figures, startup }));
    if (batch !== undefined) process.stdout.write(`\n${formatBatch(batch.runs, batch.inProcess)}`);
    if (siteComparison !== undefined) process.stdout.write(`\n${formatSiteComparison(siteComparison)}`);
    if (values.details) {
      for (const [index, score] of declutter.scores.entries()) {
        process.stdout.write(`\n${formatDetails({ declutter: score, naive: naive.scores[index] })}`);
      }
    }
  }
  return 0;
}

interface ScoredPipeline {
  run: PipelineRun;
  /** One score and one slice of replies per set, in set order. */
  scores: SetScore[];
  slices: PipelineRun['results'][];
  figures: ReturnType<typeof pipelineFigures>;
}

/** Splits a run's replies (all sets' pages, in set order) by set, and scores each. */
function scorePipeline(run: PipelineRun, sets: readonly BenchSet[]): ScoredPipeline {
  const slices = splitBySet(run.results, sets);
  const scores = sets.map((set, index) => set.score(slices[index] ?? []));
  const perSet = sets.map((set, index) => setFigures(set, slices[index] ?? [], scores[index] as SetScore));
  return { run, scores, slices, figures: pipelineFigures(run, perSet) };
}

function perPage(pipeline: ScoredPipeline, setIndex: number, pageIndex: number): object {
  const outcome = pipeline.scores[setIndex]?.detail.run.pages[pageIndex];
  return { ...outcome, cpuMs: pipeline.slices[setIndex]?.[pageIndex]?.cpuMs };
}

/** A set's score for --json: its figures and per-page outcomes, without the set's internals twice. */
function jsonScore(score: SetScore): object {
  const { detail, ...figures } = score;
  return { ...figures, summary: detail.run.summary, perPage: detail.run.pages };
}

function count(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`${flag} needs a whole number, got "${value}"`);
  return parsed;
}

class UsageError extends Error {
  override name = 'UsageError';
}

function progress(label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${label} ${done}/${total}${done === total ? '\n' : ''}`);
    else if (done % 20 === 0 || done === total) process.stderr.write(`${label} ${done}/${total}\n`);
  };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`bench: ${message}\n`);
    process.exitCode = error instanceof UsageError || (error instanceof Error && error.name === 'TypeError') ? 2 : 1;
  },
);
