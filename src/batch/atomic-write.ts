// Atomic file writes: temp file in the same directory, flushed, then renamed over the target.

import { randomBytes } from 'node:crypto';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Refuse when the target is a symbolic link (rename would replace the link, not what it points to). */
  refuseSymlink?: boolean;
  /**
   * Runs after the temp file is complete and flushed, just before the rename; a rejection cancels the
   * write. The batch records the output in its journal here, so no output appears before its record.
   */
  beforeRename?: () => Promise<void>;
}

/** Temp files end in this; a re-run after a crash finds its own leftovers by the whole name pattern. */
export const TEMP_SUFFIX = '.declutter-tmp';

const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.declutter-tmp$/;

/** True for a name writeFileAtomic gives its temp files: `.<name>.<12 hex digits>.declutter-tmp`. */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** The temp file beside `path` that an atomic write of it uses. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * Writes `data` to `path` so that readers see the old file or the whole new one, never half of it:
 * a crash or Ctrl-C leaves at most a hidden temp file, which is removed when the write fails.
 */
export async function writeFileAtomic(path: string, data: string, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data, 'utf-8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    if (options.refuseSymlink === true) {
      const existing = await lstat(path).catch(() => undefined);
      if (existing?.isSymbolicLink()) throw new Error(`${path}: refusing to replace a symbolic link`);
    }
    await options.beforeRename?.();
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Flushes a directory's entries (the renames into it) to disk, so they survive a power cut and not
 * only a crash. Where a directory cannot be opened or synced (Windows, some network file systems)
 * this is a no-op: the rename is still atomic, only its durability is the file system's.
 */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync();
  } catch {
    // EINVAL/EISDIR/EPERM: the platform does not sync directories; nothing more can be done here.
  } finally {
    await handle.close().catch(() => undefined);
  }
}
