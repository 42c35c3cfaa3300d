// Fault injection for the crash tests, preloaded into the declutter process under test with
// `node --import` (compiled to plain JS by test/support/faults.ts): counts the file-system calls the
// main thread makes inside one directory and, at a chosen call, kills the process with SIGKILL, removes
// the directory, or runs a command; or crashes a worker thread when it starts reading a chosen page.
// Nothing of this ships: the production code has no hooks.
//
// Environment (all optional; without DECLUTTER_FAULT_ROOT or DECLUTTER_FAULT_CRASH_WORKER it does nothing):
//   DECLUTTER_FAULT_ROOT     absolute directory: only calls on paths in it are counted
//   DECLUTTER_FAULT_MATCH    count only calls whose path contains this text (e.g. ".declutter-manifest.json")
//   DECLUTTER_FAULT_CALL     count only calls of this name (e.g. "rename", "handle.sync")
//   DECLUTTER_FAULT_PAGE     start counting at the Nth page write (the Nth output temp file opened)
//   DECLUTTER_FAULT_AT       act at the Nth counted call (1-based)
//   DECLUTTER_FAULT_WHEN     "before" (default) or "after" that call has completed
//   DECLUTTER_FAULT_ACTION   "kill" (default), "rm-root", "to-dir:" + a path (the file there becomes a
//                            directory), or "exec:" + a JSON argv run synchronously
//   DECLUTTER_FAULT_TRACE    a file that gets one line per call on ROOT ("N call path"), and "fired call
//                            path" naming the call the fault fired at, when it fires
//   DECLUTTER_FAULT_CRASH_WORKER   a page file name: the worker that starts reading it dies

import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename, resolve, sep } from 'node:path';
import { isMainThread } from 'node:worker_threads';

type AnyFunction = (...args: unknown[]) => unknown;
type Patchable = Record<string, unknown>;

const require = createRequire(import.meta.url);
const fsPromises = require('node:fs/promises') as Patchable;
const env = process.env;

if (isMainThread && env.DECLUTTER_FAULT_ROOT !== undefined) {
  await installCounter(env.DECLUTTER_FAULT_ROOT);
} else if (!isMainThread && env.DECLUTTER_FAULT_CRASH_WORKER !== undefined) {
  installWorkerCrash(env.DECLUTTER_FAULT_CRASH_WORKER);
}

