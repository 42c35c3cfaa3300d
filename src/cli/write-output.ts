// Writes documents: to stdout (quiet on a closed pipe) or atomically to a file (temp + rename).

export { writeFileAtomic } from '../batch/atomic-write.js';

/** Streams whose reader has gone away: later writes are dropped instead of raising EPIPE again. */
const closedStreams = new WeakSet<NodeJS.WritableStream>();

/** Writes to a stream; resolves `false` when the reader has gone away (EPIPE), so `| head` exits quietly. */
export function writeToStream(stream: NodeJS.WritableStream, data: string): Promise<boolean> {
  if (closedStreams.has(stream)) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        closedStreams.add(stream);
        // The stream also emits the error as an event after the write callback: keep a listener for it.
        stream.on('error', () => undefined);
        resolve(false);
      } else reject(error);
    };
    stream.once('error', onError);
    stream.write(data, (error) => {
      if (error) {
        onError(error);
        return;
      }
      stream.removeListener('error', onError);
      resolve(true);
    });
  });
}

/** Streams whose closed-pipe errors writeWithoutWaiting already listens for. */
const listenedStreams = new WeakSet<NodeJS.WritableStream>();

/**
 * Writes without waiting, for text commander prints itself (--help, --version): a reader that has gone away
 * (`declutter --help | head -1`) drops the rest instead of ending the process with EPIPE's stack trace.
 */
export function writeWithoutWaiting(stream: NodeJS.WritableStream, data: string): void {
  if (closedStreams.has(stream)) return;
  if (!listenedStreams.has(stream)) {
    listenedStreams.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
      closedStreams.add(stream);
    });
  }
  stream.write(data);
}
