// A small batch for the crash tests: 20 pages in three versions each, their expected outputs, reference
// runs, and the check that an output directory holds only whole, known files.

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { articleHtml, runDeclutter, stderrProblems } from './hostile-pages.js';
import { snapshotTree } from './faults.js';

/** Output paths relative to OUT, without extension: 14 pages at the top and 6 in a subdirectory. */
export const PAGES: readonly string[] = [
  ...Array.from({ length: 14 }, (_, index) => `p${String(index).padStart(2, '0')}`),
  ...Array.from({ length: 6 }, (_, index) => `sub/s${index}`),
];
export const VERSIONS = 3;
export const MANIFEST = '.declutter-manifest.json';
export const JOURNAL = '.declutter-journal';
export const LOCK = '.declutter-lock';
/** The suffix of declutter's temp files (see isTempName). */
export const TEMP_SUFFIX = '.declutter-tmp';

/** The name declutter gives a temp file (`.<name>.<12 hex digits>.declutter-tmp`), kept apart from its source on purpose. */
export function isTempName(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.declutter-tmp$/.test(name);
}

export function pageHtml(name: string, version: number): string {
  return articleHtml({ title: `Story ${name} v${version}`, marker: `${name} version ${version}`, paragraphs: 5 }).html;
}

/** Writes `in/<name>.html` under `dir` at the given versions (in PAGES order). */
export async function writeInputs(dir: string, versions: readonly number[]): Promise<void> {
  await mkdir(join(dir, 'in', 'sub'), { recursive: true });
  await Promise.all(
    PAGES.map((name, index) => writeFile(join(dir, 'in', `${name}.html`), pageHtml(name, versions[index] ?? 0))),
  );
}

/** Each page's output by version (index = version; a version not gathered is missing). */
export type ExpectedOutputs = Map<string, Buffer[]>;

/**
 * Every page's output in the versions asked for: those in `convert` from one uninterrupted batch over
 * them all, those in `from` read from the OUT of a run that already converted that version.
 */
export async function expectedOutputs(
  dir: string,
  sources: { convert: readonly number[]; from?: Record<number, string> },
): Promise<ExpectedOutputs> {
  const dirs: Record<number, string> = { ...sources.from };
  for (const version of sources.convert) {
    await writeInputs(join(dir, `v${version}`), Array<number>(PAGES.length).fill(version));
    dirs[version] = join(dir, 'out', `v${version}`, 'in');
  }
  if (sources.convert.length > 0) {
    const run = await runDeclutter(['.', '-o', 'out', '--jobs', '1'], { cwd: dir, budgetMs: 120_000 });
    if (run.code !== 0) throw new Error(`expected-output run failed: ${run.stderr.toString()}`);
  }
  const expected: ExpectedOutputs = new Map();
  for (const name of PAGES) {
    const versions: Buffer[] = [];
    for (const [version, out] of Object.entries(dirs))
      versions[Number(version)] = await readFile(join(out, `${name}.md`));
    expected.set(name, versions);
  }
  return expected;
}

/** OUT after one uninterrupted run over the inputs at `versions` (plus a foreign file put in OUT first). */
export async function referenceTree(
  dir: string,
  versions: readonly number[],
  foreign?: { name: string; text: string },
): Promise<Map<string, string>> {
  await writeInputs(dir, versions);
  if (foreign !== undefined) {
    await mkdir(join(dir, 'out'), { recursive: true });
    await writeFile(join(dir, 'out', foreign.name), foreign.text);
  }
  const run = await runDeclutter(['in', '-o', 'out', '--jobs', '1'], { cwd: dir, budgetMs: 120_000 });
  if (run.code !== 0) throw new Error(`reference run failed: ${run.stderr.toString()}`);
  return snapshotTree(join(dir, 'out'));
}

export interface OutState {
  /** Pages whose output is missing or not the current version's: what a re-run has to convert. */
  todo: string[];
  temps: string[];
  problems: string[];
}

/**
 * Looks at OUT after a run: every output must be byte for byte some version's whole output, the manifest
 * (if any) valid, nothing unknown present. `settled` demands a finished run: no journal, lock or temp
 * file, and a manifest that records every output with its hash.
 */
export async function inspectOut(
  out: string,
  expected: ExpectedOutputs,
  versions: readonly number[],
  options: { settled: boolean; foreign?: { name: string; text: string } },
): Promise<OutState> {
  const problems: string[] = [];
  const temps: string[] = [];
  const outputs = new Map<string, Buffer>();
  const entries = await readdir(out, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const rel = join(entry.parentPath, entry.name).slice(out.length + 1);
    if (entry.isDirectory()) {
      if (rel !== 'sub') problems.push(`unexpected directory ${rel}`);
      continue;
    }
    if (!entry.isFile()) problems.push(`unexpected non-file ${rel}`);
    else if (isTempName(entry.name)) temps.push(rel);
    else if (rel === MANIFEST || rel === JOURNAL || rel === LOCK) {
      if (rel !== MANIFEST && options.settled) problems.push(`${rel} left after a finished run`);
    } else if (options.foreign !== undefined && rel === options.foreign.name) {
      if ((await readFile(join(out, rel), 'utf-8')) !== options.foreign.text) problems.push(`${rel} was changed`);
    } else if (rel.endsWith('.md') && expected.has(rel.slice(0, -3))) {
      const bytes = await readFile(join(out, rel));
      outputs.set(rel.slice(0, -3), bytes);
      if (!expected.get(rel.slice(0, -3))!.some((version) => version?.equals(bytes))) {
        problems.push(`${rel} is not any version's whole output (${bytes.length} bytes)`);
      }
    } else problems.push(`unexpected file ${rel}`);
  }
  if (options.settled && temps.length > 0) problems.push(`temp files left: ${temps.join(', ')}`);

  const manifestText = await readFile(join(out, MANIFEST), 'utf-8').catch(() => undefined);
  let manifest: { files: Record<string, { sha256: string }> } | undefined;
  if (manifestText !== undefined) {
    try {
      manifest = JSON.parse(manifestText) as { files: Record<string, { sha256: string }> };
      if (typeof manifest.files !== 'object') throw new Error('no files');
    } catch (error) {
      problems.push(`manifest is not valid: ${String(error)}`);
    }
  }
  if (options.settled) {
    const recorded = Object.keys(manifest?.files ?? {}).sort();
    const present = [...outputs.keys()].map((name) => `${name}.md`).sort();
    if (recorded.join() !== present.join())
      problems.push(`manifest lists ${recorded.join()} but OUT has ${present.join()}`);
    for (const [name, bytes] of outputs) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (manifest?.files[`${name}.md`]?.sha256 !== sha) problems.push(`manifest hash of ${name}.md is wrong`);
    }
  }
  const todo = PAGES.filter((name, index) => {
    const bytes = outputs.get(name);
    return bytes === undefined || expected.get(name)![versions[index] ?? 0]?.equals(bytes) !== true;
  });
  return { todo, temps, problems };
}

/** Lines of stderr that are not the summary or a recovery note, plus any stack trace or escape. */
export function errorLines(stderr: Buffer): string[] {
  const text = stderr.toString('utf-8');
  const lines = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !/^declutter: \d+ converted/.test(line) && !/an earlier run was interrupted/.test(line));
  return [...lines, ...stderrProblems(text)];
}
