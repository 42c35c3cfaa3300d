// `npm run bench`: declutter vs the naive pipeline on the AEB pages (quality, leaks, CPU, memory, start-up).
// `npm run bench:gate` (= `--gate`): declutter alone against the F1 floor in bench/gate-floor.json, for CI.
//
// The table goes to stdout (or one JSON object with --json); progress and errors go to stderr.

import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, loadPages, parseHalf, selectHalf } from './aeb-data.js';
import { runGate } from './gate.js';
import { formatTable, pipelineFigures } from './report.js';
import { runPages } from './run-pages.js';
import { scoreRun } from './score-run.js';
import { measureStartup, type StartupReport } from './startup.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Usage: npm run bench -- [options]

  --data DIR            AEB dataset folder (default ${DEFAULT_DATA_DIR})
  --limit N             only the first N pages (quick runs)
  --half tune|check     only one half of the pages (split by a hash of the id): read leaks on
                        tune, confirm on check, which nobody tunes on
  --json                print one JSON object instead of the table
  --warmup N            pages run untimed first in each pipeline (default 3)
  --startup-runs N      runs of each start-up command (default 7)
  --no-startup          skip the CLI start-up measurement
  --gate                CI gate: declutter only, fail below bench/gate-floor.json or on an empty page
  --raise-floor         with --gate: write the measured F1 (rounded down) if it is higher
  --allow-lower-floor   with --gate: write the measured F1 even if it is lower
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      limit: { type: 'string' },
      half: { type: 'string' },
      json: { type: 'boolean', default: false },
      warmup: { type: 'string' },
      'startup-runs': { type: 'string' },
      'no-startup': { type: 'boolean', default: false },
      gate: { type: 'boolean', default: false },
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
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  const limit = count(values.limit, '--limit', Number.POSITIVE_INFINITY);
  const pages = selectHalf(loadPages(dataDir), parseHalf(values.half)).slice(0, limit);

  const writesFloor = values['raise-floor'] || values['allow-lower-floor'];
  if (writesFloor && (values.limit !== undefined || values.half !== undefined)) {
    throw new UsageError(
      'the floor is for all pages: --raise-floor / --allow-lower-floor cannot go with --limit or --half',
    );
  }
  if (values.gate || writesFloor) {
    const outcome = runGate({
      pages,
      raiseFloor: values['raise-floor'],
      allowLowerFloor: values['allow-lower-floor'],
      ...(process.stderr.isTTY ? { onProgress: progress('gate') } : {}),
    });
    if (values.json) process.stdout.write(`${JSON.stringify({ ...outcome, scored: outcome.scored.summary })}\n`);
    (outcome.passed ? process.stdout : process.stderr).write(`${outcome.message}\n`);
    return outcome.passed ? 0 : 1;
  }

  const runs = await runPages({
    pages,
    pipelines: ['declutter', 'naive'],
    warmup: Math.min(count(values.warmup, '--warmup', 3), pages.length),
    onProgress: progress('pages'),
  });
  const figures = runs.map((run) => {
    const scored = scoreRun(
      pages,
      run.results.map((r) => ({ markdown: r.markdown, error: r.error })),
    );
    return { run, scored, figures: pipelineFigures(run, scored) };
  });
  const [declutter, naive] = figures;
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

  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
  };
  const header =
    `AEB benchmark: ${pages.length} pages from ${dataDir}, declutter and naive interleaved per page\n` +
    `${new Date().toISOString()}, ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}`;
  if (values.json) {
    const perPage = pages.map((page, index) => ({
      id: page.id,
      url: page.url,
      declutter: { ...declutter.scored.pages[index], cpuMs: declutter.run.results[index]?.cpuMs },
      naive: { ...naive.scored.pages[index], cpuMs: naive.run.results[index]?.cpuMs },
    }));
    const report = {
      date: new Date().toISOString(),
      machine,
      data: dataDir,
      pages: pages.length,
      declutter: declutter.figures,
      naive: naive.figures,
      startup,
      perPage,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(formatTable({ header, declutter: declutter.figures, naive: naive.figures, startup }));
  }
  return 0;
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
