// What crash safety costs per page written: a batch's write path (OUT check, journal record flushed
// before the rename, manifest at the end) against a bare atomic write (temp file, flush, rename), in
// interleaved rounds on the same disk. Conversion is left out: it is the same either way, and ~100×
// larger per page.
//
//   npx tsx bench/write-path.ts [--pages 300] [--rounds 3] [--dir DIR]   (DIR: where to write; default the temp dir)

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/batch/atomic-write.js';
import { openOutputDir } from '../src/batch/output-dir.js';
import { createProcessProbe } from '../src/cli/process-probe.js';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    dir: { type: 'string', default: tmpdir() },
  },
});
const PAGES = Number(values.pages);
const ROUNDS = Number(values.rounds);
// A typical output: the AEB pages' Markdown is 2–8 KB.
const DOCUMENT = `# A page\n\n${'Some words of the article, as Markdown. '.repeat(100)}\n`;

type Writer = (dir: string, concurrency: number) => Promise<void>;

const bareAtomicWrites: Writer = async (dir, concurrency) => {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < PAGES; index = next++) {
      await writeFileAtomic(join(dir, `p${index}.md`), DOCUMENT, { refuseSymlink: true });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
};

const journalledWrites: Writer = async (dir, concurrency) => {
  const output = await openOutputDir({ outDir: dir, probe: createProcessProbe(), pageCount: PAGES });
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < PAGES; index = next++) {
      const outRel = `p${index}.md`;
      await output.writePage(
        {
          entry: { kind: 'file', path: `in/${index}.html`, rel: outRel, fileKey: '' },
          outRel,
          outPath: join(dir, outRel),
        },
        DOCUMENT,
        { sha256: '0'.repeat(64), input: `in/${index}.html`, inputSha256: '0'.repeat(64), optionsKey: '0'.repeat(64) },
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await output.finish();
};

const rows: string[] = [];
for (const concurrency of [1, 4]) {
  const totals = { bare: { wall: 0, cpu: 0 }, journalled: { wall: 0, cpu: 0 } };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternating which goes first, so the disk's and the machine's moods hit both alike.
    const order = round % 2 === 0 ? (['bare', 'journalled'] as const) : (['journalled', 'bare'] as const);
    for (const name of order) {
      const dir = await mkdtemp(join(values.dir, 'declutter-write-path-'));
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await (name === 'bare' ? bareAtomicWrites : journalledWrites)(dir, concurrency);
      totals[name].wall += performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      totals[name].cpu += (cpu.user + cpu.system) / 1000;
      await rm(dir, { recursive: true, force: true });
    }
  }
  const perPage = (ms: number): string => (ms / (PAGES * ROUNDS)).toFixed(2);
  rows.push(
    `| ${concurrency} | ${perPage(totals.bare.cpu)} | ${perPage(totals.journalled.cpu)} | ${perPage(totals.bare.wall)} | ${perPage(totals.journalled.wall)} |`,
  );
}
console.log(`${PAGES} pages × ${ROUNDS} rounds in ${values.dir}; ms per page\n`);
console.log('| writes in flight | CPU bare | CPU journalled | wall bare | wall journalled |');
console.log('| ---------------- | -------- | -------------- | --------- | --------------- |');
for (const row of rows) console.log(row);
