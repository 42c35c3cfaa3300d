// What a failed output write means: a problem of one file (the batch goes on) or of the whole output
// directory (full, read-only, gone: the batch stops, and one line says why and how much was not written).

import { DeclutterError } from '../errors.js';

/** Where a write failure applies: this file alone, or every write into OUT from now on. */
export interface WriteFailure {
  scope: 'file' | 'batch';
  /** A short phrase for the message: "disk full", "read-only file system", … */
  reason: string;
}

/** The batch stopped writing: one line, exit 1. `where` is the path as the user named it (`out/p93.md`). */
export class OutputStopError extends DeclutterError {
  override name = 'OutputStopError';
  readonly where: string;
  readonly reason: string;
  constructor(where: string, reason: string, notWritten?: number) {
    super('input', describeStop({ where, reason, notWritten }));
    this.where = where;
    this.reason = reason;
  }
}

export interface StopDescription {
  where: string;
  reason: string;
  notWritten?: number | undefined;
  /** What to say instead of a count when every page was written (the stop came at the end). */
  afterLastPage?: string | undefined;
}

/** `disk full while writing out/p93.md; 27 pages not written`. */
export function describeStop({ where, reason, notWritten, afterLastPage }: StopDescription): string {
  const line = `${reason} while writing ${where}`;
  if (notWritten === undefined) return line;
  if (notWritten === 0 && afterLastPage !== undefined) return `${line}; ${afterLastPage}`;
  return `${line}; ${notWritten} page${notWritten === 1 ? '' : 's'} not written`;
}

/** Sorts a file-system error from writing an output (or the manifest, journal or lock) by its scope. */
export function classifyWriteError(error: unknown): WriteFailure {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOSPC':
      return { scope: 'batch', reason: 'disk full' };
    case 'EDQUOT':
      return { scope: 'batch', reason: 'disk quota exceeded' };
    case 'EROFS':
      return { scope: 'batch', reason: 'read-only file system' };
    case 'EACCES':
    case 'EPERM':
      return { scope: 'batch', reason: 'permission denied' };
    case 'EIO':
      return { scope: 'batch', reason: 'input/output error' };
    case 'EMFILE':
    case 'ENFILE':
      return { scope: 'batch', reason: 'too many open files' };
    case 'EISDIR':
      return { scope: 'file', reason: 'a directory is in the way' };
    case 'ENOTDIR':
      return { scope: 'file', reason: 'a file is in the way of its directory' };
    case 'ENOENT':
      return { scope: 'file', reason: 'its directory disappeared' };
    case 'EFBIG':
      return { scope: 'file', reason: 'file too large for this file system or limit' };
    case 'ENAMETOOLONG':
      return { scope: 'file', reason: 'file name too long' };
    case 'ELOOP':
      return { scope: 'file', reason: 'too many symbolic links' };
    default:
      return { scope: 'file', reason: error instanceof Error ? error.message : String(error) };
  }
}
