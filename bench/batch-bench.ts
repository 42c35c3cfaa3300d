// Batch throughput and memory: the AEB pages repeated to ≥ 1,000 files, converted by the real bin with
// --jobs 1 and --jobs 2; prints pages/s, speed-up, process peak RSS and the largest per-worker heap.
//
//   npm run build && npx tsx bench/batch-bench.ts [--pages 1086] [--jobs 1,2] [--data DIR]

import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'bin', 'declutter.js');
const DEFAULT_DATA = resolve(ROOT, '..', 'shared', 'datasets', 'scrapinghub-aeb', 'html');

interface Run {
  jobs: number;
  pages: number;
  converted: number;
  failed: number;
  seconds: number;
  peakRssMb: number;
  workerHeapMb: number;
  workerFootprintMb: number;
  retired: number;
  /** Failure messages (path stripped) with their counts. */
  reasons: Map<string, number>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pages: { type: 'string', default: '1086' },
      jobs: { type: 'string', default: '1,2' },
      data: { type: 'string' },
    },
  });
  const wanted = Number(values.pages);
  const jobsList = values.jobs.split(',').map(Number);
  const dataDir = values.data ?? DEFAULT_DATA;
  const sources = (await readdir(dataDir)).filter((name) => name.endsWith('.html.gz')).sort();
  if (sources.length === 0) throw new Error(`no .html.gz pages in ${dataDir}`);

  const work = await mkdtemp(join(tmpdir(), 'declutter-batch-bench-'));
  try {
    // Real copies, not links: the batch reads each real file once (dev+ino), so links would be deduplicated.
    const input = join(work, 'in');
    for (let n = 0; n < wanted; n += 1) {
      const copy = Math.floor(n / sources.length);
      const dir = join(input, `copy-${copy}`);
      if (n % sources.length === 0) await mkdir(dir, { recursive: true });
      const name = sources[n % sources.length] ?? '';
      await copyFile(join(dataDir, name), join(dir, name));
    }
    const runs: Run[] = [];
    for (const jobs of jobsList) {
      runs.push(await runBatch({ input, out: join(work, `out-${jobs}`), jobs, pages: wanted }));
      printTable(runs);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function runBatch(options: { input: string; out: string; jobs: number; pages: number }): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, options.input, '-o', options.out, '--jobs', String(options.jobs), '-v'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Keep only the tail: the per-page lines are not needed, the summary lines come last.
    if (stderr.length > 100_000) stderr = stderr.slice(-20_000);
  });
  // Peak RSS of the whole process (main thread + workers), sampled from /proc while it runs.
  let peakRssKb = 0;
  const sample = async (): Promise<void> => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf-8').catch(() => '');
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    if (hwm) peakRssKb = Math.max(peakRssKb, Number(hwm[1]));
  };
  const timer = setInterval(() => void sample(), 250);
  await new Promise((resolvePromise) => child.on('close', resolvePromise));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const summary = /(\d+) converted, (?:\d+ unchanged, )?(\d+) failed/.exec(stderr);
  const stats = /workers retired (\d+), peak worker heap (\d+) MB, peak worker footprint (\d+) MB/.exec(stderr);
  return {
    jobs: options.jobs,
    pages: options.pages,
    converted: Number(summary?.[1] ?? 0),
    failed: Number(summary?.[2] ?? 0),
    seconds,
    peakRssMb: peakRssKb / 1024,
    workerHeapMb: Number(stats?.[2] ?? 0),
    workerFootprintMb: Number(stats?.[3] ?? 0),
    retired: Number(stats?.[1] ?? 0),
    reasons: failureReasons(stderr),
  };
}

/** The failure list printed after the per-page lines: `declutter: PATH: message`, grouped by message. */
function failureReasons(stderr: string): Map<string, number> {
  const reasons = new Map<string, number>();
  for (const match of stderr.matchAll(/^declutter: \S+\.html\.gz: (.*)$/gm)) {
    const reason = (match[1] ?? '').slice(0, 100);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return reasons;
}

function printTable(runs: readonly Run[]): void {
  const base = runs[0];
  const rows = runs.map((run) => {
    const rate = run.converted / run.seconds;
    const speedup = base ? rate / (base.converted / base.seconds) : 1;
    return [
      String(run.jobs),
      String(run.pages),
      String(run.converted),
      String(run.failed),
      run.seconds.toFixed(1),
      rate.toFixed(2),
      `${speedup.toFixed(2)}x`,
      run.peakRssMb.toFixed(0),
      run.workerHeapMb.toFixed(0),
      run.workerFootprintMb.toFixed(0),
      String(run.retired),
    ];
  });
  const header = [
    'jobs',
    'pages',
    'ok',
    'failed',
    'seconds',
    'pages/s',
    'speed-up',
    'peak RSS MB',
    'worker heap MB',
    'worker footprint MB',
    'retired',
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const last = runs[runs.length - 1];
  for (const [reason, count] of last?.reasons ?? []) console.log(`  ${count} × ${reason}`);
  console.log('');
}

await main();
