// The module piscina starts each batch worker with: the page converter from the bundle of the CLI's converting
// half (src/cli/converter-side.ts) when it is current, else from dist/ module by module.
//
// A worker thread is a fresh V8 isolate and loads its code again. Module by module that is ≈ 2 s of CPU
// on Node 20 (jsdom's hundreds of files, each compiled from source), more than converting a dozen
// pages; the bundle with its code cache takes a fraction of it (src/bundle/load-bundle.ts).

import { workerData } from 'node:worker_threads';
import { loadBundle } from '../bundle/load-bundle.js';
import type convertPage from './worker.js';

/** What the pool tells each worker (piscina passes it as the thread's workerData). */
export interface WorkerEntryData {
  /** Load the converter from its bundle if it is current (false: dist/ module by module). */
  bundle: boolean;
}

async function loadConverter(): Promise<typeof convertPage> {
  const data = workerData as Partial<WorkerEntryData> | null | undefined;
  const bundled = data?.bundle === true ? loadBundle<typeof import('../cli/converter-side.js')>('convert') : undefined;
  return bundled?.convertPage ?? (await import('./worker.js')).default;
}

export default await loadConverter();
