// Maps an async source through async work with a bounded window, emitting results in source order.
// At most `window` items are in flight; each result is emitted as soon as it and all before it are
// done (not when the window fills), so a slow trickle of input still gets prompt output.

export interface MapOrderedOptions<T, R> {
  window: number;
  work: (item: T) => Promise<R>;
  /** Resolves `false` to stop early (e.g. the reader of stdout went away). */
  emit: (result: R) => Promise<boolean>;
  signal?: AbortSignal | undefined;
}

export interface MapOrderedOutcome {
  /** Results emitted. */
  emitted: number;
  /** True when emit asked to stop or the signal aborted before the source ended. */
  stopped: boolean;
}

export async function mapOrdered<T, R>(
  source: AsyncIterable<T>,
  options: MapOrderedOptions<T, R>,
): Promise<MapOrderedOutcome> {
  const window = Math.max(1, options.window);
  const pending: Promise<R>[] = [];
  let sourceDone = false;
  let sourceError: unknown;
  let stopped = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const waitForChange = (): Promise<void> => new Promise((resolve) => (wake = resolve));

  const produce = async (): Promise<void> => {
    try {
      for await (const item of source) {
        if (stopped || options.signal?.aborted) break;
        const running = options.work(item);
        // A rejection waiting in the window must not be reported as unhandled before its turn.
        running.catch(() => undefined);
        pending.push(running);
        notify();
        while (pending.length >= window && !stopped) await waitForChange();
        if (stopped) break;
      }
    } catch (error) {
      sourceError = error;
    } finally {
      sourceDone = true;
      notify();
    }
  };

  const producing = produce();
  let emitted = 0;
  while (!stopped) {
    const head = pending[0];
    if (head === undefined) {
      if (sourceDone) break;
      await waitForChange();
      continue;
    }
    const result = await head;
    void pending.shift();
    notify();
    emitted += 1;
    if (!(await options.emit(result)) || options.signal?.aborted) stopped = true;
  }
  stopped ||= options.signal?.aborted === true;
  notify();
  // When stopped early the producer may be parked on a source read that never ends (an open stdin):
  // the caller closes the source; waiting here would hang.
  if (stopped) return { emitted, stopped };
  await producing;
  if (sourceError !== undefined) {
    throw sourceError instanceof Error ? sourceError : new Error('the input stream failed', { cause: sourceError });
  }
  return { emitted, stopped };
}
