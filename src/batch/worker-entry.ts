// The module piscina starts each batch worker with: the page converter from the CLI's bundle when the
// CLI runs from it, else from dist/ module by module.
//
// A worker thread is a fresh V8 isolate and loads its code again. Module by module that is ≈ 2 s of CPU
// on Node 20 (jsdom's hundreds of files, each compiled from source), more than converting a dozen
// pages; the bundle with its code cache takes a fraction of it (src/bundle/load-bundle.ts).

import { workerData } from 'node:worker_threads';
import { loadBundle } from '../bundle/load-bundle.js';
import type convertPage from './worker.js';

/** What the pool tells each worker (piscina passes it as the thread's workerData). */
export interface WorkerEntryData {
  /** Load the converter from the CLI's bundle if it is current (false: dist/ module by module). */
  bundle: boolean;
}

/** The part of the bundled CLI's exports a worker uses (src/cli/main.ts). */
interface BundledCli {
  loadBatchWorker(): Promise<{ default: typeof convertPage }>;
}

async function loadConverter(): Promise<typeof convertPage> {
  const data = workerData as Partial<WorkerEntryData> | null | undefined;
  const bundled = data?.bundle === true ? loadBundle<BundledCli>('cli') : undefined;
  const module = bundled !== undefined ? await bundled.loadBatchWorker() : await import('./worker.js');
  return module.default;
}

export default await loadConverter();
