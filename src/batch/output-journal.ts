// OUT/.declutter-journal: the write-ahead log of a batch. Every output is recorded here, flushed to disk,
// before it is renamed into place, so after a crash at any instant the manifest plus this journal name
// every file declutter wrote. The journal is folded into the manifest and removed when a run ends.

import { constants } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestEntry } from './manifest.js';

export const JOURNAL_NAME = '.declutter-journal';

const HEADER = '{"tool":"declutter","journal":1}\n';

/** One journal line: an output about to be renamed into place, with its manifest entry. */
export interface JournalRecord extends ManifestEntry {
  /** The output path relative to OUT, `/`-separated (the manifest key). */
  path: string;
}

export interface OutputJournal {
  /**
   * Appends a record and resolves once it is on disk. Records from concurrent callers are written and
   * flushed together (group commit): one fsync per batch of pages ready at the same time, not one each.
   * After a failed append the journal refuses every later one, so a torn line can only be the last.
   */
  record(entry: JournalRecord): Promise<void>;
  /** Closes the file; `remove` also deletes it (once the manifest holds everything it recorded). */
  close(): Promise<void>;
  remove(): Promise<void>;
}

/** Opens OUT's journal for appending, lazily: a run that writes nothing never creates one. */
export function openJournal(outDir: string): OutputJournal {
  const path = join(outDir, JOURNAL_NAME);
  let handle: FileHandle | undefined;
  let broken: Error | undefined;
  let flushing: Promise<void> | undefined;
  let pending: { line: string; resolve: () => void; reject: (error: unknown) => void }[] = [];

  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        if (handle === undefined) {
          // O_NOFOLLOW: a symlink planted at the journal's name must not lead the appends out of OUT.
          handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | noFollow(), 0o644);
          if ((await handle.stat()).size === 0) batch.unshift({ line: HEADER, resolve: () => {}, reject: () => {} });
        }
        await handle.appendFile(batch.map((item) => item.line).join(''), 'utf-8');
        await handle.sync();
        for (const item of batch) item.resolve();
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        for (const item of [...batch, ...pending]) item.reject(broken);
        pending = [];
      }
    }
    flushing = undefined;
  };

  return {
    record(entry) {
      if (broken !== undefined) return Promise.reject(broken);
      return new Promise<void>((resolve, reject) => {
        pending.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
        flushing ??= flush();
      });
    },
    async close() {
      await flushing;
      await handle?.close().catch(() => undefined);
      handle = undefined;
    },
    async remove() {
      await this.close();
      await unlink(path).catch(() => undefined);
    },
  };
}

/**
 * Reads a journal left by an earlier run: its records in order, or none when there is no journal.
 * Lines that do not parse are skipped: a crash can tear only the last one, whose output was then
 * never renamed into place (the record is flushed before the rename).
 */
export async function readJournal(outDir: string): Promise<{ exists: boolean; records: JournalRecord[] }> {
  let text: string;
  try {
    text = await readFile(join(outDir, JOURNAL_NAME), 'utf-8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { exists: false, records: [] };
    throw error;
  }
  const records: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    const record = parseRecord(line);
    if (record !== undefined) records.push(record);
  }
  return { exists: true, records };
}

function parseRecord(line: string): JournalRecord | undefined {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { path, sha256, input, inputSha256, optionsKey } = data as Record<string, unknown>;
  if (
    typeof path !== 'string' ||
    typeof sha256 !== 'string' ||
    typeof input !== 'string' ||
    typeof inputSha256 !== 'string' ||
    typeof optionsKey !== 'string'
  ) {
    return undefined;
  }
  return { path, sha256, input, inputSha256, optionsKey };
}

function noFollow(): number {
  // Not defined on Windows, where the planted-symlink case needs privileges anyway.
  return (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW ?? 0;
}
