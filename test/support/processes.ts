// Processes a test starts and must stop by PID: spawn with bounded captured output, wait, stop, find on /proc.

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Started {
  name: string;
  child: ChildProcess;
  pid: number;
  /** stdout + stderr so far (the last 64 KiB), for waiting on a log line and for failure messages. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
}

const KEEP_OUTPUT = 64 * 1024;

export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Started {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf-8')).slice(-KEEP_OUTPUT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      keep(Buffer.from(`\n${name}: ${error.message}\n`));
      done = true;
      resolve({ code: null, signal: null });
    });
    child.on('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  return { name, child, pid: child.pid, output: () => output, exited, hasExited: () => done };
}

/** Polls `check` every `intervalMs` until it returns true; rejects after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`; always by the process's own PID. */
export async function stopProcess(started: Started, graceMs = 10_000): Promise<void> {
  if (started.hasExited()) return;
  started.child.kill('SIGTERM');
  const timer = setTimeout(() => started.child.kill('SIGKILL'), graceMs);
  await started.exited;
  clearTimeout(timer);
}

/** A live (not zombie) process? A zombie's parent may be an init that never reaps; it runs nothing. */
export function isRunning(pid: number): boolean {
  try {
    return readStat(pid).state !== 'Z';
  } catch {
    return false;
  }
}

/** PIDs of the live processes whose parent is `ppid` (Linux /proc). */
export function childrenOf(ppid: number): number[] {
  return livePids().filter((pid) => {
    try {
      const stat = readStat(pid);
      return stat.ppid === ppid && stat.state !== 'Z';
    } catch {
      return false;
    }
  });
}

/** PIDs of the live processes whose working directory is `dir` or below it (Linux /proc). */
export function processesIn(dir: string): number[] {
  return livePids().filter((pid) => {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      return (cwd === dir || cwd.startsWith(`${dir}/`)) && isRunning(pid);
    } catch {
      return false;
    }
  });
}

function livePids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

function readStat(pid: number): { state: string; ppid: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf-8');
  // The command name in parentheses may hold spaces and parentheses: the fields after the last ")" are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', ppid: Number(fields[1]) };
}
