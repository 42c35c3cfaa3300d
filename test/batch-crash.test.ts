// A batch survives its own crash: SIGKILL at many chosen moments (the manifest write among them), a
// worker thread dying mid-page, OUT removed or a file of it turned into a directory mid-batch. After each,
// a re-run recognises every file declutter wrote, converts only what is missing or changed, still refuses
// files it did not write, and ends byte for byte where an uninterrupted run ends.
//
// The kills come from test/support/fault-preload.ts, loaded into the CLI: it counts the file-system calls
// the batch makes in OUT and sends the process SIGKILL at a chosen one, so kill points fall between any
// two steps of the write protocol (temp file, flush, journal record, rename, manifest, lock), which kills
// at random wall-clock times almost never reach. The schedule is drawn from a seeded generator:
// DECLUTTER_FAULT_SEED=N replays one; a failure prints the seed and the schedule so far.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeTempDir } from './cli-support.js';
import {
  errorLines,
  expectedOutputs,
  inspectOut,
  isTempName,
  JOURNAL,
  LOCK,
  MANIFEST,
  TEMP_SUFFIX,
  PAGES,
  referenceTree,
  VERSIONS,
  writeInputs,
  type ExpectedOutputs,
} from './support/crash-batch.js';
import { runWithFault, seededRandom, snapshotTree, type Fault } from './support/faults.js';

const SEED = Number(process.env.DECLUTTER_FAULT_SEED ?? 20_161_616);
const MIN_KILLS = 20;
const FOREIGN = { name: 'notes-by-hand.txt', text: 'Notes a person keeps in the output directory.\n' };

let root: string;
let expected: ExpectedOutputs;
let allV0: Map<string, string>;

beforeAll(async () => {
  assertBuilt();
  root = await makeTempDir('declutter-crash-');
  allV0 = await referenceTree(join(root, 'reference-v0'), Array<number>(PAGES.length).fill(0));
  expected = await expectedOutputs(join(root, 'expected'), {
    convert: [1, 2],
    from: { 0: join(root, 'reference-v0', 'out') },
  });
}, 240_000);

/** A scenario directory: `in/` at the given versions, a sentinel outside OUT, and OUT's path. */
async function scenario(name: string, versions: readonly number[]): Promise<{ dir: string; out: string }> {
  const dir = join(root, name);
  await writeInputs(dir, versions);
  await mkdir(join(dir, 'elsewhere'), { recursive: true });
  await writeFile(join(dir, 'elsewhere', 'keep.txt'), 'outside OUT; never touched\n');
  return { dir, out: join(dir, 'out') };
}

type FaultKind = 'page' | 'temp' | 'rename' | 'manifest' | 'journal' | 'lock' | 'startup';
// Every step the coverage check below asks for has a kind aimed at it, so each is hit whatever the timing: a `page`
// kill counts every call from the jth page on, and where its count lands shifts with how the main thread's writes
// interleave (on a loaded machine a whole run once fell outside the temp files).
const CYCLE: readonly FaultKind[] = [
  'page',
  'manifest',
  'rename',
  'temp',
  'startup',
  'journal',
  'page',
  'lock',
  'manifest',
  'rename',
];

/**
 * Where a kill landed, read off the fault's trace (its "fired call path" line): the step of the write
 * protocol the process was in. Undefined when the fault never fired.
 */
async function killStep(trace: string): Promise<string | undefined> {
  const text = await readFile(trace, 'utf-8').catch(() => '');
  const [, call = '', path = ''] = /^fired (\S+) (.*)$/m.exec(text) ?? [];
  if (call === '') return undefined;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name.includes(MANIFEST)) return call === 'readFile' ? 'manifest read' : 'manifest write';
  if (name.includes(JOURNAL)) return 'journal';
  if (name.includes(LOCK)) return 'lock';
  // A page's rename is traced under its temp file's name (its first argument).
  if (call === 'rename') return 'page rename';
  if (isTempName(name)) return 'page temp file';
  return `other (${call})`;
}

/** A kill point of the given kind; `todo` pages will be written, so a page kill always lands. */
function drawFault(kind: FaultKind, todo: number, out: string, random: ReturnType<typeof seededRandom>): Fault {
  const when = random.next() < 0.5 ? 'before' : 'after';
  switch (kind) {
    // Somewhere in writing the jth page and what follows it (temp, flush, journal, rename, next page).
    case 'page':
      return { root: out, page: random.int(1, todo), at: random.int(1, 12), when };
    // Opening, writing or flushing the jth page's temp file (the same draws as `page`, so the schedule is unchanged).
    case 'temp':
      return { root: out, page: random.int(1, todo), match: TEMP_SUFFIX, at: random.int(1, 3), when };
    // Just before the jth page's rename (journalled, not in place) or just after (in place, not in the manifest).
    case 'rename':
      return { root: out, page: random.int(1, todo), call: 'rename', at: 1, when };
    // The manifest's read at the start, its rewrite in recovery, or its final write (temp, flush, rename).
    case 'manifest':
      return { root: out, match: '.declutter-manifest.json', at: random.int(1, 6), when };
    case 'journal':
      return { root: out, match: JOURNAL, at: random.int(1, 2 + 2 * todo), when };
    case 'lock':
      return { root: out, match: LOCK, at: random.int(1, 5), when };
    // Taking the lock, recovery, planning (it reads every existing output), the first writes.
    case 'startup':
      return { root: out, at: random.int(1, 50), when };
  }
}

