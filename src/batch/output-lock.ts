// OUT/.declutter-lock: one batch at a time per output directory. A run that crashed leaves its lock
// behind; the next run sees that its owner is gone, takes the lock over and recovers what it left.

import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { tempPathFor } from './atomic-write.js';

export const LOCK_NAME = '.declutter-lock';

/** Who holds a lock: enough to tell later whether that process still runs. */
export interface LockOwner {
  pid: number;
  host: string;
  /** The process's start time as the OS counts it (Linux: /proc/PID/stat), so a reused pid is not taken for it. */
  startTicks?: string | undefined;
  /** ISO time the lock was taken, for messages. */
  started: string;
}

/** The CLI's view of processes (src/batch does not touch `process` itself). */
export interface ProcessProbe {
  self: LockOwner;
  /** Whether the owner still runs: true, false, or undefined when that cannot be told (another host). */
  isRunning(owner: LockOwner): boolean | undefined;
}

export interface AcquiredLock {
  /** The owner of a lock left by a run that is gone (so the caller recovers after it), if there was one. */
  staleOwner: LockOwner | undefined;
  /** Removes the lock if it is still this run's. */
  release(): Promise<void>;
}

/**
 * Takes OUT's lock, or throws a UsageError naming the run that holds it. File-system errors (read-only,
 * full, permission) are thrown as they are, for the caller to report.
 */
export async function acquireOutputLock(outDir: string, shownOut: string, probe: ProcessProbe): Promise<AcquiredLock> {
  const path = join(outDir, LOCK_NAME);
  const content = `${JSON.stringify({ tool: 'declutter', ...probe.self })}\n`;
  // Written whole beside the lock, then hard-linked to its name: link() fails if the name exists, so the
  // lock appears atomically and complete, and no reader ever sees a half-written one.
  const temp = tempPathFor(path);
  let staleOwner: LockOwner | undefined;
  try {
    await writeFile(temp, content, { flag: 'wx', mode: 0o644 });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await linkOrCreate(temp, path, content)) {
        return { staleOwner, release: () => releaseLock(path, content) };
      }
      const holder = await readLock(path);
      if (holder !== undefined) {
        const running = probe.isRunning(holder);
        if (running === true) {
          throw new UsageError(
            `${shownOut}: another declutter run is writing here (pid ${holder.pid}, started ${holder.started}); let it finish or stop it first`,
          );
        }
        if (running === undefined) {
          throw new UsageError(
            `${shownOut}: locked by a declutter run on host ${holder.host} (pid ${holder.pid}, started ${holder.started}); if it is no longer running, remove ${join(shownOut, LOCK_NAME)}`,
          );
        }
      }
      // The owner is gone (or the lock is unreadable, which a live run's never is): take it over.
      staleOwner = holder ?? { pid: 0, host: '', started: 'unknown' };
      await unlink(path).catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      });
    }
    throw new UsageError(`${shownOut}: could not take the output directory's lock (${LOCK_NAME}); try again`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Links the complete temp file to the lock's name; where hard links are not supported, creates it exclusively. */
async function linkOrCreate(temp: string, path: string, content: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  try {
    await writeFile(path, content, { flag: 'wx', mode: 0o644 });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  }
}

async function readLock(path: string): Promise<LockOwner | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf-8')) as Partial<LockOwner> & { tool?: unknown };
    if (data.tool !== 'declutter' || typeof data.pid !== 'number' || typeof data.host !== 'string') return undefined;
    return {
      pid: data.pid,
      host: data.host,
      startTicks: typeof data.startTicks === 'string' ? data.startTicks : undefined,
      started: typeof data.started === 'string' ? data.started : 'unknown',
    };
  } catch {
    return undefined;
  }
}

async function releaseLock(path: string, content: string): Promise<void> {
  const current = await readFile(path, 'utf-8').catch(() => undefined);
  if (current === content) await unlink(path).catch(() => undefined);
}
