// Loads an entry point the build bundled into one script (dist/bundle/NAME.cjs), with its V8 code cache.
//
// Why: on Node 20, loading jsdom and the Markdown stack module by module costs more CPU than converting
// a page: hundreds of files resolved and read, each compiled from source (Node 20 has no compile cache
// for modules). One bundled script skips the resolution; the code cache, written by the build after a
// real conversion, skips compiling the functions that run. Together they take the CLI's start-up on a
// small page from ≈ 2.2 s to ≈ 0.8 s of CPU (BENCHMARKS.md, "where start-up time goes").
//
// The bundle is only a cache of dist/ and node_modules/: the manifest records the size and mtime of every
// file that went into it, and the bundle is used only while all of them, the bundle and the package root
// are unchanged. Otherwise the caller imports the unbundled modules, as before. V8 itself refuses a code
// cache made by another V8 version or with other flags; the script is then compiled from source.

import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as vmConstants, Script } from 'node:vm';
import { isUnchanged, type FileStamp } from '../file-stamp.js';

export const BUNDLE_DIR = fileURLToPath(new URL('./', import.meta.url));
export const MANIFEST_PATH = join(BUNDLE_DIR, 'manifest.json');
export const MANIFEST_FORMAT = 1;

export interface BundleEntry {
  /** The bundled script, and the stamp it had when its code cache was made. */
  script: FileStamp;
  /** The V8 code cache for the script, when the build could make one. */
  codeCache: FileStamp | undefined;
}

export interface BundleManifest {
  format: typeof MANIFEST_FORMAT;
  /** The Node version that made the code cache; V8 would refuse it under another, so it is not read then. */
  node: string;
  /** The package root the bundle was built in; absolute paths inside the bundle point below it. */
  root: string;
  entries: Record<string, BundleEntry>;
  /** Every file that went into the bundles (dist/ modules and node_modules/ sources). */
  inputs: FileStamp[];
}

export interface LoadedBundle<T> {
  exports: T;
  /** The compiled script: the build asks it for its code cache after a conversion has run. */
  script: Script;
  codeCacheRejected: boolean;
}

/**
 * Runs the bundle for `name` and returns its exports, or undefined when there is no current bundle
 * (none built, or any of its inputs changed since) or DECLUTTER_NO_BUNDLE=1 asks for none, so the caller
 * imports the unbundled modules instead.
 */
export function loadBundle<T>(name: string): T | undefined {
  if (process.env.DECLUTTER_NO_BUNDLE === '1') return undefined;
  return loadBundleScript<T>(name)?.exports;
}

export function loadBundleScript<T>(name: string, manifestPath = MANIFEST_PATH): LoadedBundle<T> | undefined {
  const current = currentEntry(name, manifestPath);
  if (current === undefined) return undefined;
  const { entry, node } = current;
  const bytes = readFileSync(entry.script.path);
  // The build makes the script plain ASCII (scripts/ascii-source.ts): read as Latin-1 it is the same text,
  // copied instead of decoded, and a one-byte string (≈ 0.13 s of CPU less for the converter's 10 MB).
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf-8');
  const cachedData =
    entry.codeCache !== undefined && node === process.version ? readIfUnchanged(entry.codeCache) : undefined;
  const script = new Script(wrapCommonJs(source), {
    filename: entry.script.path,
    ...(cachedData !== undefined ? { cachedData } : {}),
    // The bundle has no import() of its own; this keeps one in a dependency working as in a module.
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const wrapper = script.runInThisContext() as CommonJsWrapper;
  const module = { exports: {} as T };
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(entry.script.path),
    module,
    entry.script.path,
    dirname(entry.script.path),
  );
  return {
    exports: module.exports,
    script,
    codeCacheRejected: cachedData !== undefined && script.cachedDataRejected === true,
  };
}

type CommonJsWrapper = (
  this: unknown,
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/** The same wrapper Node puts around a CommonJS file, so the bundle sees require, module and exports. */
export function wrapCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
}

/** The manifest's entry for `name`, if the bundle is current: same package root, every input unchanged. */
function currentEntry(name: string, manifestPath: string): { entry: BundleEntry; node: string } | undefined {
  let manifest: Partial<BundleManifest>;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf-8')) as Partial<BundleManifest>;
  } catch {
    return undefined;
  }
  const entry = manifest.entries?.[name];
  // A moved or copied package: the absolute paths inside the bundle point at the old place.
  const root = resolve(dirname(manifestPath), '..', '..');
  if (manifest.format !== MANIFEST_FORMAT || manifest.root === undefined || resolve(manifest.root) !== root) {
    return undefined;
  }
  if (entry === undefined || ![entry.script, ...(manifest.inputs ?? [])].every(isUnchanged)) return undefined;
  return { entry, node: manifest.node ?? '' };
}

function readIfUnchanged(stamp: FileStamp): Buffer | undefined {
  if (!isUnchanged(stamp)) return undefined;
  try {
    return readFileSync(stamp.path);
  } catch {
    return undefined;
  }
}