async function installCounter(root: string): Promise<void> {
  const match = env.DECLUTTER_FAULT_MATCH;
  const onlyCall = env.DECLUTTER_FAULT_CALL;
  const page = Number(env.DECLUTTER_FAULT_PAGE ?? 0);
  const at = Number(env.DECLUTTER_FAULT_AT ?? 0);
  const after = env.DECLUTTER_FAULT_WHEN === 'after';
  const action = env.DECLUTTER_FAULT_ACTION ?? 'kill';
  const trace = env.DECLUTTER_FAULT_TRACE;
  const handlePaths = new WeakMap<object, string>();
  let calls = 0;
  let pagesSeen = 0;
  let counted = 0;
  let fired = false;
  /** The call the fault fires at ("rename /…/out/.p03.md.….declutter-tmp"), for the trace. */
  let firing = '';

  // declutter names OUT as the user did (often relative) and pages by absolute path: both count.
  const inRoot = (path: unknown): string | undefined => {
    if (typeof path !== 'string') return undefined;
    const absolute = resolve(path);
    return absolute === root || absolute.startsWith(root + sep) ? absolute : undefined;
  };

  const fire = (): void => {
    fired = true;
    if (trace !== undefined) appendFileSync(trace, `fired ${firing}\n`);
    if (action === 'kill') process.kill(process.pid, 'SIGKILL');
    else if (action === 'rm-root') rmSync(root, { recursive: true, force: true });
    else if (action.startsWith('to-dir:')) {
      const path = action.slice('to-dir:'.length);
      rmSync(path, { force: true });
      mkdirSync(path);
    } else if (action.startsWith('exec:')) {
      const [command, ...args] = JSON.parse(action.slice('exec:'.length)) as string[];
      execFileSync(command!, args, { stdio: 'ignore' });
    }
  };

  /** Called before each call on ROOT; returns whether the fault fires after this call instead. */
  const observe = (name: string, path: string): boolean => {
    calls += 1;
    if (trace !== undefined) appendFileSync(trace, `${calls} ${name} ${path}\n`);
    if (fired) return false;
    if (name === 'open' && path.endsWith('.declutter-tmp') && !/\.declutter-(manifest|lock)/.test(path)) {
      pagesSeen += 1;
    }
    if (pagesSeen < page) return false;
    if (match !== undefined && !path.includes(match)) return false;
    if (onlyCall !== undefined && name !== onlyCall) return false;
    counted += 1;
    if (at === 0 || counted !== at) return false;
    firing = `${name} ${path}`;
    if (after) return true;
    fire();
    return false;
  };

  const wrap = (name: string, original: AnyFunction, pathOf: (args: unknown[]) => string | undefined): AnyFunction =>
    function (this: unknown, ...args: unknown[]): unknown {
      const path = pathOf(args);
      if (path === undefined) return original.apply(this, args);
      const fireAfter = observe(name, path);
      const result = original.apply(this, args);
      if (!fireAfter) return result;
      return Promise.resolve(result).finally(fire);
    };

  const firstOrSecondInRoot = (args: unknown[]): string | undefined => inRoot(args[0]) ?? inRoot(args[1]);
  const firstInRoot = (args: unknown[]): string | undefined => inRoot(args[0]);

  for (const name of ['rename', 'link', 'copyFile']) {
    fsPromises[name] = wrap(name, fsPromises[name] as AnyFunction, firstOrSecondInRoot);
  }
  for (const name of [
    'readFile',
    'writeFile',
    'appendFile',
    'unlink',
    'mkdir',
    'rmdir',
    'rm',
    'stat',
    'lstat',
    'realpath',
    'readdir',
    'opendir',
    'access',
    'truncate',
  ]) {
    fsPromises[name] = wrap(name, fsPromises[name] as AnyFunction, firstInRoot);
  }
  const open = fsPromises.open as AnyFunction;
  fsPromises.open = wrap(
    'open',
    async function (this: unknown, ...args: unknown[]) {
      const handle = (await open.apply(this, args)) as object;
      const path = inRoot(args[0]);
      if (path !== undefined) handlePaths.set(handle, path);
      return handle;
    },
    firstInRoot,
  );

  // FileHandle methods are counted against the path the handle was opened with.
  const probe = (await open(process.execPath, 'r')) as { close(): Promise<void> };
  const handleProto = Object.getPrototypeOf(probe) as Patchable;
  await probe.close();
  // (close is an own property of each handle in Node 20, not on the prototype, so it is not counted.)
  for (const name of ['writeFile', 'appendFile', 'write', 'sync', 'datasync', 'readFile', 'stat', 'truncate']) {
    const original = handleProto[name] as AnyFunction;
    handleProto[name] = function (this: object, ...args: unknown[]): unknown {
      const path = handlePaths.get(this);
      if (path === undefined) return original.apply(this, args);
      const fireAfter = observe(`handle.${name}`, path);
      const result = original.apply(this, args);
      return fireAfter ? Promise.resolve(result).finally(fire) : result;
    };
  }
  syncBuiltinESMExports();
}

function installWorkerCrash(pageName: string): void {
  const stat = fsPromises.stat as AnyFunction;
  fsPromises.stat = function (this: unknown, ...args: unknown[]): unknown {
    if (typeof args[0] === 'string' && basename(args[0]) === pageName) {
      // An exception nobody catches, thrown while the page is being read: the worker thread dies mid-page.
      setImmediate(() => {
        throw new Error(`injected crash of the worker converting ${pageName}`);
      });
      return new Promise(() => undefined);
    }
    return stat.apply(this, args);
  };
  syncBuiltinESMExports();
}
