// Atomic file writes: temp file in the same directory, flushed, then renamed over the target.

import { randomBytes } from 'node:crypto';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Refuse when the target is a symbolic link (rename would replace the link, not what it points to). */
  refuseSymlink?: boolean;
}

/**
 * Writes `data` to `path` so that readers see the old file or the whole new one, never half of it:
 * a crash or Ctrl-C leaves at most a hidden temp file, which is removed when the write fails.
 */
export async function writeFileAtomic(path: string, data: string, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.declutter-tmp`);
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
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
