// Batch throughput on the AEB pages: the real bin over a directory and over JSONL with --jobs 1, and the
// directory again with --jobs 2; CPU per page of the whole process (start-up, main thread, workers) set
// against the same pages converted by the library in a plain loop in one process (bench/library-loop.ts,
// declutter twice, around the --jobs 1 runs, and the naive pipeline), timed the same way, and against the
// per-call figures of the same bench run.
//
// CPU is user+sys of the child, read with bash's `times` (Node has no RUSAGE_CHILDREN). The --jobs 2 /
// --jobs 1 ratio is one of wall times, so it means something only on a quiet machine: the load average
// before and after each run is printed beside it.

import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readPageBytes, type BenchPage } from './aeb-data.js';
import { transpileBenchScripts } from './startup.js';

export interface BatchRun {
  label: string;
  /** `loop`: the library in one process (no workers); `bin`: the CLI. */
  kind: 'loop' | 'bin';
  /** The pipeline a loop runs; the bin is always declutter. */
  pipeline: 'declutter' | 'naive';
  jobs: number;
  pages: number;
  converted: number;
  cpuSeconds: number;
  wallSeconds: number;
  /** Peak RSS of the declutter process (main thread and workers together), sampled from /proc. */
  peakRssMb: number;
  /** One-minute load average before and after the run. */
  load: { before: number; after: number };
}

export interface InProcessCpu {
  declutterMeanMs: number;
  declutterMedianMs: number;
  naiveMeanMs: number;
  naiveMedianMs: number;
}

