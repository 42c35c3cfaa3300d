// This process as the owner of an output directory's lock, and whether another owner still runs.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LockOwner, ProcessProbe } from '../batch/output-lock.js';

export function createProcessProbe(): ProcessProbe {
  const self: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startTicks: startTicksOf(process.pid),
    started: new Date().toISOString(),
  };
  return {
    self,
    isRunning(owner) {
      if (owner.host !== self.host) return undefined;
      // One batch per process: a lock with this pid was left by an earlier process that had the same pid.
      if (owner.pid === self.pid) return false;
      try {
        process.kill(owner.pid, 0);
      } catch (error) {
        // EPERM: the process exists but belongs to another user.
        if ((error as { code?: unknown }).code === 'ESRCH') return false;
      }
      // The pid runs, but a different start time means it was reused by an unrelated process.
      const ticks = startTicksOf(owner.pid);
      if (owner.startTicks !== undefined && ticks !== undefined && ticks !== owner.startTicks) return false;
      return true;
    },
  };
}

/** Field 22 of /proc/PID/stat (start time in clock ticks after boot); undefined where there is no /proc. */
function startTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf-8');
    // The command name (field 2) may contain spaces and parentheses; the fields after its last ')' are plain.
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .at(19);
  } catch {
    return undefined;
  }
}
