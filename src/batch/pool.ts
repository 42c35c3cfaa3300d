// A piscina pool of conversion workers, each retired once its heap grows or it has served many pages.
//
// Early jsdom versions here kept ~10 MB alive per page; today a worker's heap stays flat (92 MB peak
// over 150 AEB pages, BENCHMARKS.md), and a worker's start costs more CPU than a few pages, so workers
// live long. A custom load balancer still counts the pages it hands each worker and stops choosing one
// that reached `maxPagesPerWorker` or reported a heap over `softHeapLimitMb`; when that worker goes idle
// it is terminated and piscina starts a fresh one. `maxOldGenerationSizeMb` is the hard backstop: a page
// that blows it fails alone.

import { Piscina } from 'piscina';
import type { PageFailure, PageResult, PageTask, WarmUpTask, WorkerStats } from './task.js';
import type { WorkerEntryData } from './worker-entry.js';

// piscina does not export the balancer type from its entry point.
type LoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;

/** Rides along with a task (piscina's queue-options slot, which is never cloned to the worker). */
interface QueueHooks {
  onStart(): void;
}

export interface PagePoolOptions {
  jobs: number;
  maxPagesPerWorker: number;
  softHeapLimitMb: number;
  maxOldGenerationSizeMb: number;
  /** The worker module (a file URL); tests pass a stand-in. */
  workerFile?: string;
  /** Workers load the converter from the CLI's bundle when it is current (src/batch/worker-entry.ts). */
  bundle?: boolean;
}

export interface RunPageOptions {
  timeoutMs: number;
  /** Aborting this (Ctrl-C) stops the page and makes `run` reject with InterruptedError. */
  signal?: AbortSignal | undefined;
}

export interface PoolStats {
  workersRetired: number;
  /** Largest heap + off-heap footprint any one worker reported, in MB. */
  peakWorkerFootprintMb: number;
  peakWorkerHeapMb: number;
}

export interface PagePool {
  /** Converts one page; resolves to a failure record for timeouts and worker crashes, never rejects for them. */
  run(task: PageTask, options: RunPageOptions): Promise<PageResult>;
  stats(): PoolStats;
  destroy(): Promise<void>;
}

