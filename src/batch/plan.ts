// Decides every output path before anything is written, and refuses the whole batch when one is unsafe:
// a name collision, a path leaving OUT, a symlink or input in the way, or a file declutter did not write.

import { createHash } from 'node:crypto';
import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { OutputFormat } from '../types.js';
import type { InputEntry } from './discover.js';
import { MANIFEST_NAME, type Manifest } from './manifest.js';

export interface PlannedPage {
  entry: InputEntry;
  /** Output path relative to OUT, `/`-separated: the manifest key. */
  outRel: string;
  /** Absolute output path. */
  outPath: string;
  /** With --explain (Markdown and text): the removal trace beside the output, `a.md` → `a.explain.txt`. */
  trace?: { rel: string; path: string };
}

export interface PlanProblem {
  outRel: string;
  message: string;
}

export interface Plan {
  pages: PlannedPage[];
  /** Problems that stop the batch before anything is written. */
  problems: PlanProblem[];
}

export interface PlanOptions {
  outDir: string;
  format: OutputFormat;
  manifest: Manifest;
  /** Overwrite files declutter did not write (never symlinks, inputs, or paths outside OUT). */
  force: boolean;
  /** The output files' extension, when not the format's own (`.html` for --report). */
  extension?: string;
  /** Plan a trace file beside each output (--explain with Markdown or text; JSON carries its trace inside). */
  explain?: boolean;
}

const EXTENSIONS: Record<OutputFormat, string> = { markdown: '.md', json: '.json', text: '.txt' };

/** `news/a.html.gz` → `news/a.md`; other names lose their last extension: `notes.txt` → `notes.md`. */
export function outputRelPath(rel: string, format: OutputFormat, extension = EXTENSIONS[format]): string {
  const withoutGz = rel.replace(/\.gz$/i, '');
  const stem = /\.(?:html?|xhtml)$/i.test(withoutGz)
    ? withoutGz.replace(/\.(?:html?|xhtml)$/i, '')
    : withoutGz.replace(/(?<=[^/])\.[^./]+$/, '');
  return `${stem}${extension}`;
}

/** The trace file beside an output: `news/a.md` → `news/a.explain.txt`. */
export function traceRelPath(outRel: string): string {
  return `${outRel.replace(/(?<=[^/])\.[^./]+$/, '')}.explain.txt`;
}

export async function planOutputs(entries: readonly InputEntry[], options: PlanOptions): Promise<Plan> {
  const outDir = resolve(options.outDir);
  const realOut = await realpath(outDir).catch(() => outDir);
  const inputKeys = new Set(entries.flatMap((entry) => (entry.kind === 'file' ? [entry.fileKey] : [])));
  const pages: PlannedPage[] = [];
  const problems: PlanProblem[] = [];
  const byFoldedName = new Map<string, { page: PlannedPage; rel: string }[]>();

  for (const entry of entries) {
    const outRel = outputRelPath(entry.rel, options.format, options.extension);
    const outPath = resolve(outDir, ...outRel.split('/'));
    const inside = relative(outDir, outPath);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || outRel.split('/').includes('..')) {
      problems.push({ outRel, message: `would be written outside ${options.outDir}` });
      continue;
    }
    const page: PlannedPage = { entry, outRel, outPath };
    if (options.explain === true) {
      const traceRel = traceRelPath(outRel);
      page.trace = { rel: traceRel, path: resolve(outDir, ...traceRel.split('/')) };
    }
    pages.push(page);
    // Case-only and a.html/a.htm clashes land on one key: NFC, lower case (as macOS and Windows see it).
    for (const { rel } of writtenFiles(page)) {
      const folded = rel.normalize('NFC').toLowerCase();
      byFoldedName.set(folded, [...(byFoldedName.get(folded) ?? []), { page, rel }]);
    }
  }

  for (const group of byFoldedName.values()) {
    if (group.length < 2) continue;
    const sources = group.map(({ page }) => describeEntry(page.entry)).join(', ');
    problems.push({ outRel: group[0]?.rel ?? '', message: `name collision: ${sources} would all be written here` });
  }
  for (const page of pages) {
    for (const { rel } of writtenFiles(page)) {
      if (rel.toLowerCase() === MANIFEST_NAME) problems.push({ outRel: rel, message: 'clashes with the manifest' });
    }
  }

  const dirChecks = new Map<string, Promise<string | undefined>>();
  for (const page of pages) {
    const dirProblem = await checkParents(page.outRel, outDir, realOut, dirChecks);
    if (dirProblem !== undefined) {
      problems.push({ outRel: page.outRel, message: dirProblem });
      continue;
    }
    for (const target of writtenFiles(page)) {
      const destProblem = await checkDestination(target, { ...options, inputKeys });
      if (destProblem !== undefined) problems.push({ outRel: target.rel, message: destProblem });
    }
  }
  return { pages, problems };
}

/** The files a page writes (relative to OUT and absolute): its output, and its trace with --explain. */
export function writtenFiles(page: PlannedPage): { rel: string; path: string }[] {
  const output = { rel: page.outRel, path: page.outPath };
  return page.trace ? [output, page.trace] : [output];
}

function describeEntry(entry: InputEntry): string {
  return entry.kind === 'file' ? entry.path : entry.url;
}

/** Every directory between OUT and the file must be a real directory (or not exist yet), never a symlink. */
async function checkParents(
  outRel: string,
  outDir: string,
  realOut: string,
  cache: Map<string, Promise<string | undefined>>,
): Promise<string | undefined> {
  const parts = outRel.split('/').slice(0, -1);
  for (let depth = 1; depth <= parts.length; depth += 1) {
    const dir = join(outDir, ...parts.slice(0, depth));
    let check = cache.get(dir);
    if (check === undefined) {
      check = checkDirectory(dir, realOut);
      cache.set(dir, check);
    }
    const problem = await check;
    if (problem !== undefined) return problem;
  }
  return undefined;
}

async function checkDirectory(dir: string, realOut: string): Promise<string | undefined> {
  const info = await lstat(dir).catch(() => undefined);
  if (info === undefined) return undefined;
  if (info.isSymbolicLink()) return `${dir} is a symbolic link; refusing to write through it`;
  if (!info.isDirectory()) return `${dir} is not a directory`;
  const real = await realpath(dir);
  if (real !== realOut && !real.startsWith(realOut + sep)) return `${dir} leads outside the output directory`;
  return undefined;
}

async function checkDestination(
  target: { rel: string; path: string },
  options: PlanOptions & { inputKeys: Set<string> },
): Promise<string | undefined> {
  const info = await lstat(target.path).catch(() => undefined);
  if (info === undefined) return undefined;
  if (info.isSymbolicLink()) return 'is a symbolic link; refusing to replace it';
  if (!info.isFile()) return 'exists and is not a regular file';
  if (options.inputKeys.has(`${info.dev}:${info.ino}`)) return 'is one of the inputs; refusing to overwrite it';
  if (options.force) return undefined;
  const entry = options.manifest.files[target.rel];
  if (entry === undefined) return 'exists and was not written by declutter (use --force to overwrite)';
  const current = createHash('sha256')
    .update(await readFile(target.path))
    .digest('hex');
  if (current !== entry.sha256) return 'changed since declutter wrote it (use --force to overwrite)';
  return undefined;
}
