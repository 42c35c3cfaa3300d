// Dask distributed, for real: examples/dask/convert_crawl.py on a scheduler and two workers started
// here as separate processes on 127.0.0.1 converts a crawl of 503 records made from the AEB pages
// (JSONL and WARC shards, three hostile pages among them) while one worker is SIGKILLed mid-shard; the
// result must be what one declutter process gives, every page exactly once.

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, loadPages, type AebPage } from '../bench/aeb-data.js';
import { assertBuilt, BIN, makeTempDir, ROOT } from './cli-support.js';
import { articleHtml, proseParagraphs } from './support/hostile-pages.js';
import {
  childrenOf,
  isRunning,
  processesIn,
  startProcess,
  stopProcess,
  waitFor,
  type Started,
} from './support/processes.js';

const SCRIPT = join(ROOT, 'examples', 'dask', 'convert_crawl.py');
/** The smallest AEB pages, each used five times (three JSONL copies, two WARC copies): 500 pages. */
const PAGES_PER_COPY = 100;
const JSONL_COPIES = 3;
const JSONL_SHARD_SIZE = 50;
const MiB = 1024 * 1024;
/**
 * The whole test's own budget: ≈ 200 s of CPU (503 pages converted twice, eleven declutter and three Dask
 * starts), 2-3 min on a quiet 2-core machine, far more on a loaded one. Every wait is bounded by what
 * is left of it, and vitest's timeout is a minute longer, so the cleanup below always runs.
 */
const BUDGET_MS = 20 * 60_000;

interface OutLine {
  id: string;
  markdown: string | null;
  status: 'ok' | 'error';
  error: string | null;
}

/** Debian's dask lives under /usr/bin/python3; the python3 first on PATH may be another interpreter. */
function findDaskPython(): string | undefined {
  const candidates = [process.env.DECLUTTER_DASK_PYTHON, '/usr/bin/python3', 'python3'];
  return candidates.find(
    (python) =>
      python !== undefined &&
      spawnSync(python, ['-c', 'import dask.bag, distributed'], { stdio: 'ignore' }).status === 0,
  );
}

function missingPrerequisite(python: string | undefined): string | undefined {
  if (process.platform !== 'linux') return 'the Dask crawl test watches worker processes through /proc (Linux only)';
  if (python === undefined) {
    return 'Dask distributed is not installed (Debian: apt-get install python3-distributed python3-dask); .ci/run installs it';
  }
  if (!existsSync(join(DEFAULT_DATA_DIR, 'ground-truth.json'))) {
    return `the AEB pages are not at ${DEFAULT_DATA_DIR} (../shared beside the work tree)`;
  }
  return undefined;
}

interface Crawl {
  shards: string[];
  /** The JSONL shards concatenated: the single run's input. */
  allJsonl: string;
  warcShards: string[];
  ids: string[];
  /** Pages that must convert with this text in them, or be an error record matching this. */
  hostile: { id: string; expect: { ok: string } | { error: RegExp } }[];
}

