// After a crash: folds the journal of the interrupted run into the manifest (only records whose file
// is on disk with the recorded hash, i.e. was really renamed into place) and removes its temp files.

import { createHash } from 'node:crypto';
import { lstat, opendir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempName } from './atomic-write.js';
import type { Manifest } from './manifest.js';
import type { JournalRecord } from './output-journal.js';

/**
 * Adds to `manifest` every journal record whose output holds exactly the recorded bytes; returns how
 * many entries that added or changed. A record whose rename never happened leaves the old entry (the
 * old file is still there), so a file declutter did not write is never claimed.
 */
export async function foldJournal(
  outDir: string,
  manifest: Manifest,
  records: readonly JournalRecord[],
): Promise<number> {
  const onDisk = new Map<string, string | undefined>();
  let changed = 0;
  for (const record of records) {
    if (!isSafeKey(record.path)) continue;
    let sha256 = onDisk.get(record.path);
    if (!onDisk.has(record.path)) {
      sha256 = await hashRegularFile(join(outDir, ...record.path.split('/')));
      onDisk.set(record.path, sha256);
    }
    if (sha256 !== record.sha256) continue;
    const { path, ...entry } = record;
    const before = manifest.files[path];
    if (before === undefined || JSON.stringify(before) !== JSON.stringify(entry)) changed += 1;
    manifest.files[path] = entry;
  }
  return changed;
}

/**
 * Removes declutter's temp files in OUT, and with `deep` in every directory below it (never following
 * symlinks); returns their paths relative to OUT.
 */
export async function removeTempFiles(outDir: string, options: { deep: boolean }, rel = ''): Promise<string[]> {
  const removed: string[] = [];
  const dir = await opendir(rel === '' ? outDir : join(outDir, rel)).catch(() => undefined);
  if (dir === undefined) return removed;
  const subdirs: string[] = [];
  for await (const entry of dir) {
    const entryRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (options.deep) subdirs.push(entryRel);
    } else if (entry.isFile() && isTempName(entry.name)) {
      await unlink(join(outDir, entryRel));
      removed.push(entryRel);
    }
  }
  for (const subdir of subdirs.sort()) removed.push(...(await removeTempFiles(outDir, options, subdir)));
  return removed;
}

/** A manifest key that stays inside OUT: relative, `/`-separated, no `.` or `..` segments. */
function isSafeKey(key: string): boolean {
  return (
    key !== '' &&
    !key.startsWith('/') &&
    !key.includes('\\') &&
    key.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}

async function hashRegularFile(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) return undefined;
  const bytes = await readFile(path).catch(() => undefined);
  return bytes === undefined ? undefined : createHash('sha256').update(bytes).digest('hex');
}
