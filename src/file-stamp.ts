// A file's size and mtime as a build saw it: build outputs (the rules artefact, the CLI bundle) are used
// only while every file they were made from still has its stamp.

import { statSync } from 'node:fs';

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

export function stampFile(path: string): FileStamp {
  const info = statSync(path);
  return { path, size: info.size, mtimeMs: info.mtimeMs };
}

/** Whether the file is still there with the stamp's size and mtime. */
export function isUnchanged(stamp: FileStamp): boolean {
  try {
    const info = statSync(stamp.path);
    return info.size === stamp.size && info.mtimeMs === stamp.mtimeMs;
  } catch {
    return false;
  }
}
