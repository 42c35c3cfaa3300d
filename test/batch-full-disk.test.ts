// OUT that stops taking writes: a disk that fills up mid-batch or is full from the start, a file system
// that turns read-only mid-batch or is read-only from the start. Each ends in one line naming the path
// and the cause, with the count of pages not written, exit 1, only whole files; after the space or the
// write access is back, a re-run with --skip-unchanged completes OUT as an uninterrupted run would.
//
// A real small file system: a tmpfs mounted on OUT (needs root; CI runs as root and must run these).

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeTempDir } from './cli-support.js';
import {
  errorLines,
  expectedOutputs,
  inspectOut,
  JOURNAL,
  MANIFEST,
  PAGES,
  referenceTree,
  writeInputs,
  type ExpectedOutputs,
} from './support/crash-batch.js';
import { mountTmpfs, remount, runWithFault, snapshotTree, unmount } from './support/faults.js';

const V0 = Array<number>(PAGES.length).fill(0);

let root: string;
let expected: ExpectedOutputs;
let allV0: Map<string, string>;
const mounted: { unmount(): void }[] = [];

beforeAll(async () => {
  assertBuilt();
  root = await makeTempDir('declutter-full-');
  allV0 = await referenceTree(join(root, 'reference-v0'), V0);
  expected = await expectedOutputs(join(root, 'expected'), {
    convert: [],
    from: { 0: join(root, 'reference-v0', 'out') },
  });
}, 180_000);

afterEach(() => {
  for (const mount of mounted.splice(0)) mount.unmount();
});

/** A scenario with a tmpfs of the given options mounted on its OUT; undefined (test skipped) where mounting is impossible. */
async function withTmpfs(
  name: string,
  options: string,
  skip: (reason: string) => void,
): Promise<{ dir: string; out: string } | undefined> {
  const dir = join(root, name);
  await writeInputs(dir, V0);
  const out = join(dir, 'out');
  await mkdir(out);
  const mount = mountTmpfs(out, options);
  if ('skip' in mount) {
    skip(mount.skip);
    return undefined;
  }
  mounted.push(mount);
  return { dir, out };
}

const RUN = ['in', '-o', 'out', '--jobs', '1'];

describe('disk full', () => {
  it('mid-batch: one line with the page and the count not written, exit 1, whole files; a re-run completes', async (context) => {
    // 40 KiB is ten 4 KiB pages: the lock, the journal and some eight outputs fit; then the disk is full.
    const scenario = await withTmpfs('full-mid', 'size=40k', (reason) => context.skip(reason));
    if (scenario === undefined) return;
    const { dir, out } = scenario;
    const outside = await snapshotTree(dir, ['out']);
    const run = await runWithFault(RUN, undefined, { cwd: dir });
    expect(run.code).toBe(1);
    expect(await snapshotTree(dir, ['out'])).toEqual(outside);
    const lines = errorLines(run.stderr);
    expect(lines).toEqual([
      expect.stringMatching(/^declutter: disk full while writing out\/p\d\d\.md; \d+ pages not written$/),
    ]);
    const state = await inspectOut(out, expected, V0, { settled: false });
    expect(state.problems).toEqual([]);
    expect(state.temps).toEqual([]);
    const notWritten = Number(/(\d+) pages not written/.exec(lines[0]!)?.[1]);
    expect(state.todo.length).toBe(notWritten);
    expect(notWritten).toBeGreaterThan(0);
    expect(notWritten).toBeLessThan(PAGES.length);

    remount(out, 'size=1m');
    const resumed = await runWithFault([...RUN, '--skip-unchanged'], undefined, { cwd: dir });
    expect(errorLines(resumed.stderr)).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr.toString()).toContain(
      `declutter: ${notWritten} converted, ${PAGES.length - notWritten} unchanged`,
    );
    expect(await snapshotTree(out)).toEqual(allV0);
  }, 180_000);

  it('at the manifest write, after the last page: one line, exit 1; with room again the journal completes the manifest', async (context) => {
    const scenario = await withTmpfs('full-manifest', 'size=1m', (reason) => context.skip(reason));
    if (scenario === undefined) return;
    const { dir, out } = scenario;
    // Every page is in place when the disk fills up, just as the manifest's temp file is opened.
    const filler = join(out, 'filler.bin');
    const fill = ['sh', '-c', `head -c 2m /dev/zero > '${filler}'; true`];
    const run = await runWithFault(
      RUN,
      { root: out, match: MANIFEST, at: 2, action: `exec:${JSON.stringify(fill)}` },
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      'declutter: disk full while writing out/.declutter-manifest.json; every page was written, and the next run completes the manifest from its journal',
    ]);
    expect(run.stderr.toString()).toContain(`declutter: ${PAGES.length} converted, 0 failed in`);
    await rm(filler);
    const state = await inspectOut(out, expected, V0, { settled: false });
    expect(state.problems).toEqual([]);
    expect(state.temps).toEqual([]);
    expect(state.todo).toEqual([]);
    // No manifest was written; the journal that stands in for it stayed.
    const top = await readdir(out);
    expect(top).toContain(JOURNAL);
    expect(top).not.toContain(MANIFEST);

    const resumed = await runWithFault([...RUN, '--skip-unchanged'], undefined, { cwd: dir });
    expect(errorLines(resumed.stderr)).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr.toString()).toContain(
      `declutter: out: an earlier run was interrupted; ${PAGES.length} files it wrote added to the manifest`,
    );
    expect(resumed.stderr.toString()).toContain(`declutter: 0 converted, ${PAGES.length} unchanged, 0 failed`);
    expect(await snapshotTree(out)).toEqual(allV0);
  }, 120_000);

  it('from the start: one line, exit 1, nothing written', async (context) => {
    const scenario = await withTmpfs('full-start', 'size=4k', (reason) => context.skip(reason));
    if (scenario === undefined) return;
    const { dir, out } = scenario;
    await writeFile(join(out, 'filler.bin'), Buffer.alloc(4096, 1));
    const run = await runWithFault(RUN, undefined, { cwd: dir });
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `declutter: disk full while writing out/.declutter-lock; ${PAGES.length} pages not written`,
    ]);
    expect([...(await snapshotTree(out)).keys()]).toEqual(['filler.bin']);
  }, 60_000);
});

