// Helpers for the crash tests: the fault preload compiled for node, runs with a fault, tree snapshots,
// a seeded random generator, and a scratch tmpfs where the machine allows mounting one.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { makeTempDir } from '../cli-support.js';
import { runDeclutter, type CliRun, type RunOptions } from './hostile-pages.js';

export interface Fault {
  /** The directory whose file-system calls are counted (absolute). */
  root: string;
  /** Count only calls whose path contains this. */
  match?: string;
  /** Count only calls of this name ("rename", "handle.sync", …). */
  call?: string;
  /** Start counting at the Nth page write. */
  page?: number;
  /** Act at the Nth counted call. */
  at?: number;
  when?: 'before' | 'after';
  /** "kill" (default), "rm-root", "to-dir:PATH", or "exec:" + JSON argv. */
  action?: string;
  trace?: string;
}

let preloadPath: Promise<string> | undefined;

/** The fault preload (test/support/fault-preload.ts) as a plain ES module file node can --import. */
export function faultPreload(): Promise<string> {
  preloadPath ??= (async () => {
    const source = await readFile(new URL('./fault-preload.ts', import.meta.url), 'utf-8');
    const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
    const path = join(await makeTempDir('declutter-fault-'), 'fault-preload.mjs');
    await writeFile(path, code);
    return path;
  })();
  return preloadPath;
}

/** Environment that loads the preload into the CLI (and its worker threads) with the given fault. */
export async function faultEnv(
  fault: Fault | undefined,
  extra: Record<string, string> = {},
): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${pathToFileURL(await faultPreload()).href}`]
      .filter(Boolean)
      .join(' '),
    ...extra,
  };
  if (fault !== undefined) {
    env.DECLUTTER_FAULT_ROOT = fault.root;
    if (fault.match !== undefined) env.DECLUTTER_FAULT_MATCH = fault.match;
    if (fault.call !== undefined) env.DECLUTTER_FAULT_CALL = fault.call;
    if (fault.page !== undefined) env.DECLUTTER_FAULT_PAGE = String(fault.page);
    if (fault.at !== undefined) env.DECLUTTER_FAULT_AT = String(fault.at);
    if (fault.when !== undefined) env.DECLUTTER_FAULT_WHEN = fault.when;
    if (fault.action !== undefined) env.DECLUTTER_FAULT_ACTION = fault.action;
    if (fault.trace !== undefined) env.DECLUTTER_FAULT_TRACE = fault.trace;
  }
  return env;
}

/** Runs the CLI with a fault injected (or only the preload, idle, when `fault` is undefined). */
export async function runWithFault(
  args: readonly string[],
  fault: Fault | undefined,
  options: RunOptions & { extraEnv?: Record<string, string> } = {},
): Promise<CliRun> {
  return runDeclutter(args, { budgetMs: 120_000, ...options, env: await faultEnv(fault, options.extraEnv) });
}

/** Every file, directory and link under `root`: path → sha256 of the bytes, "dir", or "link → target". */
export async function snapshotTree(root: string, skip: readonly string[] = []): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const entryRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (skip.includes(entryRel)) continue;
      const path = join(root, entryRel);
      if (entry.isSymbolicLink()) found.set(entryRel, `link → ${await readlink(path)}`);
      else if (entry.isDirectory()) {
        found.set(entryRel, 'dir');
        await walk(entryRel);
      } else
        found.set(
          entryRel,
          createHash('sha256')
            .update(await readFile(path))
            .digest('hex'),
        );
    }
  };
  await walk('');
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** mulberry32: a small, seedable generator, so a failing schedule can be replayed from its seed. */
export function seededRandom(seed: number): { next(): number; int(min: number, max: number): number } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/**
 * Mounts a tmpfs with `options` (e.g. "size=40k") at `dir`; returns the reason instead where this machine
 * cannot (not root, no CAP_SYS_ADMIN). Under CI=true that is an error, not a reason: CI runs as root
 * (.ci/run installs its system packages with apt-get) and a skip there would hide these tests.
 */
export function mountTmpfs(dir: string, options: string): { unmount(): void } | { skip: string } {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    const reason = `mounting a tmpfs needs root (CAP_SYS_ADMIN): ${String((error as { stderr?: unknown }).stderr ?? error).trim()}`;
    if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true these tests must run`, { cause: error });
    return { skip: `${reason}; this case runs in CI, which runs as root` };
  }
  return { unmount: () => unmount(dir) };
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
}

export function remount(dir: string, options: string): void {
  execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' });
}
