// Runs a planned batch: feeds pages to the pool, writes each result atomically, keeps the manifest,
// skips unchanged inputs, and stops cleanly on an abort (in-flight writes finish, nothing half-written)
// or when OUT cannot take more writes (full, read-only, removed: one stop, the pages not written counted).

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { toDeclutterError } from '../errors.js';
import type { FetchedPage } from '../fetch/fetch-page.js';
import type { OutputDir } from './output-dir.js';
import { writtenFiles, type PlannedPage } from './plan.js';
import { InterruptedError, type PagePool } from './pool.js';
import type { PageSuccess, PageTask } from './task.js';
import { formatTrace } from '../stages/render.js';
import { OutputStopError, type StopDescription } from './write-errors.js';

export interface BatchFailure {
  input: string;
  message: string;
}

export interface PageEvent {
  page: PlannedPage;
  status: 'converted' | 'skipped' | 'failed';
  message?: string;
  warnings?: string[];
  ms: number;
}

export interface RunBatchOptions {
  /** The locked, recovered output directory (openOutputDir); runBatch finishes it. */
  output: OutputDir;
  pages: readonly PlannedPage[];
  pool: PagePool;
  /** Pages in flight at once (reading, fetching, converting, writing). */
  concurrency: number;
  timeoutMs: number;
  /** Builds the worker task for a page; `fetched` is set for URL inputs. */
  buildTask: (page: PlannedPage, fetched: FetchedPage | undefined) => PageTask;
  fetchPage: (url: string, signal: AbortSignal) => Promise<FetchedPage>;
  skipUnchanged: boolean;
  optionsKey: string;
  signal: AbortSignal;
  onPage: (event: PageEvent) => void;
  /** Called once a page's output is written (writes its --report); a throw makes the page a failure. */
  afterWrite?: (page: PlannedPage, result: PageSuccess) => Promise<void>;
}

export interface BatchOutcome {
  converted: number;
  skipped: number;
  failures: BatchFailure[];
  interrupted: boolean;
  /** Set when OUT stopped taking writes: where, why, and how many pages were not written. */
  stopped?: StopDescription;
}

export async function runBatch(options: RunBatchOptions): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { converted: 0, skipped: 0, failures: [], interrupted: false };
  const { output } = options;
  // A stop ends the batch like Ctrl-C does (pages in flight are dropped, none started), but is not one.
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  let stopped: StopDescription | undefined;
  let next = 0;

  const runOne = async (page: PlannedPage): Promise<void> => {
    const started = performance.now();
    const input = page.entry.kind === 'file' ? page.entry.path : page.entry.url;
    const elapsed = (): number => performance.now() - started;
    try {
      let fetched: FetchedPage | undefined;
      let inputSha256: string | undefined;
      if (page.entry.kind === 'url') {
        fetched = await options.fetchPage(page.entry.url, signal);
        inputSha256 = sha256(fetched.bytes);
      } else if (options.skipUnchanged) {
        inputSha256 = await hashFile(page.entry.path);
      }
      if (options.skipUnchanged && inputSha256 !== undefined && (await isUnchanged(options, page, inputSha256))) {
        outcome.skipped += 1;
        options.onPage({ page, status: 'skipped', ms: elapsed() });
        return;
      }
      if (signal.aborted) return;
      const result = await options.pool.run(options.buildTask(page, fetched), {
        timeoutMs: options.timeoutMs,
        signal,
      });
      if (!result.ok) {
        outcome.failures.push({ input, message: result.message });
        options.onPage({ page, status: 'failed', message: result.message, ms: elapsed() });
        return;
      }
      if (stopped !== undefined) return;
      // From here on the writes are in flight: they finish even after Ctrl-C, each atomically and journalled.
      const entry = {
        input,
        inputSha256: result.inputSha256,
        optionsKey: options.optionsKey,
      };
      await output.writePage(page, result.document, {
        sha256: sha256(Buffer.from(result.document, 'utf-8')),
        ...entry,
      });
      if (page.trace) {
        // --explain in a batch: the removal trace beside the output, written and recorded the same way.
        const trace = formatTrace(result.trace);
        await output.writePage({ ...page, outRel: page.trace.rel, outPath: page.trace.path }, trace, {
          sha256: sha256(Buffer.from(trace, 'utf-8')),
          ...entry,
        });
      }
      await options.afterWrite?.(page, result);
      outcome.converted += 1;
      options.onPage({ page, status: 'converted', warnings: result.warnings, ms: elapsed() });
    } catch (error) {
      if (error instanceof OutputStopError) {
        stopped ??= { where: error.where, reason: error.reason };
        stop.abort();
        return;
      }
      if (error instanceof InterruptedError || signal.aborted) return;
      const message = toDeclutterError(error).message;
      outcome.failures.push({ input, message });
      options.onPage({ page, status: 'failed', message, ms: elapsed() });
    }
  };

  const lane = async (): Promise<void> => {
    while (!signal.aborted) {
      const index = next;
      next += 1;
      const page = options.pages[index];
      if (page === undefined) return;
      await runOne(page);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  outcome.interrupted = options.signal.aborted;
  const unfinished = await output.finish();
  stopped ??= unfinished;
  if (stopped !== undefined) {
    const notWritten = options.pages.length - outcome.converted - outcome.skipped - outcome.failures.length;
    outcome.stopped = { ...stopped, notWritten };
  }
  return outcome;
}

async function isUnchanged(options: RunBatchOptions, page: PlannedPage, inputSha256: string): Promise<boolean> {
  const entry = options.output.manifest.files[page.outRel];
  if (entry === undefined || entry.inputSha256 !== inputSha256 || entry.optionsKey !== options.optionsKey) return false;
  // The plan checked that an existing output still has the recorded hash; a deleted one is redone.
  for (const { path } of writtenFiles(page)) {
    const output = await stat(path).catch(() => undefined);
    if (output?.isFile() !== true) return false;
  }
  return true;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}