/** Thrown by `run` when the caller's signal aborted the page. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

export const DEFAULT_POOL_LIMITS = {
  maxPagesPerWorker: 1000,
  softHeapLimitMb: 220,
  // V8 sizes a heap's growth by its cap: under 320 MB it let the old generation grow ~1.3× past what was live,
  // so a worker ran a full mark-compact every ~4 pages (41 over the 181 AEB pages, 6 with Node's own cap) and
  // the batch burnt ~10 % more CPU; at 1 GB it runs 25, for the same peak heap (≈ 105 MB) and RSS
  // (BENCHMARKS.md, 2026-12-06, issue 15). Above ~2 GB the heap held up to 480 MB between collections.
  maxOldGenerationSizeMb: 1024,
} as const;

export function createPagePool(options: PagePoolOptions): PagePool {
  const pagesGiven = new Map<number, number>();
  const inFlight = new Map<number, number>();
  const retiring = new Set<number>();
  const stats: PoolStats = { workersRetired: 0, peakWorkerFootprintMb: 0, peakWorkerHeapMb: 0 };

  const balancer: LoadBalancer = (task, workers) => {
    for (const worker of workers) {
      if (retiring.has(worker.id) || worker.currentUsage !== 0) continue;
      const hooks = (task as unknown as Record<symbol, QueueHooks | null | undefined>)[Piscina.queueOptionsSymbol];
      if (hooks === null || hooks === undefined) return worker; // a warm-up, not a page
      // The page starts now: its --timeout clock starts here, not while it waited in the queue.
      hooks.onStart();
      const given = (pagesGiven.get(worker.id) ?? 0) + 1;
      pagesGiven.set(worker.id, given);
      inFlight.set(worker.id, (inFlight.get(worker.id) ?? 0) + 1);
      if (given >= options.maxPagesPerWorker) retiring.add(worker.id);
      return worker;
    }
    return null;
  };

  const pool = new Piscina<(PageTask & Partial<Record<symbol, QueueHooks>>) | WarmUpTask, PageResult | WorkerStats>({
    filename: options.workerFile ?? new URL('./worker-entry.js', import.meta.url).href,
    workerData: { bundle: options.bundle ?? false } satisfies WorkerEntryData,
    minThreads: options.jobs,
    maxThreads: options.jobs,
    idleTimeout: 60 * 60 * 1000,
    // Idle workers wait on the event loop rather than in Atomics.wait, so terminate() reaches them at once.
    atomics: 'disabled',
    loadBalancer: balancer,
    resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb },
  });
  pool.on('workerDestroy', (worker: { id: number }) => {
    pagesGiven.delete(worker.id);
    inFlight.delete(worker.id);
    retiring.delete(worker.id);
  });
  // Errors of workers without a task (e.g. one dying while idle) must not crash the CLI.
  pool.on('error', () => undefined);

  function afterResult(result: PageResult): void {
    const { threadId, heapUsedMb, footprintMb } = result.worker;
    stats.peakWorkerFootprintMb = Math.max(stats.peakWorkerFootprintMb, footprintMb);
    stats.peakWorkerHeapMb = Math.max(stats.peakWorkerHeapMb, heapUsedMb);
    const left = (inFlight.get(threadId) ?? 1) - 1;
    inFlight.set(threadId, left);
    if (heapUsedMb > options.softHeapLimitMb) retiring.add(threadId);
    if (retiring.has(threadId) && left === 0) {
      const thread = pool.threads.find((candidate) => candidate.threadId === threadId);
      if (thread !== undefined) {
        stats.workersRetired += 1;
        void thread.terminate();
      }
    }
  }

  // Every first worker loads the modules before its first page, so that time is not charged to a page.
  let warm: Promise<unknown> | undefined;
  const warmUp = (): Promise<unknown> =>
    (warm ??= Promise.all(Array.from({ length: options.jobs }, () => pool.run({ warmUp: true }))).catch(
      () => undefined,
    ));

  return {
    async run(task, runOptions) {
      await warmUp();
      if (runOptions.signal?.aborted) throw new InterruptedError();
      const timeout = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const hooks: QueueHooks = {
        onStart: () => {
          timer = setTimeout(() => timeout.abort(), runOptions.timeoutMs);
        },
      };
      const signal = runOptions.signal ? AbortSignal.any([timeout.signal, runOptions.signal]) : timeout.signal;
      try {
        const result = (await pool.run({ ...task, [Piscina.queueOptionsSymbol]: hooks }, { signal })) as PageResult;
        afterResult(result);
        return result;
      } catch (error) {
        if (runOptions.signal?.aborted) throw new InterruptedError();
        return describeFailure(error, { timedOut: timeout.signal.aborted, ...runOptions, ...options });
      } finally {
        clearTimeout(timer);
      }
    },
    stats: () => ({ ...stats }),
    destroy: () => pool.destroy(),
  };
}

function describeFailure(
  error: unknown,
  context: { timedOut: boolean; timeoutMs: number; maxOldGenerationSizeMb: number },
): PageFailure {
  const worker = { threadId: -1, pages: 0, heapUsedMb: 0, footprintMb: 0 };
  if (context.timedOut) {
    return {
      ok: false,
      code: 'timeout',
      message: `timed out after ${formatSeconds(context.timeoutMs)} (--timeout)`,
      worker,
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return {
      ok: false,
      code: 'too-large',
      message: `ran out of memory (worker heap limit ${context.maxOldGenerationSizeMb} MB)`,
      worker,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, code: 'internal', message: `worker failed: ${message}`, worker };
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
