// The batch progress line on stderr (TTY only): done/total, pages/s, ETA, failures; redrawn in place.

export interface ProgressState {
  done: number;
  failed: number;
  skipped: number;
  total: number;
}

export interface Progress {
  update(state: ProgressState): void;
  /** Clears the line so the summary (or a warning printed between updates) starts on a clean one. */
  finish(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { columns?: number };
  enabled: boolean;
  now?: () => number;
  /** Redraw at most this often, in ms. */
  interval?: number;
  paint?: { failed: (text: string) => string; dim: (text: string) => string };
}

export function createProgress(options: ProgressOptions): Progress {
  if (!options.enabled) return { update: () => undefined, finish: () => undefined };
  const now = options.now ?? (() => performance.now());
  const interval = options.interval ?? 100;
  const paint = options.paint ?? { failed: (text: string) => text, dim: (text: string) => text };
  const started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(state) {
      const time = now();
      if (time - lastDraw < interval && state.done < state.total) return;
      lastDraw = time;
      drawn = true;
      options.stream.write(`\r\u001b[K${formatProgress(state, (time - started) / 1000, paint)}`);
    },
    finish() {
      if (drawn) options.stream.write('\r\u001b[K');
    },
  };
}

/** One progress line, e.g. `[#####-----] 500/1000  42.0 pages/s  ETA 12s  3 failed`. */
export function formatProgress(
  state: ProgressState,
  elapsedSeconds: number,
  paint: { failed: (text: string) => string; dim: (text: string) => string },
): string {
  const width = 20;
  const ratio = state.total === 0 ? 1 : state.done / state.total;
  const filled = Math.round(ratio * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const rate = elapsedSeconds > 0 ? state.done / elapsedSeconds : 0;
  const eta = rate > 0 ? formatDuration((state.total - state.done) / rate) : '?';
  const parts = [`${bar} ${state.done}/${state.total}`, `${rate.toFixed(1)} pages/s`, paint.dim(`ETA ${eta}`)];
  if (state.failed > 0) parts.push(paint.failed(`${state.failed} failed`));
  if (state.skipped > 0) parts.push(`${state.skipped} unchanged`);
  return parts.join('  ');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
