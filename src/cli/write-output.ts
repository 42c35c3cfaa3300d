// Writes documents: to stdout (quiet on a closed pipe) or atomically to a file (temp + rename).

export { writeFileAtomic } from '../batch/atomic-write.js';

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
