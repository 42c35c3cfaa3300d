// Writes documents: to stdout (quiet on a closed pipe) or atomically to a file (temp + rename).

import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes to a stream; resolves `false` when the reader has gone away (EPIPE), so `| head` exits quietly. */
export function writeToStream(stream: NodeJS.WritableStream, data: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') resolve(false);
      else reject(error);
    };
    stream.once('error', onError);
    stream.write(data, (error) => {
      stream.removeListener('error', onError);
      if (error) onError(error);
      else resolve(true);
    });
  });
}

/**
 * Writes a file atomically: the data goes to a temp file in the same directory, is flushed, then
 * renamed over the target, so a crash or Ctrl-C never leaves a half-written file behind.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
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
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