describe('SIGKILL at any moment, then re-run with --skip-unchanged', () => {
  it(`≥ ${MIN_KILLS} kills; each re-run resumes; the end is byte-identical to an uninterrupted run`, async () => {
    const random = seededRandom(SEED);
    const versions = Array<number>(PAGES.length).fill(0);
    const { dir, out } = await scenario('chain', versions);
    await mkdir(out);
    await writeFile(join(out, FOREIGN.name), FOREIGN.text);
    const history: string[] = [];
    const killSteps = new Set<string>();
    let kills = 0;

    /** One run; checks what must hold after it whether it was killed or finished. */
    const runRound = async (
      fault: Fault | undefined,
      label: string,
      skipUnchanged = true,
    ): Promise<'killed' | 'finished'> => {
      const before = await inspectOut(out, expected, versions, { settled: false, foreign: FOREIGN });
      const outside = await snapshotTree(dir, ['out']);
      const args = ['in', '-o', 'out', '--jobs', '1', ...(skipUnchanged ? ['--skip-unchanged'] : [])];
      const trace = join(root, `trace-${history.length}`);
      const run = await runWithFault(args, fault && { ...fault, trace }, { cwd: dir });
      const killed = run.signal === 'SIGKILL' && !run.killed;
      const step = killed ? await killStep(trace) : undefined;
      if (step !== undefined) killSteps.add(step);
      history.push(
        `${label} ${JSON.stringify({ ...fault, root: undefined })} todo=${before.todo.length} → ${killed ? `killed in ${step}` : `exit ${run.code}`}`,
      );
      expect(run.killed, 'the run hung past its budget').toBe(false);
      expect(await snapshotTree(dir, ['out']), 'something outside OUT changed').toEqual(outside);
      const after = await inspectOut(out, expected, versions, { settled: !killed, foreign: FOREIGN });
      expect(after.problems).toEqual([]);
      if (killed) return 'killed';
      // A finished run: recognised every file it wrote (exit 0, no refusal), converted exactly what was
      // missing or changed (all of it without --skip-unchanged), removed the killed run's leftovers and said so.
      expect(errorLines(run.stderr)).toEqual([]);
      expect(run.code).toBe(0);
      const converted = skipUnchanged ? before.todo.length : PAGES.length;
      expect(run.stderr.toString()).toContain(`declutter: ${converted} converted,`);
      if (before.temps.length > 0) {
        const plural = before.temps.length === 1 ? '' : 's';
        expect(run.stderr.toString()).toContain(`${before.temps.length} temporary file${plural} removed`);
      }
      expect(after.todo).toEqual([]);
      return 'finished';
    };

    try {
      for (let round = 0; kills < MIN_KILLS && round < 40; round += 1) {
        // Later rounds change a few inputs, so there is always something to convert, and some
        // conversions overwrite an output declutter wrote in an earlier round.
        if (round > 0) {
          for (let change = random.int(1, 4); change > 0; change -= 1) {
            const index = random.int(0, PAGES.length - 1);
            versions[index] = ((versions[index] ?? 0) + 1) % VERSIONS;
          }
          await writeInputs(dir, versions);
        }
        const { todo } = await inspectOut(out, expected, versions, { settled: false, foreign: FOREIGN });
        const kind = CYCLE[round % CYCLE.length]!;
        const outcome = await runRound(
          drawFault(kind, Math.max(1, todo.length), out, random),
          `round ${round} ${kind}`,
        );
        if (outcome === 'killed') kills += 1;
        // Every fifth round the re-run is left to finish, and everything a finished run promises is checked;
        // every other time without --skip-unchanged (its own files are overwritten, not refused).
        if (round % 5 === 4) await runRound(undefined, `round ${round} finish`, round % 10 === 4);
      }
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
      // The kills must have landed in every step of the protocol, the manifest write among them.
      expect([...killSteps].sort()).toEqual(
        expect.arrayContaining(['journal', 'lock', 'manifest write', 'page rename', 'page temp file']),
      );
      expect(await runRound(undefined, 'final')).toBe('finished');
      const reference = await referenceTree(join(root, 'reference-chain'), versions, FOREIGN);
      expect(await snapshotTree(out)).toEqual(reference);
      if (process.env.DECLUTTER_FAULT_VERBOSE === '1') console.log(`seed ${SEED}:\n  ${history.join('\n  ')}`);
    } catch (error) {
      const detail = `fault seed ${SEED} (replay: DECLUTTER_FAULT_SEED=${SEED}); rounds:\n  ${history.join('\n  ')}`;
      if (error instanceof Error) error.message = `${error.message}\n${detail}`;
      throw error;
    }
  }, 600_000);

  it('after a crash, still refuses a file it did not write and one edited since', async () => {
    const { dir, out } = await scenario('refuse', Array<number>(PAGES.length).fill(0));
    const killed = await runWithFault(['in', '-o', 'out', '--jobs', '1'], { root: out, page: 6, at: 3 }, { cwd: dir });
    expect(killed.signal).toBe('SIGKILL');
    // p01 was written by declutter before the crash, and is edited before the re-run could record it:
    // declutter can no longer vouch for its bytes, so it is refused like p12, which it never wrote.
    await writeFile(join(out, 'p01.md'), 'edited by hand after the crash\n');
    await writeFile(join(out, 'p12.md'), 'a file of my own\n');
    const refused = await runWithFault(['in', '-o', 'out', '--skip-unchanged', '--jobs', '1'], undefined, { cwd: dir });
    expect(refused.code).toBe(2);
    expect(errorLines(refused.stderr)).toEqual([
      'declutter: out/p01.md: exists and was not written by declutter (use --force to overwrite)',
      'declutter: out/p12.md: exists and was not written by declutter (use --force to overwrite)',
      'declutter: nothing written: 2 output path(s) are unsafe',
    ]);
    // The outputs it did write are recognised: none of them is refused (above), and a later edit of one is
    // told apart from a foreign file.
    await writeFile(join(out, 'p02.md'), 'edited after the re-run recorded it\n');
    const edited = await runWithFault(['in', '-o', 'out', '--skip-unchanged', '--jobs', '1'], undefined, { cwd: dir });
    expect(errorLines(edited.stderr)).toContain(
      'declutter: out/p02.md: changed since declutter wrote it (use --force to overwrite)',
    );
    await writeFile(join(out, 'p02.md'), await readFile(join(root, 'reference-v0', 'out', 'p02.md')));
    expect(await readFile(join(out, 'p01.md'), 'utf-8')).toBe('edited by hand after the crash\n');
    expect(await readFile(join(out, 'p12.md'), 'utf-8')).toBe('a file of my own\n');

    await rm(join(out, 'p01.md'));
    await rm(join(out, 'p12.md'));
    const resumed = await runWithFault(['in', '-o', 'out', '--skip-unchanged', '--jobs', '1'], undefined, { cwd: dir });
    expect(errorLines(resumed.stderr)).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(await snapshotTree(out)).toEqual(allV0);
  }, 180_000);

  it('refuses to share OUT with a run that is still writing, and takes over the lock of one that is gone', async () => {
    const { dir, out } = await scenario('lock', Array<number>(PAGES.length).fill(0));
    await mkdir(out);
    const live = { tool: 'declutter', pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' };
    await writeFile(join(out, LOCK), JSON.stringify(live));
    const refused = await runWithFault(['in', '-o', 'out', '--jobs', '1'], undefined, { cwd: dir });
    expect(refused.code).toBe(2);
    expect(errorLines(refused.stderr)).toEqual([
      `declutter: out: another declutter run is writing here (pid ${process.pid}, started 2026-01-01T00:00:00.000Z); let it finish or stop it first`,
    ]);

    // A pid that no process has (above the kernel's pid_max): the owner is gone.
    await writeFile(join(out, LOCK), JSON.stringify({ ...live, pid: 2 ** 22 + 1 }));
    const resumed = await runWithFault(['in', '-o', 'out', '--jobs', '1'], undefined, { cwd: dir });
    expect(errorLines(resumed.stderr)).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(await snapshotTree(out)).toEqual(allV0);
  }, 180_000);
});

describe('a worker or OUT failing mid-batch', () => {
  it('a worker thread crashing mid-page fails that page alone; the re-run converts only it', async () => {
    const { dir, out } = await scenario('worker-crash', Array<number>(PAGES.length).fill(0));
    const outside = await snapshotTree(dir, ['out']);
    const crashed = await runWithFault(['in', '-o', 'out', '--jobs', '1'], undefined, {
      cwd: dir,
      extraEnv: { DECLUTTER_FAULT_CRASH_WORKER: 'p05.html' },
    });
    expect(crashed.code).toBe(1);
    expect(errorLines(crashed.stderr)).toEqual([
      expect.stringMatching(
        /^declutter: in\/p05\.html: worker failed: injected crash of the worker converting p05\.html$/,
      ),
    ]);
    expect(crashed.stderr.toString()).toMatch(/19 converted, 1 failed/);
    const state = await inspectOut(out, expected, Array<number>(PAGES.length).fill(0), { settled: true });
    expect(state.problems).toEqual([]);
    expect(state.todo).toEqual(['p05']);

    const resumed = await runWithFault(['in', '-o', 'out', '--skip-unchanged', '--jobs', '1'], undefined, { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr.toString()).toMatch(/1 converted, 19 unchanged, 0 failed/);
    expect(await snapshotTree(out)).toEqual(allV0);
    expect(await snapshotTree(dir, ['out'])).toEqual(outside);
  }, 180_000);

  it('OUT removed mid-batch: one line, exit 1, OUT not made again; a re-run starts afresh', async () => {
    const { dir, out } = await scenario('out-removed', Array<number>(PAGES.length).fill(0));
    const outside = await snapshotTree(dir, ['out']);
    const run = await runWithFault(
      ['in', '-o', 'out', '--jobs', '1'],
      { root: out, page: 5, at: 1, action: 'rm-root' },
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    // OUT goes as page 5's temp file is opened. With --jobs 1 the main thread may still be finishing
    // page 4's write (its rename, its journal line) while page 5's starts, so which write meets the
    // missing directory first is a race: the line names page 4 or 5, and page 4 counts as converted
    // or not. Whatever the order, there is one line, and it and the summary agree on what was lost.
    const lines = errorLines(run.stderr);
    expect(lines).toHaveLength(1);
    const stop =
      /^declutter: output directory out was removed while writing out\/p0([45])\.md; (\d+) pages not written$/.exec(
        lines[0]!,
      );
    expect(stop, lines[0]).not.toBeNull();
    const summary = /declutter: (\d+) converted, 0 failed, (\d+) not written in/.exec(run.stderr.toString());
    expect(summary, run.stderr.toString()).not.toBeNull();
    const [converted, notWritten] = [Number(summary![1]), Number(summary![2])];
    expect(Number(stop![2])).toBe(notWritten);
    expect(converted + notWritten).toBe(PAGES.length);
    expect([3, 4]).toContain(converted);
    expect(await snapshotTree(out)).toEqual(new Map());
    expect(await snapshotTree(dir, ['out'])).toEqual(outside);

    const again = await runWithFault(['in', '-o', 'out', '--skip-unchanged', '--jobs', '1'], undefined, { cwd: dir });
    expect(again.code).toBe(0);
    expect(await snapshotTree(out)).toEqual(allV0);

    // Removed after the last page, as the manifest is about to be written: still an error, not a quiet exit 0.
    const late = await runWithFault(
      ['in', '-o', 'out', '--jobs', '1'],
      { root: out, match: '.declutter-manifest.json', at: 2, action: 'rm-root' },
      { cwd: dir },
    );
    expect(late.code).toBe(1);
    expect(errorLines(late.stderr)).toEqual([
      'declutter: output directory out was removed while writing out/.declutter-manifest.json; the pages written went with it',
    ]);
    expect(await snapshotTree(out)).toEqual(new Map());
  }, 180_000);

  it('a file of OUT turned into a directory mid-batch: one line naming it, exit 1, the rest written', async () => {
    const { dir, out } = await scenario('file-to-dir', Array<number>(PAGES.length).fill(0));
    const first = await runWithFault(['in', '-o', 'out', '--jobs', '1'], undefined, { cwd: dir });
    expect(first.code).toBe(0);
    await writeInputs(dir, Array<number>(PAGES.length).fill(1));
    const outside = await snapshotTree(dir, ['out']);
    const run = await runWithFault(
      ['in', '-o', 'out', '--jobs', '1'],
      { root: out, page: 3, at: 1, action: `to-dir:${join(out, 'p10.md')}` },
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      'declutter: in/p10.html: out/p10.md: a directory is in the way; not written',
    ]);
    expect(run.stderr.toString()).toMatch(/19 converted, 1 failed/);
    expect(await snapshotTree(dir, ['out'])).toEqual(outside);
    // The directory in the way stays; every other output is the new version, whole; nothing else is left.
    await rm(join(out, 'p10.md'), { recursive: true });
    const state = await inspectOut(out, expected, Array<number>(PAGES.length).fill(1), { settled: false });
    expect(state.problems).toEqual([]);
    expect(state.todo).toEqual(['p10']);
    expect(state.temps).toEqual([]);
    expect((await snapshotTree(out)).has(JOURNAL) || (await snapshotTree(out)).has(LOCK)).toBe(false);
  }, 180_000);
});
