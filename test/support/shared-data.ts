// ../shared (datasets, seeds) sits beside the work tree, never in a clone: tests that read it skip with
// one line saying why, except under CI=true, where CI has laid it out and a skip would hide a broken set-up.

import { existsSync } from 'node:fs';
import type { TestContext } from 'vitest';

/**
 * Why a test that reads `path` cannot run here, or undefined when it can. Under CI=true a missing path
 * is an error, not a reason: call it while collecting tests, and the file fails instead of skipping.
 */
export function sharedDataMissing(path: string): string | undefined {
  if (existsSync(path)) return undefined;
  const reason = `${path} is missing (../shared sits beside the work tree; a bare clone has none)`;
  if (process.env.CI === 'true') throw new Error(`${reason}, and under CI=true the tests that read it must run`);
  return reason;
}

/** Skips the running test, saying why, when `path` is missing (fails it under CI=true). */
export function skipWithoutSharedData(context: TestContext, path: string): void {
  const reason = sharedDataMissing(path);
  if (reason !== undefined) context.skip(reason);
}
