// The worker pool: timeouts that stop a hung page, worker recycling by page count and heap, memory caps.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPagePool, InterruptedError, type PagePool } from '../src/batch/pool.js';
import type { PageResult, PageTask } from '../src/batch/task.js';
import { makeTempDir } from './cli-support.js';

// A stand-in conversion worker (plain JS, since the worker thread loads it without vitest): the page
// text says what the "conversion" does.
const STAND_IN_WORKER = `
import { getHeapStatistics } from 'node:v8';
import { threadId } from 'node:worker_threads';

let pages = 0;
const kept = [];

function stats() {
  const heap = getHeapStatistics();
  return { threadId, pages, heapUsedMb: heap.used_heap_size / 2 ** 20, footprintMb: heap.total_heap_size / 2 ** 20 };
}

export default function convert(task) {
  if ('warmUp' in task) return stats();
  pages += 1;
  const text = Buffer.from(task.source.bytes).toString('utf-8');
  // A hung synchronous call, like a pathological jsdom parse: only terminating the thread stops it.
  if (text === 'hang') for (;;);
  // Keeps ~40 MB per page alive, like jsdom's per-page leak but faster.
  if (text === 'grow') kept.push(new Array(5_000_000).fill(0.5));
  if (text === 'explode') for (;;) kept.push(new Array(1_000_000).fill({ page: pages }));
  return {
    ok: true,
    document: text,
    markdown: text,
    title: null,
    lang: null,
    encoding: 'utf-8',
    warnings: [],
    inputSha256: '',
    worker: stats(),
  };
}
`;

let WORKER = '';
let pool: PagePool | undefined;

beforeAll(async () => {
  const path = join(await makeTempDir(), 'stand-in-worker.mjs');
  await writeFile(path, STAND_IN_WORKER);
  WORKER = pathToFileURL(path).href;
});

afterEach(async () => {
  await pool?.destroy();
  pool = undefined;
});

function task(text: string): PageTask {
  return {
    source: { kind: 'bytes', bytes: Buffer.from(text) },
    label: text,
    options: {},
    render: { format: 'markdown', frontMatter: false, explain: false },
    maxDecompressedBytes: 1000,
  };
}

function threadOf(result: PageResult): number {
  return result.worker.threadId;
}

describe('createPagePool', () => {
  it('stops a hung page at its timeout, reports it, and keeps converting', async () => {
    pool = createPagePool({
      jobs: 1,
      maxPagesPerWorker: 100,
      softHeapLimitMb: 500,
      maxOldGenerationSizeMb: 256,
      workerFile: WORKER,
    });
    const started = performance.now();
    const hung = await pool.run(task('hang'), { timeoutMs: 500 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(hung).toMatchObject({ ok: false, code: 'timeout', message: 'timed out after 0.5 s (--timeout)' });
    const next = await pool.run(task('fine'), { timeoutMs: 5000 });
    expect(next).toMatchObject({ ok: true, document: 'fine' });
  });

  it('starts the timeout clock when a page starts, not while it waits in the queue', async () => {
    pool = createPagePool({
      jobs: 1,
      maxPagesPerWorker: 100,
      softHeapLimitMb: 500,
      maxOldGenerationSizeMb: 256,
      workerFile: WORKER,
    });
    const results = await Promise.all([
      pool.run(task('hang'), { timeoutMs: 800 }),
      pool.run(task('queued'), { timeoutMs: 400 }),
    ]);
    expect(results[0]).toMatchObject({ ok: false, code: 'timeout' });
    expect(results[1]).toMatchObject({ ok: true, document: 'queued' });
  });

  it('retires a worker after maxPagesPerWorker pages and goes on in a fresh one', async () => {
    pool = createPagePool({
      jobs: 1,
      maxPagesPerWorker: 2,
      softHeapLimitMb: 500,
      maxOldGenerationSizeMb: 256,
      workerFile: WORKER,
    });
    const threads: number[] = [];
    for (let page = 0; page < 6; page += 1) {
      const result = await pool.run(task(`page ${page}`), { timeoutMs: 5000 });
      expect(result.ok).toBe(true);
      threads.push(threadOf(result));
    }
    expect(new Set(threads).size).toBe(3);
    expect(threads[0]).toBe(threads[1]);
    expect(threads[1]).not.toBe(threads[2]);
    expect(pool.stats().workersRetired).toBeGreaterThanOrEqual(2);
  });

  it('retires a worker whose heap passed the soft limit, so no worker grows without bound', async () => {
    pool = createPagePool({
      jobs: 1,
      maxPagesPerWorker: 1000,
      softHeapLimitMb: 100,
      maxOldGenerationSizeMb: 512,
      workerFile: WORKER,
    });
    for (let page = 0; page < 12; page += 1) {
      const result = await pool.run(task('grow'), { timeoutMs: 10_000 });
      expect(result.ok).toBe(true);
    }
    // 40 MB per page kept: without recycling the heap would reach ~480 MB.
    expect(pool.stats().workersRetired).toBeGreaterThanOrEqual(3);
    expect(pool.stats().peakWorkerHeapMb).toBeLessThan(200);
  });

  it('turns a worker running out of memory into a failed page, and the next page works', async () => {
    pool = createPagePool({
      jobs: 1,
      maxPagesPerWorker: 100,
      softHeapLimitMb: 500,
      maxOldGenerationSizeMb: 64,
      workerFile: WORKER,
    });
    const blown = await pool.run(task('explode'), { timeoutMs: 30_000 });
    expect(blown).toMatchObject({
      ok: false,
      code: 'too-large',
      message: 'ran out of memory (worker heap limit 64 MB)',
    });
    expect(await pool.run(task('after'), { timeoutMs: 5000 })).toMatchObject({ ok: true, document: 'after' });
  });

  it('rejects with InterruptedError when the caller aborts a running page', async () => {
    pool = createPagePool({
      jobs: 1,
      maxPagesPerWorker: 100,
      softHeapLimitMb: 500,
      maxOldGenerationSizeMb: 256,
      workerFile: WORKER,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await expect(pool.run(task('hang'), { timeoutMs: 60_000, signal: controller.signal })).rejects.toBeInstanceOf(
      InterruptedError,
    );
  });
});
