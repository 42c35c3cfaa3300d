// Expands batch inputs (directories, globs, files, URLs) into a sorted list of pages, each real file once.

import { opendir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/** A page to convert and the path its output takes inside OUT (relative, `/`-separated, no extension change yet). */
export type InputEntry =
  { kind: 'file'; path: string; rel: string; fileKey: string } | { kind: 'url'; url: string; rel: string };

export interface DiscoverFailure {
  input: string;
  message: string;
}

export interface DiscoverResult {
  entries: InputEntry[];
  failures: DiscoverFailure[];
}

export interface DiscoverOptions {
  cwd: string;
  /** Output directory: skipped when it lies inside an input directory. */
  outDir?: string | undefined;
}

const PAGE_FILE = /\.(?:html?|xhtml)(?:\.gz)?$/i;

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

export function isPageFileName(name: string): boolean {
  return PAGE_FILE.test(name);
}

/** Expands every input in order; within one input, pages are sorted by path (code-point order). */
export async function discoverInputs(inputs: readonly string[], options: DiscoverOptions): Promise<DiscoverResult> {
  const entries: InputEntry[] = [];
  const failures: DiscoverFailure[] = [];
  const seenFiles = new Set<string>();
  const seenUrls = new Set<string>();
  const outKey = options.outDir !== undefined ? await fileKeyOf(resolve(options.cwd, options.outDir)) : undefined;
  const walkState: WalkState = { seenDirs: new Set(), outKey, seenFiles, pagesSeen: 0 };

  for (const input of inputs) {
    if (isUrl(input)) {
      if (!seenUrls.has(input)) entries.push({ kind: 'url', url: input, rel: urlToRelPath(input) });
      seenUrls.add(input);
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
      failures.push({ input, message: 'only http and https URLs are supported' });
      continue;
    }
    const absolute = resolve(options.cwd, input);
    const info = await stat(absolute).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (info instanceof Error) {
      if (info.code === 'ENOENT' && isDynamicPattern(input)) {
        const expanded = await expandGlob(input, options.cwd, seenFiles);
        // Nothing to do is a failed request, not a quiet "0 converted": say where the pattern was looked for.
        if (expanded.matched === 0) failures.push({ input, message: `no file matches (searched from ${options.cwd})` });
        entries.push(...expanded.entries);
      } else {
        failures.push({ input, message: info.code === 'ENOENT' ? 'no such file or directory' : info.message });
      }
      continue;
    }
    if (info.isDirectory()) {
      const found: InputEntry[] = [];
      const walkedBefore = walkState.seenDirs.has(`${info.dev}:${info.ino}`);
      const pagesBefore = walkState.pagesSeen;
      await walkDirectory(absolute, input, '', walkState, found, []);
      if (!walkedBefore && walkState.pagesSeen === pagesBefore) {
        failures.push({ input, message: 'no .html, .htm, .xhtml or .html.gz file in this directory or below' });
      }
      entries.push(...sortByRel(found));
    } else if (info.isFile()) {
      const key = `${info.dev}:${info.ino}`;
      if (seenFiles.has(key)) continue;
      seenFiles.add(key);
      entries.push({ kind: 'file', path: input, rel: fileRelPath(absolute, options.cwd), fileKey: key });
    } else {
      failures.push({ input, message: 'not a regular file' });
    }
  }
  return { entries, failures };
}

interface WalkState {
  seenDirs: Set<string>;
  outKey: string | undefined;
  seenFiles: Set<string>;
  /** Page files met, counting those already taken through another input. */
  pagesSeen: number;
}

async function walkDirectory(
  absolute: string,
  shown: string,
  rel: string,
  state: WalkState,
  found: InputEntry[],
  ancestors: readonly string[],
): Promise<void> {
  const dirKey = await fileKeyOf(absolute);
  // A directory reached twice (a symlink loop, or two links to one tree) is walked once.
  if (dirKey === undefined || ancestors.includes(dirKey) || state.seenDirs.has(dirKey) || dirKey === state.outKey)
    return;
  state.seenDirs.add(dirKey);
  const names: string[] = [];
  for await (const dirent of await opendir(absolute)) names.push(dirent.name);
  names.sort(compareCodePoints);
  for (const name of names) {
    const childAbsolute = join(absolute, name);
    const childRel = rel === '' ? name : `${rel}/${name}`;
    const info = await stat(childAbsolute).catch(() => undefined);
    if (info === undefined) continue; // a dangling symlink or a file gone since the listing
    if (info.isDirectory()) {
      await walkDirectory(childAbsolute, join(shown, name), childRel, state, found, [...ancestors, dirKey]);
    } else if (info.isFile() && isPageFileName(name)) {
      state.pagesSeen += 1;
      const key = `${info.dev}:${info.ino}`;
      if (state.seenFiles.has(key)) continue;
      state.seenFiles.add(key);
      found.push({ kind: 'file', path: join(shown, name), rel: childRel, fileKey: key });
    }
  }
}

/** The files a pattern matches (`matched` counts those already taken through another input too). */
async function expandGlob(
  pattern: string,
  cwd: string,
  seenFiles: Set<string>,
): Promise<{ entries: InputEntry[]; matched: number }> {
  const base = staticPrefix(pattern);
  const matches = await glob(pattern, { cwd, onlyFiles: true, dot: false, followSymbolicLinks: true });
  const entries: InputEntry[] = [];
  for (const match of matches) {
    const absolute = resolve(cwd, match);
    const info = await stat(absolute).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    const key = `${info.dev}:${info.ino}`;
    if (seenFiles.has(key)) continue;
    seenFiles.add(key);
    const rel = relative(resolve(cwd, base), absolute).split(sep).join('/');
    entries.push({ kind: 'file', path: match, rel, fileKey: key });
  }
  return { entries: sortByRel(entries), matched: matches.length };
}

/** The directory part of a glob before its first wildcard: `site/a/**\/*.html` → `site/a`. */
function staticPrefix(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (isDynamicPattern(part)) break;
    fixed.push(part);
  }
  return fixed.length === 0 ? '.' : fixed.join('/') || '/';
}

/** A file named on the command line: its path under cwd, or just its name when it lies elsewhere. */
function fileRelPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolute.split(sep).pop() ?? 'page';
  return rel.split(sep).join('/');
}

/** `https://example.com/news/a.html?id=3` → `example.com/news/a.html_<hash>`: one safe segment per URL part. */
export function urlToRelPath(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const host = safeSegment(parsed.host);
  if (segments.length === 0 || parsed.pathname.endsWith('/')) segments.push('index');
  const clean = segments.map((segment) => safeSegment(safeDecode(segment)));
  if (parsed.search !== '') {
    const last = clean.length - 1;
    clean[last] = `${clean[last] ?? 'index'}_${shortHash(parsed.search)}`;
  }
  return [host, ...clean].join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function safeSegment(segment: string): string {
  const cleaned = segment.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120);
  return cleaned === '' || /^\.+$/.test(cleaned) ? '_' : cleaned;
}

/** A short stable hash (FNV-1a, 32 bit) to keep query-string variants apart. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

async function fileKeyOf(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info === undefined ? undefined : `${info.dev}:${info.ino}`;
}

function sortByRel(entries: InputEntry[]): InputEntry[] {
  return entries.sort((a, b) => compareCodePoints(a.rel, b.rel));
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
