// The batch throughput table's arithmetic, and the library loop it sets batches against.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatBatch, type BatchRun } from '../bench/batch-throughput.js';
import { SMALL_PAGE, transpileBenchScripts } from '../bench/startup.js';

const ROOT = resolve(import.meta.dirname, '..');

type Given = Pick<BatchRun, 'label' | 'kind' | 'pipeline' | 'jobs' | 'cpuSeconds' | 'wallSeconds'>;

function batchRun(given: Given): BatchRun {
  return { pages: 100, converted: 100, peakRssMb: 200, load: { before: 0.5, after: 0.6 }, ...given };
}

/** The cells of the table row whose command is `label` (cells are at least two spaces apart). */
function rowOf(table: string, label: string): string[] {
  const line = table.split('\n').find((candidate) => candidate.startsWith(`${label}  `));
  if (line === undefined) throw new Error(`no row for ${label}`);
  return line.split(/\s{2,}/);
}

describe('the batch table', () => {
  const runs = [
    batchRun({ label: 'loop A', kind: 'loop', pipeline: 'declutter', jobs: 1, cpuSeconds: 10, wallSeconds: 8 }),
    batchRun({ label: 'dir 1', kind: 'bin', pipeline: 'declutter', jobs: 1, cpuSeconds: 11, wallSeconds: 8 }),
    batchRun({ label: 'loop B', kind: 'loop', pipeline: 'declutter', jobs: 1, cpuSeconds: 12, wallSeconds: 9 }),
    batchRun({ label: 'naive loop', kind: 'loop', pipeline: 'naive', jobs: 1, cpuSeconds: 22, wallSeconds: 17 }),
    batchRun({ label: 'dir 2', kind: 'bin', pipeline: 'declutter', jobs: 2, cpuSeconds: 12, wallSeconds: 5 }),
  ];
  const inProcess = { declutterMeanMs: 55, declutterMedianMs: 50, naiveMeanMs: 110, naiveMedianMs: 100 };
  const table = formatBatch(runs, inProcess);

  it('sets each run against the mean of the declutter loops, the naive loop and the per-call figure', () => {
    expect(table).toContain(
      'Library loop in one process: declutter 110.0 CPU ms/page (runs: 100.0, 120.0), naive 220.0: declutter / naive 0.50×.',
    );
    // 110 ms/page: the loops' mean, half the naive loop, twice the per-call figure; 11 s over 8 s of wall.
    expect(rowOf(table, 'dir 1').slice(4, 11)).toEqual(['110.0', '9.09', '1.00', '0.50', '2.00', '8.0', '1.38']);
    // The naive loop is set against the naive per-call figure.
    expect(rowOf(table, 'naive loop')[8]).toBe('2.00');
  });

  it('takes the --jobs ratio from the bin runs, not from a loop, and says what ceiling --jobs 1 leaves', () => {
    expect(table).toContain('--jobs 2 / --jobs 1 (DIR, wall): 1.60×');
    expect(table).toContain('CPU ratio --jobs 2 / --jobs 1: 1.09)');
    const jobs = Math.min(availableParallelism(), 2);
    expect(table).toContain(
      `--jobs 1 kept 1.38 cores busy, so ${jobs} jobs on ${availableParallelism()} cores can be at most ` +
        `${(jobs / 1.375).toFixed(2)}× faster`,
    );
  });
});

describe('the library loop', () => {
  const work = mkdtempSync(join(tmpdir(), 'declutter-library-loop-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(['declutter', 'naive'])(
    'converts each JSONL record with %s and counts the non-empty documents',
    (pipeline) => {
      const loop = transpileBenchScripts(ROOT, ['naive-pipeline', 'library-loop']);
      const jsonl = join(work, `${pipeline}.jsonl`);
      const article = readFileSync(join(ROOT, SMALL_PAGE), 'utf-8');
      const records = [
        { id: 'article', url: 'https://example.com/a', html: article },
        { id: 'empty', html: '<html><body></body></html>' },
        { id: 'article again', html: article },
      ];
      writeFileSync(jsonl, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
      const result = spawnSync(process.execPath, [loop, pipeline, jsonl], { encoding: 'utf-8' });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('converted=2\n');
      expect(result.status).toBe(0);
    },
  );
});