async function buildCrawl(dir: string): Promise<Crawl> {
  const bySize = (page: AebPage): number => statSync(page.htmlPath).size;
  const pages = loadPages(DEFAULT_DATA_DIR)
    .sort((a, b) => bySize(a) - bySize(b) || a.id.localeCompare(b.id))
    .slice(0, PAGES_PER_COPY)
    .map((page) => ({ ...page, html: gunzipSync(readFileSync(page.htmlPath)) }));
  const ids: string[] = [];

  const records: string[] = [];
  for (let copy = 0; copy < JSONL_COPIES; copy += 1) {
    for (const page of pages) {
      const id = `copy${copy}-${page.id}`;
      ids.push(id);
      records.push(JSON.stringify({ id, url: page.url, html: page.html.toString('utf-8') }));
    }
  }
  // Hostile pages in the middle of the third shard: deep nesting (flattened, so it converts), a page with
  // more elements than the cap and one over --max-bytes (each an error record of its own).
  const article = articleHtml({ title: 'Deep nesting', marker: 'deep nesting', paragraphs: 4 }).html;
  const [head, body] = article.split('<body>') as [string, string];
  const deep = `${head}<body>${'<div>'.repeat(100_000)}${body.replace('</body></html>', '')}${'</div>'.repeat(100_000)}</body></html>`;
  const crowded = articleHtml({ title: 'Crowded', marker: 'crowded', extraBody: '<div></div>'.repeat(250_000) }).html;
  const huge = articleHtml({ title: 'Huge', marker: 'huge', extraBody: `<p>${'w'.repeat(21 * MiB)}</p>` }).html;
  const hostile: Crawl['hostile'] = [
    { id: 'hostile-deep-nesting', expect: { ok: proseParagraphs('deep nesting', 4)[3]!.slice(0, 60) } },
    { id: 'hostile-too-many-elements', expect: { error: /too many elements/ } },
    { id: 'hostile-huge-page', expect: { error: /over the \d+-byte limit \(--max-bytes\)/ } },
  ];
  const html = [deep, crowded, huge];
  const at = 2 * JSONL_SHARD_SIZE + 20;
  records.splice(
    at,
    0,
    ...hostile.map(({ id }, n) => JSON.stringify({ id, url: `https://example.com/${id}`, html: html[n] })),
  );
  ids.push(...hostile.map(({ id }) => id));

  const shards: string[] = [];
  for (let start = 0, n = 0; start < records.length; n += 1) {
    // The third shard holds the hostile pages on top of its 50.
    const size = n === 2 ? JSONL_SHARD_SIZE + hostile.length : JSONL_SHARD_SIZE;
    const shard = join(dir, `pages-${n}.jsonl`);
    await writeFile(shard, `${records.slice(start, start + size).join('\n')}\n`);
    shards.push(shard);
    start += size;
  }
  const allJsonl = join(dir, 'all.jsonl');
  await writeFile(allJsonl, `${records.join('\n')}\n`);

  const warcShards: string[] = [];
  for (const [n, gzip] of [true, false].entries()) {
    const parts: Uint8Array[] = [];
    for (const page of pages) {
      const id = `<urn:uuid:${randomUUID()}>`;
      ids.push(id);
      const record = WARCRecord.create(
        {
          url: page.url ?? `https://example.com/${page.id}`,
          type: 'response',
          warcHeaders: { 'WARC-Record-ID': id },
          httpHeaders: { 'Content-Type': 'text/html; charset=utf-8' },
        },
        [page.html],
      );
      parts.push(await WARCSerializer.serialize(record, { gzip }));
    }
    const shard = join(dir, `crawl-${n}.warc${gzip ? '.gz' : ''}`);
    await writeFile(shard, Buffer.concat(parts));
    warcShards.push(shard);
  }
  return { shards: [...shards, ...warcShards], allJsonl, warcShards, ids, hostile };
}

function readLines(path: string): string[] {
  return readFileSync(path, 'utf-8')
    .split('\n')
    .filter((line) => line !== '');
}