/** Runs the three batch commands over `pages` (copied to a temporary folder) with the bin in `repoRoot`. */
export async function measureBatch({
  repoRoot,
  pages,
  copies = 1,
}: {
  repoRoot: string;
  pages: readonly BenchPage[];
  /** Each page taken this many times (under its own name and id), for runs long enough to spread start-up. */
  copies?: number;
}): Promise<BatchRun[]> {
  const work = mkdtempSync(join(tmpdir(), 'declutter-bench-batch-'));
  try {
    const dir = join(work, 'pages');
    const jsonl = join(work, 'pages.jsonl');
    mkdirSync(dir);
    const records: string[] = [];
    for (let copy = 1; copy <= copies; copy++) {
      const prefix = copies === 1 ? '' : `${copy}-`;
      for (const page of pages) {
        copyFileSync(page.htmlPath, join(dir, prefix + basename(page.htmlPath)));
        const html = Buffer.from(readPageBytes(page)).toString('utf-8');
        records.push(JSON.stringify({ id: prefix + page.id, url: page.url, html }));
      }
    }
    writeFileSync(jsonl, `${records.join('\n')}\n`);

    const bin = join(repoRoot, 'bin', 'declutter.js');
    const loop = transpileBenchScripts(repoRoot, ['naive-pipeline', 'library-loop']);
    const declutterLoop = {
      label: 'library loop, declutter (one process)',
      kind: 'loop',
      pipeline: 'declutter',
      jobs: 1,
      argv: [process.execPath, loop, 'declutter', jsonl],
    } as const;
    const commands = [
      declutterLoop,
      {
        label: 'declutter DIR -o OUT --jobs 1',
        kind: 'bin',
        pipeline: 'declutter',
        jobs: 1,
        argv: binArgv(bin, [dir, '-o', join(work, 'out-1')], 1),
        out: join(work, 'out-1'),
      },
      {
        label: 'declutter --jsonl --jobs 1 < pages.jsonl',
        kind: 'bin',
        pipeline: 'declutter',
        jobs: 1,
        argv: binArgv(bin, ['--jsonl'], 1),
        stdin: jsonl,
      },
      // Again after the --jobs 1 runs, so a machine whose load drifts shows it (the two are averaged).
      declutterLoop,
      {
        label: 'library loop, naive (one process)',
        kind: 'loop',
        pipeline: 'naive',
        jobs: 1,
        argv: [process.execPath, loop, 'naive', jsonl],
      },
      {
        label: 'declutter DIR -o OUT --jobs 2',
        kind: 'bin',
        pipeline: 'declutter',
        jobs: 2,
        argv: binArgv(bin, [dir, '-o', join(work, 'out-2')], 2),
        out: join(work, 'out-2'),
      },
    ] as const;
    const runs: BatchRun[] = [];
    for (const command of commands) {
      process.stderr.write(`bench: ${command.label} (${records.length} pages)…\n`);
      runs.push(await timeBatch({ ...command, stdout: join(work, 'stdout'), pages: records.length }));
    }
    return runs;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function timeBatch(options: {
  label: string;
  kind: BatchRun['kind'];
  pipeline: BatchRun['pipeline'];
  jobs: number;
  argv: readonly string[];
  stdin?: string;
  stdout: string;
  /** The output folder of a DIR run, where converted pages are counted. */
  out?: string;
  pages: number;
}): Promise<BatchRun> {
  const before = loadavg()[0] ?? 0;
  const script = `"$@" <${quote(options.stdin ?? '/dev/null')} >${quote(options.stdout)}; status=$?; times; echo "status=$status"`;
  const started = performance.now();
  const shell = spawn('bash', ['-c', script, 'bash', ...options.argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let report = '';
  let errors = '';
  shell.stdout.on('data', (chunk: Buffer) => (report += chunk.toString()));
  shell.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
  let peakRssKb = 0;
  const sample = (): void => {
    for (const pid of childPids(shell.pid)) {
      const hwm = /VmHWM:\s+(\d+)/.exec(readProc(`/proc/${pid}/status`));
      if (hwm) peakRssKb = Math.max(peakRssKb, Number(hwm[1]));
    }
  };
  const timer = setInterval(sample, 200);
  await new Promise((resolve) => shell.on('close', resolve));
  clearInterval(timer);
  const wallSeconds = (performance.now() - started) / 1000;
  const clock = [...report.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  // `times` prints the shell's own user/sys, then its children's.
  const cpuSeconds = (clock[2] ?? Number.NaN) + (clock[3] ?? Number.NaN);
  const status = /status=(\d+)/.exec(report)?.[1];
  // Exit 1 means some page failed and the batch went on; anything else is a broken run.
  if (status !== '0' && status !== '1') throw new Error(`${options.label}: exit ${status ?? '?'}: ${errors.trim()}`);
  return {
    label: options.label,
    kind: options.kind,
    pipeline: options.pipeline,
    jobs: options.jobs,
    pages: options.pages,
    converted: countConverted(options),
    cpuSeconds,
    wallSeconds,
    peakRssMb: peakRssKb / 1024,
    load: { before, after: loadavg()[0] ?? 0 },
  };
}

/** Pages converted: a loop's own count, the Markdown files of a DIR run, or the JSONL lines with status ok. */
function countConverted(options: { kind: BatchRun['kind']; stdout: string; out?: string }): number {
  if (options.out !== undefined) {
    return readdirSync(options.out, { recursive: true }).filter((name) => String(name).endsWith('.md')).length;
  }
  const stdout = readFileSync(options.stdout, 'utf-8');
  if (options.kind === 'loop') return Number(/^converted=(\d+)$/m.exec(stdout)?.[1] ?? 0);
  return stdout.split('\n').filter((line) => line.includes('"status":"ok"')).length;
}

function binArgv(bin: string, args: readonly string[], jobs: number): string[] {
  return [process.execPath, bin, ...args, '--jobs', String(jobs), '-q'];
}

function childPids(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  return readProc(`/proc/${pid}/task/${pid}/children`).split(/\s+/).filter(Boolean).map(Number);
}

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf-8');
  } catch {
    return '';
  }
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The batch table: CPU per page and pages per CPU-second for each command, against the declutter loop (the
 * same pages in one process), the naive loop, and the per-call in-process figure of the same bench run.
 */
export function formatBatch(runs: readonly BatchRun[], inProcess: InProcessCpu): string {
  const perPage = (run: BatchRun): number => (1000 * run.cpuSeconds) / run.pages;
  const loops = (pipeline: BatchRun['pipeline']): number[] =>
    runs.filter((run) => run.kind === 'loop' && run.pipeline === pipeline).map(perPage);
  const declutterLoops = loops('declutter');
  const declutterLoopMs = average(declutterLoops);
  const naiveLoopMs = average(loops('naive'));
  const lines = [
    `Batch throughput on the AEB pages (${runs[0]?.pages ?? 0} pages; whole process: start-up, main thread, workers and V8's own threads;`,
    `CPU = user+sys).`,
    `Library loop in one process: declutter ${declutterLoopMs.toFixed(1)} CPU ms/page ` +
      `(runs: ${declutterLoops.map((ms) => ms.toFixed(1)).join(', ')}), naive ${naiveLoopMs.toFixed(1)}: ` +
      `declutter / naive ${(declutterLoopMs / naiveLoopMs).toFixed(2)}×.`,
    `Per call in this run (the table above): declutter ${inProcess.declutterMeanMs.toFixed(1)} CPU ms/page mean ` +
      `(${inProcess.declutterMedianMs.toFixed(1)} median), naive ${inProcess.naiveMeanMs.toFixed(1)} ` +
      `(${inProcess.naiveMedianMs.toFixed(1)} median); a call's figure misses what V8's threads finish after it.`,
  ];
  const header = [
    'command',
    'pages',
    'ok',
    'CPU s',
    'CPU ms/page',
    'pages/CPU-s',
    '× declutter loop',
    '× naive loop',
    '× per call',
    'wall s',
    'cores used',
    'peak RSS MB',
    'load before→after',
  ];
  const rows = runs.map((run) => [
    run.label,
    String(run.pages),
    String(run.converted),
    run.cpuSeconds.toFixed(1),
    perPage(run).toFixed(1),
    (run.pages / run.cpuSeconds).toFixed(2),
    (perPage(run) / declutterLoopMs).toFixed(2),
    (perPage(run) / naiveLoopMs).toFixed(2),
    (perPage(run) / (run.pipeline === 'naive' ? inProcess.naiveMeanMs : inProcess.declutterMeanMs)).toFixed(2),
    run.wallSeconds.toFixed(1),
    (run.cpuSeconds / run.wallSeconds).toFixed(2),
    run.peakRssMb.toFixed(0),
    `${run.load.before.toFixed(1)}→${run.load.after.toFixed(1)}`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  lines.push('', line(header), ...rows.map(line));
  const one = runs.find((run) => run.kind === 'bin' && run.jobs === 1);
  const two = runs.find((run) => run.kind === 'bin' && run.jobs === 2);
  if (one !== undefined && two !== undefined) {
    const cores = availableParallelism();
    lines.push(
      '',
      `--jobs 2 / --jobs 1 (DIR, wall): ${(one.wallSeconds / two.wallSeconds).toFixed(2)}× ` +
        `on ${cores} cores at load ${one.load.before.toFixed(1)}–${two.load.after.toFixed(1)} ` +
        `(meaningful only on a quiet machine; CPU ratio --jobs 2 / --jobs 1: ${(two.cpuSeconds / one.cpuSeconds).toFixed(2)}).`,
      `--jobs 1 kept ${(one.cpuSeconds / one.wallSeconds).toFixed(2)} cores busy, so ${Math.min(cores, 2)} jobs on ` +
        `${cores} cores can be at most ${(Math.min(cores, 2) / (one.cpuSeconds / one.wallSeconds)).toFixed(2)}× faster ` +
        `at the same CPU per page.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function average(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}
