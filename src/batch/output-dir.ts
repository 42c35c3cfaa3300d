// The output directory of one batch: locked for the run, recovered after a crash, written page by page
// with a write-ahead journal, and closed by folding the journal into the manifest.
//
// Why a journal and not a manifest rebuilt from stamps inside the outputs: a stamp would have to live in
// every document (a comment in the Markdown, a field in the JSON), changing what the user gets, and a
// copied or hand-made file carrying it would pass for declutter's. The journal keeps the outputs pure,
// records each file before it exists under its name (so manifest + journal never fall behind the files),
// and costs one flush per group of pages that finish together.

import { mkdir, realpath, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { DeclutterError, InputError } from '../errors.js';
import { syncDirectory, writeFileAtomic } from './atomic-write.js';
import { readManifest, writeManifest, MANIFEST_NAME, type Manifest, type ManifestEntry } from './manifest.js';
import { openJournal, readJournal } from './output-journal.js';
import { acquireOutputLock, LOCK_NAME, type AcquiredLock, type ProcessProbe } from './output-lock.js';
import type { PlannedPage } from './plan.js';
import { foldJournal, removeTempFiles } from './recover-output.js';
import { classifyWriteError, OutputStopError, type StopDescription } from './write-errors.js';

export interface OpenOutputOptions {
  /** OUT as the user named it (messages show paths under this spelling). */
  outDir: string;
  probe: ProcessProbe;
  /** Pages the batch would write: the count in the message when OUT cannot be written at all. */
  pageCount: number;
}

export interface OutputDir {
  manifest: Manifest;
  /** What recovery did, one line each, for stderr. */
  notes: string[];
  /** `out/p93.md` for a page: the path as the user would write it. */
  shown(outRel: string): string;
  /**
   * Writes one page atomically, journalled before its rename, and records it in the manifest. Throws an
   * OutputStopError when OUT cannot take more writes (full, read-only, gone), an InputError for this page alone.
   */
  writePage(page: PlannedPage, document: string, entry: ManifestEntry): Promise<void>;
  /** Ends a run that wrote: the manifest on disk, the journal gone, the lock released. A stop when that failed. */
  finish(): Promise<StopDescription | undefined>;
  /** Ends a run that wrote nothing (its plan was refused): the lock released, and OUT removed if this run made it. */
  abandon(): Promise<void>;
}

export async function openOutputDir(options: OpenOutputOptions): Promise<OutputDir> {
  const shownOut = options.outDir.replace(/(?<=.)\/+$/, '');
  const shown = (outRel: string): string => `${shownOut}/${outRel}`;
  const outDir = resolve(options.outDir);
  const stopFor = (error: unknown, where: string): Error => {
    if (error instanceof DeclutterError) return error;
    const failure = classifyWriteError(error);
    return new OutputStopError(where, failure.reason, options.pageCount);
  };

  let created: string | undefined;
  try {
    created = await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw stopFor(error, shownOut);
  }
  const realOut = await realpath(outDir);
  const identity = await stat(outDir);
  let lock: AcquiredLock;
  try {
    lock = await acquireOutputLock(outDir, shownOut, options.probe);
  } catch (error) {
    throw stopFor(error, shown(LOCK_NAME));
  }

  const notes: string[] = [];
  let manifest: Manifest;
  try {
    manifest = await readManifest(options.outDir);
    const journal = await readJournal(outDir);
    let adopted = 0;
    if (journal.exists) {
      adopted = await foldJournal(outDir, manifest, journal.records);
      await writeManifest(outDir, manifest);
    }
    // Output temp files only exist while a run holds the lock, so only a crashed run (its lock or journal
    // left behind) can have left them anywhere below OUT; the lock's own temp file, made before the lock
    // exists, can only be at the top, which is always looked at.
    const removed = await removeTempFiles(outDir, { deep: journal.exists || lock.staleOwner !== undefined });
    if (journal.exists) await openJournal(outDir).remove();
    if (adopted > 0 || removed.length > 0) {
      const parts = [];
      if (adopted > 0) parts.push(`${plural(adopted, 'file')} it wrote added to the manifest`);
      if (removed.length > 0) parts.push(`${plural(removed.length, 'temporary file')} removed`);
      notes.push(`${shownOut}: an earlier run was interrupted; ${parts.join(', ')}`);
    }
  } catch (error) {
    await lock.release();
    throw stopFor(error, shownOut);
  }

  const journal = openJournal(outDir);
  const dirsWritten = new Set<string>();
  let gone = false;

  /** OUT removed (or replaced) since the run began: nothing more may be written, and OUT is not re-created. */
  const outIsGone = async (): Promise<boolean> => {
    const now = await stat(outDir).catch(() => undefined);
    gone ||= now === undefined || now.dev !== identity.dev || now.ino !== identity.ino;
    return gone;
  };

  return {
    manifest,
    notes,
    shown,

    async writePage(page, document, entry) {
      const where = shown(page.outRel);
      try {
        if (await outIsGone()) throw new OutputStopError(where, `output directory ${shownOut} was removed`);
        const dir = await makeDirectoriesBelow(outDir, page.outRel);
        // Checked again at write time: a directory swapped for a symlink since planning must not lead out of OUT.
        const realDir = await realpath(dir);
        if (realDir !== realOut && !realDir.startsWith(realOut + sep)) {
          throw new InputError(`${where}: its directory leads outside the output directory; not written`);
        }
        await writeFileAtomic(page.outPath, document, {
          refuseSymlink: true,
          beforeRename: () => journal.record({ path: page.outRel, ...entry }),
        });
        dirsWritten.add(dir);
        manifest.files[page.outRel] = entry;
      } catch (error) {
        if (error instanceof DeclutterError) throw error;
        if (await outIsGone()) throw new OutputStopError(where, `output directory ${shownOut} was removed`);
        const failure = classifyWriteError(error);
        if (failure.scope === 'batch') throw new OutputStopError(where, failure.reason);
        throw new InputError(`${where}: ${failure.reason}; not written`, { cause: error });
      }
    },

    async finish() {
      const removed = {
        where: shown(MANIFEST_NAME),
        reason: `output directory ${shownOut} was removed`,
        afterLastPage: 'the pages written went with it',
      };
      try {
        // Nothing is written into a directory that was removed mid-run (its journal went with it).
        if (await outIsGone()) return removed;
        // The renames reach the disk before the manifest that lists them, the manifest before the journal goes.
        for (const dir of dirsWritten) await syncDirectory(dir);
        await writeManifest(outDir, manifest);
        await journal.remove();
        return undefined;
      } catch (error) {
        if (await outIsGone()) return removed;
        // The journal stays: the next run folds it in.
        return {
          where: shown(MANIFEST_NAME),
          reason: classifyWriteError(error).reason,
          afterLastPage: 'every page was written, and the next run completes the manifest from its journal',
        };
      } finally {
        await journal.close();
        await lock.release();
      }
    },

    async abandon() {
      await journal.close();
      await lock.release();
      if (created === undefined) return;
      // Only what this run created, innermost first; rmdir refuses a directory that is not empty.
      for (let dir = outDir; dir.length >= created.length; dir = dirname(dir)) {
        if (
          !(await rmdir(dir).then(
            () => true,
            () => false,
          ))
        )
          break;
        if (dir === created) break;
      }
    },
  };
}

/**
 * Creates the directories between OUT and a page, one level at a time and never OUT itself, so a removed
 * OUT is noticed (ENOENT) instead of silently made again. Returns the page's directory.
 */
async function makeDirectoriesBelow(outDir: string, outRel: string): Promise<string> {
  const parts = outRel.split('/').slice(0, -1);
  let dir = outDir;
  for (const part of parts) {
    dir = join(dir, part);
    await mkdir(dir).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    });
  }
  return dir;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
