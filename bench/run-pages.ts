// Runs declutter and the naive pipeline over the same pages, interleaved, each in its own child process.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BODY_ONLY, type ConvertOptions } from './convert-page.js';
import type { BenchPage } from './aeb-data.js';
import type { FinishReply, PipelineName, RunReply, RunRequest } from './pipeline-worker.js';

const WORKER = fileURLToPath(new URL('./pipeline-worker.ts', import.meta.url));

export interface PipelineRun {
  pipeline: PipelineName;
  /** One reply per page, in page order. */
  results: RunReply[];
  maxRssKb: number;
}

/** A page and how its set converts it. */
export interface PageJob {
  page: BenchPage;
  convert: ConvertOptions;
}

export interface RunPagesOptions {
  pages: readonly PageJob[];
  pipelines: readonly PipelineName[];
  /** Pages run once untimed in each child before measuring (JIT warm-up). */
  warmup: number;
  onProgress?: (done: number, total: number) => void;
}

/** Page i goes to every pipeline before page i+1; the order within a page alternates to share warm caches fairly. */
export async function runPages({ pages, pipelines, warmup, onProgress }: RunPagesOptions): Promise<PipelineRun[]> {
  const workers = pipelines.map((pipeline) => ({ pipeline, child: startWorker(pipeline), results: [] as RunReply[] }));
  try {
    for (const job of pages.slice(0, warmup)) {
      for (const worker of workers) await request(worker.child, job.page, job.convert);
    }
    for (const [index, job] of pages.entries()) {
      const order = index % 2 === 0 ? workers : [...workers].reverse();
      for (const worker of order) worker.results.push(await request(worker.child, job.page, job.convert));
      onProgress?.(index + 1, pages.length);
    }
    const runs: PipelineRun[] = [];
    for (const worker of workers) {
      runs.push({ pipeline: worker.pipeline, results: worker.results, maxRssKb: await finish(worker.child) });
    }
    return runs;
  } finally {
    for (const worker of workers) if (worker.child.connected) worker.child.kill();
  }
}

export interface ConvertPagesOptions {
  pages: readonly PageJob[];
  pipeline: PipelineName;
  /** Child processes converting at once, each taking the next page when it is done with one. */
  workers: number;
  onProgress?: (done: number, total: number) => void;
}

/** Converts pages as fast as the machine allows (the gate: no timing comparison, so no interleaving). */
export async function convertPages({ pages, pipeline, workers, onProgress }: ConvertPagesOptions): Promise<RunReply[]> {
  const children = Array.from({ length: Math.max(1, Math.min(workers, pages.length)) }, () => startWorker(pipeline));
  const results: RunReply[] = new Array<RunReply>(pages.length);
  let next = 0;
  let done = 0;
  const drain = async (child: ChildProcess): Promise<void> => {
    for (let index = next++; index < pages.length; index = next++) {
      const job = pages[index] as PageJob;
      results[index] = await request(child, job.page, job.convert);
      onProgress?.(++done, pages.length);
    }
    await finish(child);
  };
  try {
    await Promise.all(children.map(drain));
    return results;
  } finally {
    for (const child of children) if (child.connected) child.kill();
  }
}

/**
 * The worker's own TypeScript goes through tsx's ESM hook only (`tsx/esm`). Plain `--import tsx` also
 * hooks require(), and then recompiles every ES module a CommonJS package requires (parse5, from
 * jsdom) into CommonJS whose exports are getters: parse5 took three times its CPU that way, in both
 * pipelines, a cost neither pays when run by node as users run them.
 */
export function startWorker(pipeline: PipelineName, worker: string = WORKER): ChildProcess {
  return fork(worker, [pipeline], {
    execArgv: ['--import', 'tsx/esm'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

export function request(child: ChildProcess, page: BenchPage, convert: ConvertOptions = BODY_ONLY): Promise<RunReply> {
  // Only what the worker reads: a set's annotations stay in the parent.
  const message: RunRequest = { type: 'run', page: { id: page.id, url: page.url, htmlPath: page.htmlPath }, convert };
  return exchange<RunReply>(child, message, 'result');
}

async function finish(child: ChildProcess): Promise<number> {
  const reply = await exchange<FinishReply>(child, { type: 'finish' }, 'stats');
  return reply.maxRssKb;
}

function exchange<T extends { type: string }>(child: ChildProcess, message: object, expected: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: T): void => {
      if (reply.type !== expected) return;
      cleanup();
      resolve(reply);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`bench worker exited (code ${String(code)}) before replying`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(message);
  });
}
