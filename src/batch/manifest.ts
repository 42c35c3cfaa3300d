// OUT/.declutter-manifest.json: which files declutter wrote there, with content hashes, so a re-run
// may replace its own output but never a file someone else wrote or edited since. While a run writes,
// its journal (output-journal.ts) records each new file first; the two together never fall behind.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { syncDirectory, writeFileAtomic } from './atomic-write.js';

export const MANIFEST_NAME = '.declutter-manifest.json';

export interface ManifestEntry {
  /** sha256 (hex) of the output file as written. */
  sha256: string;
  /** The input it came from (path or URL). */
  input: string;
  /** sha256 of the input bytes, for --skip-unchanged. */
  inputSha256: string;
  /** Hash of the options and rules that shaped the output, for --skip-unchanged. */
  optionsKey: string;
}

export interface Manifest {
  tool: 'declutter';
  version: 1;
  /** Keyed by the output path relative to OUT, with `/` separators. */
  files: Record<string, ManifestEntry>;
}

export function emptyManifest(): Manifest {
  return { tool: 'declutter', version: 1, files: {} };
}

/** Reads OUT's manifest; a missing one is empty, a corrupt one is a configuration error. */
export async function readManifest(outDir: string): Promise<Manifest> {
  const path = join(outDir, MANIFEST_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf-8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return emptyManifest();
    throw new UsageError(`${path}: cannot read the manifest`);
  }
  try {
    const data = JSON.parse(text) as Partial<Manifest>;
    if (data.tool !== 'declutter' || data.version !== 1 || typeof data.files !== 'object' || data.files === null) {
      throw new Error('unexpected shape');
    }
    return { tool: 'declutter', version: 1, files: data.files };
  } catch {
    throw new UsageError(`${path}: not a declutter manifest; move it away or remove it`);
  }
}

/**
 * Writes the manifest atomically, keys sorted so it diffs cleanly, and flushes OUT's entries so the
 * rename is on disk before the caller removes the journal the manifest replaces.
 */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  const files: Record<string, ManifestEntry> = {};
  for (const key of Object.keys(manifest.files).sort()) {
    const entry = manifest.files[key];
    if (entry !== undefined) files[key] = entry;
  }
  await writeFileAtomic(join(outDir, MANIFEST_NAME), `${JSON.stringify({ ...manifest, files }, null, 1)}\n`, {
    refuseSymlink: true,
  });
  await syncDirectory(outDir);
}
