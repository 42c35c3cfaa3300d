// Runs synchronous work on this thread and really stops it at a deadline (V8 terminates the execution).

import { createContext, runInContext } from 'node:vm';
import { DeclutterError } from '../errors.js';

/** Node's vm watchdog takes whole milliseconds in a uint32. */
const MAX_TIMEOUT_MS = 2 ** 32 - 1;

/**
 * Calls `work` and returns what it returns, or throws a `timeout` DeclutterError once it has run for
 * `timeoutMs`. The call runs under a vm script timeout: its watchdog makes V8 terminate the running
 * JavaScript wherever it is, in this context's functions too (jsdom, Readability, a regular expression),
 * which a timer on this thread could not, since the work never yields to the event loop.
 */
export function runWithTimeout<T>(work: () => T, timeoutMs: number): T {
  const context = createContext({ work });
  try {
    return runInContext('work()', context, {
      timeout: Math.min(MAX_TIMEOUT_MS, Math.max(1, Math.ceil(timeoutMs))),
      // The page's own errors keep their stack frames; this one-line script adds nothing to them.
      displayErrors: false,
    }) as T;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new DeclutterError('timeout', `timed out after ${formatSeconds(timeoutMs)} (--timeout)`);
    }
    throw error;
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