describe('read-only OUT', () => {
  it('turning read-only mid-batch: one line, exit 1, whole files; writable again, a re-run completes', async (context) => {
    // A tmpfs cannot be remounted read-only while declutter holds its journal open for writing (EBUSY),
    // so OUT turns read-only the way an admin would do it then: a read-only bind mount over it. Paths
    // opened from then on are refused with EROFS, as on a read-only file system.
    const scenario = await withTmpfs('ro-mid', 'size=1m', (reason) => context.skip(reason));
    if (scenario === undefined) return;
    const { dir, out } = scenario;
    const outside = await snapshotTree(dir, ['out']);
    const bindReadOnly = `mount --bind '${out}' '${out}' && mount -o remount,bind,ro '${out}'`;
    const run = await runWithFault(
      RUN,
      { root: out, page: 5, at: 1, action: `exec:${JSON.stringify(['sh', '-c', bindReadOnly])}` },
      { cwd: dir },
    );
    mounted.unshift({ unmount: () => unmount(out) });
    expect(run.code).toBe(1);
    expect(await snapshotTree(dir, ['out'])).toEqual(outside);
    expect(errorLines(run.stderr)).toEqual([
      expect.stringMatching(/^declutter: read-only file system while writing out\/p0[45]\.md; 16 pages not written$/),
    ]);
    const state = await inspectOut(out, expected, V0, { settled: false });
    expect(state.problems).toEqual([]);
    expect(state.temps).toEqual([]);
    expect(state.todo).toHaveLength(16);

    unmount(out);
    mounted.shift();
    const resumed = await runWithFault([...RUN, '--skip-unchanged'], undefined, { cwd: dir });
    expect(errorLines(resumed.stderr)).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr.toString()).toContain(`declutter: 16 converted, 4 unchanged`);
    expect(await snapshotTree(out)).toEqual(allV0);
  }, 180_000);

  it('read-only from the start: one line, exit 1', async (context) => {
    const scenario = await withTmpfs('ro-start', 'size=1m,ro', (reason) => context.skip(reason));
    if (scenario === undefined) return;
    const run = await runWithFault(RUN, undefined, { cwd: scenario.dir });
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `declutter: read-only file system while writing out/.declutter-lock; ${PAGES.length} pages not written`,
    ]);
  }, 60_000);
});
