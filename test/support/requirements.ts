// What a test needs from outside the repository (data in ../shared, a system tool): on a bare clone a
// missing one skips the test with a one-line reason; under CI=true it fails the test instead.
//
//   const aeb = sharedData('datasets/scrapinghub-aeb', { file: 'ground-truth.json' });
//   const parallel = systemTool('parallel', { debian: 'parallel' });
//
//   requires(aeb).describe('AEB metric', () => { … });        // the body is not even run when aeb is missing
//   requires(parallel).it('matches parallel --pipe', async () => { … }, 180_000);
//   it('…', (context) => { requires(aeb, parallel).check(context); … });   // inside a test
//
// Skip reasons are listed at the end of `npm test` by test/support/skip-reasons-reporter.ts.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, type TestContext } from 'vitest';

/**
 * `shared/` beside the work tree (read-only data sets and seeds; CI lays it out the same way).
 * DECLUTTER_SHARED_DIR points elsewhere (test/requirements.test.ts uses it to stand for a bare clone).
 */
export const SHARED_DIR =
  process.env.DECLUTTER_SHARED_DIR ?? resolve(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared');

/** The absolute path of something under ../shared. */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

export interface Requirement {
  /** What is needed, for messages: `../shared/datasets/scrapinghub-aeb`, `GNU parallel`. */
  readonly what: string;
  /** Why it is not usable here (one line), or undefined when it is. */
  readonly missing: string | undefined;
}

/**
 * A file or folder under ../shared. `file` names something inside the folder that must exist too (a
 * half-copied data set is missing as well).
 */
export function sharedData(relativePath: string, options: { file?: string } = {}): Requirement {
  const path = sharedPath(relativePath);
  const what = `../shared/${relativePath}`;
  if (!existsSync(path)) return { what, missing: `${what} is not beside this work tree` };
  if (options.file !== undefined && !existsSync(join(path, options.file))) {
    return { what, missing: `${what} has no ${options.file}` };
  }
  return { what, missing: undefined };
}

/**
 * A command on PATH that answers `command ...args` (default `--version`) with exit status 0. `debian`
 * names the package that provides it, for the reason line (.ci/run installs what CI needs).
 */
export function systemTool(
  command: string,
  options: { args?: readonly string[]; debian: string; name?: string },
): Requirement {
  const what = options.name ?? command;
  const probe = spawnSync(command, [...(options.args ?? ['--version'])], { stdio: 'ignore', timeout: 20_000 });
  if (probe.status === 0) return { what, missing: undefined };
  return { what, missing: `${what} is not installed (\`${command}\`, Debian package "${options.debian}")` };
}

/** True when the environment says this is a CI run: CI set to anything but "", "0" or "false". */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

export type Verdict = { readonly run: true } | { readonly run: false; readonly skip: boolean; readonly reason: string };

/** Run, skip (bare clone) or fail (CI) — and the one-line reason when not run. */
export function judgeRequirements(requirements: readonly Requirement[], env: NodeJS.ProcessEnv = process.env): Verdict {
  const missing = requirements.flatMap((requirement) =>
    requirement.missing === undefined ? [] : [requirement.missing],
  );
  if (missing.length === 0) return { run: true };
  if (isCi(env)) {
    return { run: false, skip: false, reason: `${missing.join('; ')}: CI=true needs it (see .ci/run)` };
  }
  return { run: false, skip: true, reason: `${missing.join('; ')}; CI=true runs this` };
}

type TestBody = (context: TestContext) => unknown;

export interface Gate {
  /** A describe whose body runs only when every requirement is met; else one test that skips or fails. */
  describe(name: string, body: () => void): void;
  /** A test that runs only when every requirement is met; else it skips or fails with the reason. */
  it(name: string, body: TestBody, timeout?: number): void;
  /** Inside a running test: returns when every requirement is met; else skips the test or throws. */
  check(context: TestContext): void;
}

export function requires(...requirements: readonly Requirement[]): Gate {
  const verdict = judgeRequirements(requirements);
  const stop = (context: TestContext): void => {
    if (verdict.run) return;
    if (verdict.skip) context.skip(verdict.reason);
    throw new Error(verdict.reason);
  };
  const needs = requirements.map((requirement) => requirement.what).join(', ');
  return {
    describe(name, body) {
      if (verdict.run) describe(name, body);
      else describe(name, () => it(`needs ${needs}`, stop));
    },
    it(name, body, timeout) {
      it(
        name,
        (context) => {
          stop(context);
          return body(context);
        },
        timeout,
      );
    },
    check: stop,
  };
}
