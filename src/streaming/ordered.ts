// Maps an async source through async work with a bounded window, emitting results in source order.
// At most `window` items are read ahead of the oldest unfinished one, so memory stays bounded.

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
  const pending: Promise<R>[] = [];
  let emitted = 0;
  const drainOne = async (): Promise<boolean> => {
    const head = pending.shift();
    if (head === undefined) return true;
    const keepGoing = await options.emit(await head);
    emitted += 1;
    return keepGoing;
  };
  for await (const item of source) {
    if (options.signal?.aborted) return { emitted, stopped: true };
    const running = options.work(item);
    // Attach a no-op handler so a rejection waiting in the window is not reported as unhandled.
    running.catch(() => undefined);
    pending.push(running);
    while (pending.length >= Math.max(1, options.window)) {
      if (!(await drainOne())) return { emitted, stopped: true };
    }
  }
  while (pending.length > 0) {
    if (options.signal?.aborted) return { emitted, stopped: true };
    if (!(await drainOne())) return { emitted, stopped: true };
  }
  return { emitted, stopped: false };
}
