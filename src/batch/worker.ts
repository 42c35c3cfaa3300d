// The piscina worker: reads or receives one page, converts it, and reports the result as plain data.

import { createHash } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { threadId } from 'node:worker_threads';
import { declutter, renderResult } from '../index.js';
import { toDeclutterError } from '../errors.js';
import { readPageFile } from '../input/read-page.js';
import type { PageResult, PageTask, WarmUpTask, WorkerStats } from './task.js';

let pagesDone = 0;

/** Converts one page; never throws, so the error code survives the trip back to the main thread. */
export default async function convertPage(task: PageTask | WarmUpTask): Promise<PageResult | WorkerStats> {
  if ('warmUp' in task) return stats();
  pagesDone += 1;
  try {
    const { bytes, sha256 } =
      task.source.kind === 'file'
        ? await readPageFile(task.source.path, {
            maxBytes: task.options.maxBytes ?? Number.MAX_SAFE_INTEGER,
            maxDecompressedBytes: task.maxDecompressedBytes,
          })
        : { bytes: task.source.bytes, sha256: createHash('sha256').update(task.source.bytes).digest('hex') };
    const result = declutter(bytes, task.options);
    return {
      ok: true,
      document: renderResult(result, task.render),
      markdown: result.markdown,
      title: result.metadata.title ?? null,
      lang: result.metadata.lang ?? null,
      encoding: result.encoding,
      warnings: result.warnings,
      trace: result.trace,
      ...(result.report !== undefined ? { report: result.report } : {}),
      inputSha256: sha256,
      worker: stats(),
    };
  } catch (error) {
    const failure = toDeclutterError(error);
    return { ok: false, code: failure.code, message: failure.message, worker: stats() };
  }
}

function stats(): WorkerStats {
  const heap = getHeapStatistics();
  return {
    threadId,
    pages: pagesDone,
    heapUsedMb: heap.used_heap_size / 2 ** 20,
    footprintMb: (heap.total_heap_size + heap.external_memory) / 2 ** 20,
  };
}
