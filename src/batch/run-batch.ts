// Runs a planned batch: feeds pages to the pool, writes each result atomically, keeps the manifest,
// skips unchanged inputs, and stops cleanly on an abort (in-flight writes finish, nothing half-written).

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { InputError, toDeclutterError } from '../errors.js';
import type { FetchedPage } from '../fetch/fetch-page.js';
import { writeFileAtomic } from './atomic-write.js';
import { writeManifest, type Manifest } from './manifest.js';
import { describeFsError } from './read-page.js';
import type { PlannedPage } from './plan.js';
import { InterruptedError, type PagePool } from './pool.js';
import type { PageTask } from './task.js';
import { formatTrace } from '../stages/render.js';

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
  outDir: string;
  pages: readonly PlannedPage[];
  manifest: Manifest;
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
}

export interface BatchOutcome {
  converted: number;
  skipped: number;
  failures: BatchFailure[];
  interrupted: boolean;
}

export async function runBatch(options: RunBatchOptions): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { converted: 0, skipped: 0, failures: [], interrupted: false };
  const realOut = await mkdir(options.outDir, { recursive: true }).then(() => realpath(options.outDir));
  const saver = createManifestSaver(options.outDir, options.manifest);
  let next = 0;

  const runOne = async (page: PlannedPage): Promise<void> => {
    const started = performance.now();
    const input = page.entry.kind === 'file' ? page.entry.path : page.entry.url;
    const elapsed = (): number => performance.now() - started;
    try {
      let fetched: FetchedPage | undefined;
      let inputSha256: string | undefined;
      if (page.entry.kind === 'url') {
        fetched = await options.fetchPage(page.entry.url, options.signal);
        inputSha256 = sha256(fetched.bytes);
      } else if (options.skipUnchanged) {
        inputSha256 = await hashFile(page.entry.path);
      }
      if (options.skipUnchanged && inputSha256 !== undefined && (await isUnchanged(options, page, inputSha256))) {
        outcome.skipped += 1;
        options.onPage({ page, status: 'skipped', ms: elapsed() });
        return;
      }
      if (options.signal.aborted) return;
      const result = await options.pool.run(options.buildTask(page, fetched), {
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      if (!result.ok) {
        outcome.failures.push({ input, message: result.message });
        options.onPage({ page, status: 'failed', message: result.message, ms: elapsed() });
        return;
      }
      // From here on the writes are in flight: they finish even after Ctrl-C, each atomically.
      const files = [{ rel: page.outRel, path: page.outPath, text: result.document }];
      if (page.trace) files.push({ ...page.trace, text: formatTrace(result.trace) });
      for (const file of files) {
        await writeOutput(file.path, file.text, realOut).catch((error: unknown) => {
          throw new InputError(`${file.path}: ${describeFsError(error)}`, { cause: error });
        });
        options.manifest.files[file.rel] = {
          sha256: sha256(Buffer.from(file.text, 'utf-8')),
          input,
          inputSha256: result.inputSha256,
          optionsKey: options.optionsKey,
        };
      }
      saver.saveSoon();
      outcome.converted += 1;
      options.onPage({ page, status: 'converted', warnings: result.warnings, ms: elapsed() });
    } catch (error) {
      if (error instanceof InterruptedError || options.signal.aborted) return;
      const message = toDeclutterError(error).message;
      outcome.failures.push({ input, message });
      options.onPage({ page, status: 'failed', message, ms: elapsed() });
    }
  };

  const lane = async (): Promise<void> => {
    while (!options.signal.aborted) {
      const index = next;
      next += 1;
      const page = options.pages[index];
      if (page === undefined) return;
      await runOne(page);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  outcome.interrupted = options.signal.aborted;
  await saver.flush();
  return outcome;
}

async function isUnchanged(options: RunBatchOptions, page: PlannedPage, inputSha256: string): Promise<boolean> {
  const entry = options.manifest.files[page.outRel];
  if (entry === undefined || entry.inputSha256 !== inputSha256 || entry.optionsKey !== options.optionsKey) return false;
  // The plan checked that an existing output still has the recorded hash; a deleted one is redone.
  for (const path of [page.outPath, ...(page.trace ? [page.trace.path] : [])]) {
    const output = await stat(path).catch(() => undefined);
    if (output?.isFile() !== true) return false;
  }
  return true;
}

async function writeOutput(path: string, document: string, realOut: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // Checked again at write time: a directory swapped for a symlink since planning must not lead out of OUT.
  const realDir = await realpath(dir);
  if (realDir !== realOut && !realDir.startsWith(realOut + sep)) {
    throw new Error(`${dir} leads outside the output directory; not written`);
  }
  await writeFileAtomic(resolve(path), document, { refuseSymlink: true });
}

/** Saves the manifest at most once a second while the batch runs, and once more at the end. */
function createManifestSaver(outDir: string, manifest: Manifest): { saveSoon(): void; flush(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  const save = (): void => {
    timer = undefined;
    chain = chain.then(() => writeManifest(outDir, manifest)).catch(() => undefined);
  };
  return {
    saveSoon() {
      timer ??= setTimeout(save, 1000);
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await chain;
      await writeManifest(outDir, manifest);
    },
  };
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