function sortById(lines: readonly string[]): string[] {
  const keyed = lines.map((line) => ({ line, id: (JSON.parse(line) as OutLine).id }));
  return keyed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(({ line }) => line);
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

describe('examples/dask on a real Dask cluster', () => {
  const python = findDaskPython();
  const missing = missingPrerequisite(python);

  it(
    'converts a 503-record crawl like one declutter process, with one worker killed mid-shard',
    async (context) => {
      if (missing !== undefined) {
        // CI installs Dask and lays out ../shared: there, a missing prerequisite is a failure, not a skip.
        if (process.env.CI === 'true') throw new Error(`${missing} (CI=true: this test must run)`);
        context.skip(missing);
      }
      assertBuilt();
      const dask = python as string;
      const deadline = Date.now() + BUDGET_MS;
      const left = (): number => Math.max(0, deadline - Date.now());
      const dir = await makeTempDir('declutter-dask-');
      const started: Started[] = [];
      let passed = false;
      const start = (...args: Parameters<typeof startProcess>): Started => {
        const process_ = startProcess(...args);
        started.push(process_);
        return process_;
      };
      try {
        const crawl = await buildCrawl(dir);
        const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
        const schedulerFile = join(dir, 'scheduler.json');

        // The single run, meanwhile: all JSONL records through one process, each WARC file through one.
        const single = [
          { name: 'single --jsonl', args: ['--jsonl'], stdin: crawl.allJsonl },
          ...crawl.warcShards.map((warc, n) => ({
            name: `single --warc ${n}`,
            args: ['--warc', warc],
            stdin: undefined,
          })),
        ].map(({ name, args, stdin }, n) => {
          const output = join(dir, `single-${n}.jsonl`);
          const fds = [stdin === undefined ? 'ignore' : openSync(stdin, 'r'), openSync(output, 'w')] as const;
          const run = start(name, process.execPath, [BIN, ...args, '--jobs', '1', '-q'], {
            cwd: dir,
            stdio: [fds[0], fds[1], 'pipe'],
          });
          for (const fd of fds) if (typeof fd === 'number') closeSync(fd);
          return { run, output };
        });

        const scheduler = start(
          'dask scheduler',
          dask,
          ['-m', 'dask', 'scheduler', '--host', '127.0.0.1', '--port', '0', '--no-dashboard'].concat([
            '--scheduler-file',
            schedulerFile,
            '--idle-timeout',
            '900',
          ]),
          { cwd: dir, env },
        );
        await waitFor(
          () => existsSync(schedulerFile) || scheduler.hasExited(),
          'the scheduler to start',
          Math.min(120_000, left()),
        );
        expect(scheduler.hasExited(), scheduler.output()).toBe(false);
        const workers = ['a', 'b'].map((name) =>
          start(
            `dask worker ${name}`,
            dask,
            ['-m', 'dask', 'worker', '--scheduler-file', schedulerFile, '--nthreads', '1', '--no-nanny'].concat(
              ['--no-dashboard', '--host', '127.0.0.1', '--name', name, '--local-directory', join(dir, `dask-${name}`)],
              ['--death-timeout', '60'],
            ),
            { cwd: dir, env },
          ),
        );
        await waitFor(
          () => workers.every((worker) => worker.output().includes('Registered to:') || worker.hasExited()),
          'both workers to register',
          Math.min(120_000, left()),
        );
        for (const worker of workers) expect(worker.hasExited(), worker.output()).toBe(false);

        const out = join(dir, 'out');
        const command = `${shellQuote(process.execPath)} ${shellQuote(BIN)}`;
        const run = start(
          'convert_crawl.py',
          dask,
          [SCRIPT, '--scheduler-file', schedulerFile, '--out', out, '--declutter', command, ...crawl.shards],
          { cwd: dir, env },
        );

        // Once a shard is written, kill a worker that is converting one (its declutter child is alive).
        const shardOutputs = (): string[] =>
          existsSync(out) ? readdirSync(out).filter((name) => name.endsWith('.jsonl') && !name.startsWith('.')) : [];
        let killed: { worker: Started; children: number[] } | undefined;
        await waitFor(
          () => {
            if (killed === undefined && shardOutputs().length > 0) {
              for (const worker of workers) {
                const children = childrenOf(worker.pid);
                if (children.length === 0) continue;
                process.kill(worker.pid, 'SIGKILL');
                killed = { worker, children };
                break;
              }
            }
            return run.hasExited();
          },
          'convert_crawl.py to finish',
          left(),
          50,
        );
        const { code } = await run.exited;
        expect(code, run.output()).toBe(0);
        expect(killed, 'no worker was converting a shard once the first shard was written').toBeDefined();
        expect((await killed!.worker.exited).signal).toBe('SIGKILL');
        // The dead worker's declutter died with it (the script's PR_SET_PDEATHSIG), not converting on the side.
        await waitFor(() => !killed!.children.some(isRunning), 'the killed worker’s declutter to end', 10_000);

        const failing = crawl.hostile.filter((page) => 'error' in page.expect).length;
        const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf-8')) as Record<string, unknown>;
        expect(summary).toMatchObject({
          shards: crawl.shards.length,
          pages: crawl.ids.length,
          converted: crawl.ids.length - failing,
          failed: failing,
          failed_shards: 0,
        });
        expect(readdirSync(out).sort()).toEqual([...shardOutputs(), 'summary.json'].sort());
        expect(shardOutputs()).toHaveLength(crawl.shards.length);

        // Every page exactly once.
        const clustered = shardOutputs().flatMap((name) => readLines(join(out, name)));
        const records = clustered.map((line) => JSON.parse(line) as OutLine);
        expect(records.map((record) => record.id).sort()).toEqual([...crawl.ids].sort());
        // A hostile page is an error record; every other page of its shard (and of the crawl) converted.
        for (const record of records) {
          const expected = crawl.hostile.find((page) => page.id === record.id)?.expect ?? { ok: '' };
          if ('ok' in expected) {
            expect(record, record.id).toMatchObject({ status: 'ok', error: null });
            expect(record.markdown).toContain(expected.ok);
          } else {
            expect(record.status, record.id).toBe('error');
            expect(record.error).toMatch(expected.error);
          }
        }

        // Byte for byte what one process gives, once both are sorted by id.
        await waitFor(
          () => single.every(({ run: reference }) => reference.hasExited()),
          'the single runs to end',
          left(),
        );
        for (const { run: reference } of single) expect((await reference.exited).code, reference.output()).toBe(0);
        const reference = single.flatMap(({ output }) => readLines(output));
        expect(sortById(clustered).join('\n')).toBe(sortById(reference).join('\n'));
        passed = true;
      } catch (error) {
        // A timeout says little by itself: add what each process printed last.
        if (error instanceof Error && error.name === 'AssertionError') throw error;
        const logs = started.map((p) => `--- ${p.name} (pid ${p.pid}):\n${p.output().slice(-1500)}`);
        throw new Error([String(error), ...logs].join('\n'), { cause: error });
      } finally {
        for (const process_ of [...started].reverse()) await stopProcess(process_);
        // Nothing this test started (or that its processes started) may outlive it: all ran in `dir`.
        const left = processesIn(dir);
        for (const pid of left) process.kill(pid, 'SIGKILL');
        await rm(dir, { recursive: true, force: true });
        // Checked only when everything else passed, so a failure above is reported as itself.
        if (passed) expect(left, 'processes left running in the test directory').toEqual([]);
      }
    },
    BUDGET_MS + 60_000,
  );
});
