// Time limits for the tests that guard against hangs, scaled by the machine's load.
// These limits tell a hang or a quadratic blow-up (minutes, forever) from a slow run; on a shared CI
// machine with a load of three times its cores a child process runs about three times slower, and a
// fixed limit then fails a run that did nothing wrong. The factor is capped so a real hang still fails.
import { availableParallelism, loadavg } from 'node:os';

const MAX_FACTOR = 4;

/** How much slower than a quiet machine this one is likely to run now (1 when quiet, at most 4). */
export function loadFactor(): number {
  return Math.min(MAX_FACTOR, Math.max(1, loadavg()[0]! / availableParallelism()));
}

/** `quietMs` (the limit on a quiet machine) stretched by the current load factor. */
export function loadScaledMs(quietMs: number): number {
  return Math.round(quietMs * loadFactor());
}
