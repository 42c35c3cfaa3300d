// Soak run (`npm run soak`): a batch of generated normal and hostile pages through the real CLI with
// --jobs 2; passes only if every page ends as expected, memory stays capped and nothing outside OUT changes.
//
// Usage: npm run soak [-- --pages 2000 --jobs 2 --keep]
// Needs `npm run build` first (it runs bin/declutter.js, which runs dist/).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DEFAULT_POOL_LIMITS } from '../src/batch/pool.js';
import {
  articleHtml,
  BIN,
  hostilePages,
  markdownProblems,
  startProbeServer,
  type HostileExpectation,
} from '../test/support/hostile-pages.js';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '2000' },
    jobs: { type: 'string', default: '2' },
    timeout: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const TOTAL = Number(args.pages);
const JOBS = Number(args.jobs);

/** One generated input and what must come of it. */
interface Planned {
  kind: string;
  /** Path relative to IN. */
  rel: string;
  /** Output path relative to OUT, or undefined when no output may exist. */
  outRel: string | undefined;
  expect: HostileExpectation;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Small deterministic PRNG so every soak run generates the same pages. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Article bodies with the structures the converter handles: lists, links, code, tables, images, quotes. */
function extraBody(random: () => number, index: number): string {
  const parts = [
    `<ul><li>first point ${index}</li><li>second point with <a href="/rel/${index}">a link</a></li></ul>`,
    `<pre><code class="language-js">const answer${index} = ${index};</code></pre>`,
    `<table><tr><th>Name</th><th>Value</th></tr><tr><td>row ${index}</td><td>${index * 3}</td></tr></table>`,
    `<figure><img src="/img/${index}.png" alt="figure ${index}"><figcaption>Caption ${index}</figcaption></figure>`,
    `<blockquote><p>Quoted line ${index} from someone.</p></blockquote>`,
    `<p>Text with <em>emphasis</em>, <strong>strength</strong> and <code>code ${index}</code>.</p>`,
  ];
  return parts.filter(() => random() < 0.5).join('\n');
}

async function hashTree(root: string, skip: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (path === skip) continue;
      const rel = relative(root, path);
      if (entry.isSymbolicLink()) hashes.set(rel, `link:${await readlink(path)}`);
      else if (entry.isDirectory()) {
        hashes.set(rel, `dir:${(await lstat(path)).mode}`);
        await walk(path);
      } else if (entry.isFile()) {
        const info = await lstat(path);
        // Sparse giants are identified by size and mtime rather than read through.
        hashes.set(
          rel,
          info.size > 64 * 2 ** 20
            ? `big:${info.size}:${info.mtimeMs}`
            : createHash('sha256')
                .update(await readFile(path))
                .digest('hex'),
        );
      } else hashes.set(rel, `special:${(await lstat(path)).mode}`);
    }
  };
  await walk(root);
  return hashes;
}

interface RunStats {
  code: number | null;
  seconds: number;
  stderr: string;
  peakRssMb: number;
  peakHwmMb: number;
}

/** Runs the batch, sampling the process's memory from /proc while it works. */
async function runBatch(input: string, out: string): Promise<RunStats> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [BIN, input, '-o', out, '--jobs', String(JOBS), '--verbose', '--timeout', args.timeout],
    {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf-8')));
  let peakRssMb = 0;
  let peakHwmMb = 0;
  const sample = setInterval(() => {
    void readFile(`/proc/${child.pid}/status`, 'utf-8')
      .then((status) => {
        const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
        peakRssMb = Math.max(peakRssMb, kb('VmRSS') / 1024);
        peakHwmMb = Math.max(peakHwmMb, kb('VmHWM') / 1024);
      })
      .catch(() => undefined);
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sample);
  return { code, seconds: (performance.now() - started) / 1000, stderr, peakRssMb, peakHwmMb };
}

async function main(): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'declutter-soak-'));
  const input = join(root, 'in');
  const out = join(root, 'out');
  const outside = join(root, 'outside');
  await mkdir(input);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.html'), articleHtml({ title: 'Outside story', marker: 'outside' }).html);
  const probe = await startProbeServer();
  const planned: Planned[] = [];
  const random = prng(42);

  // Hostile pages: cheap kinds repeated more often than costly ones.
  const hostile = hostilePages({ probeUrl: probe.url });
  for (const page of hostile) {
    const copies = page.cost <= 1 ? 8 : page.cost <= 3 ? 3 : page.cost <= 5 ? 2 : 1;
    for (let copy = 0; copy < copies; copy += 1) {
      const rel = `hostile/${page.kind}/${copy}-${page.fileName}`;
      await mkdir(join(input, dirname(rel)), { recursive: true });
      await page.write(join(input, rel));
      planned.push({
        kind: page.kind,
        rel,
        outRel: rel.replace(/\.gz$/, '').replace(/\.html$/, '.md'),
        expect: page.expect,
      });
    }
  }
  // File-system oddities inside the tree: skipped by the walk, never followed out of OUT.
  await mkdir(join(input, 'odd'), { recursive: true });
  await symlink(join(input, 'odd', 'missing.html'), join(input, 'odd', 'dangling.html'));
  execFileSync('mkfifo', [join(input, 'odd', 'fifo.html')]);
  await symlink(input, join(input, 'odd', 'loop'));
  await symlink(join(outside, 'secret.html'), join(input, 'odd', 'link-outside.html'));
  planned.push({
    kind: 'symlink-outside',
    rel: 'odd/link-outside.html',
    outRel: 'odd/link-outside.md',
    expect: { ok: { must: ['Outside story'], mustNot: [] } },
  });
  const unreadable = join(input, 'odd', 'unreadable.html');
  await writeFile(unreadable, '<p>locked</p>');
  await chmod(unreadable, 0o000);
  // Root reads it anyway; as another user it fails. Either way the batch must go on.
  planned.push({
    kind: 'unreadable',
    rel: 'odd/unreadable.html',
    outRel: 'odd/unreadable.md',
    expect: { ok: { must: [], mustNot: [] }, error: { exitCode: 1, message: /permission denied|no article/i } },
  });

  // Normal pages fill the rest, some gzip-compressed, spread over nested directories.
  const normalCount = Math.max(0, TOTAL - planned.length);
  for (let index = 0; index < normalCount; index += 1) {
    const marker = `soak ${index}`;
    const page = articleHtml({
      title: `Soak story ${index}`,
      marker,
      paragraphs: 3 + Math.floor(random() * 6),
      extraBody: extraBody(random, index),
    });
    const gz = index % 20 === 7;
    const rel = `normal/${String(Math.floor(index / 100)).padStart(2, '0')}/story-${index}.html${gz ? '.gz' : ''}`;
    await mkdir(join(input, dirname(rel)), { recursive: true });
    await writeFile(join(input, rel), gz ? gzipSync(page.html) : page.html);
    planned.push({
      kind: gz ? 'normal-gz' : 'normal',
      rel,
      outRel: rel.replace(/\.html(\.gz)?$/, '.md'),
      expect: { ok: { must: page.must, mustNot: page.mustNot } },
    });
  }

  log(
    `soak: ${planned.length} pages (${normalCount} normal, ${planned.length - normalCount} hostile or odd) in ${input}`,
  );
  const before = await hashTree(root, out);
  const run = await runBatch(input, out);
  const after = await hashTree(root, out);
  await probe.close();

  // Per-page outcome from the --verbose lines: "ok SRC → OUT (N ms)" and "failed SRC: message".
  const failedLines = new Map<string, string>();
  for (const line of run.stderr.split('\n')) {
    const failed = /^failed (.+?): (.*)$/.exec(line);
    if (failed) failedLines.set(relative(input, failed[1]!), failed[2]!);
  }
  const byKind = new Map<string, { total: number; ok: number; errors: Map<string, number>; problems: string[] }>();
  for (const page of planned) {
    const bucket = byKind.get(page.kind) ?? {
      total: 0,
      ok: 0,
      errors: new Map<string, number>(),
      problems: [] as string[],
    };
    byKind.set(page.kind, bucket);
    bucket.total += 1;
    const failure = failedLines.get(page.rel);
    const markdown = page.outRel ? await readFile(join(out, page.outRel), 'utf-8').catch(() => undefined) : undefined;
    const problems: string[] = [];
    if (failure !== undefined) {
      const label = failure.replace(/\d+/g, 'N').slice(0, 70);
      bucket.errors.set(label, (bucket.errors.get(label) ?? 0) + 1);
      if (!page.expect.error) problems.push(`failed: ${failure}`);
      else if (!page.expect.error.message.test(failure)) problems.push(`failed with an unexpected message: ${failure}`);
      if (markdown !== undefined) problems.push('failed but an output file exists');
    } else if (markdown !== undefined) {
      bucket.ok += 1;
      if (!page.expect.ok) problems.push('converted, but only an error was acceptable');
      else {
        for (const must of page.expect.ok.must)
          if (!markdown.includes(must)) problems.push(`output lacks ${JSON.stringify(must.slice(0, 60))}`);
        for (const mustNot of page.expect.ok.mustNot)
          if (markdown.includes(mustNot)) problems.push(`output has ${JSON.stringify(mustNot)}`);
        problems.push(...(await markdownProblems(markdown)));
        if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(markdown))
          problems.push('output carries terminal control characters');
      }
    } else problems.push('neither converted nor reported as failed');
    bucket.problems.push(...problems.map((problem) => `${page.rel}: ${problem}`));
  }

  // Nothing outside OUT changed, and nothing inside OUT is foreign or half-written.
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key));
  const outFiles = (await readdir(out, { recursive: true, withFileTypes: true }))
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(out, join(entry.parentPath, entry.name)));
  const expectedOut = new Set(planned.map((page) => page.outRel));
  const strays = outFiles.filter((name) => !expectedOut.has(name) && name !== '.declutter-manifest.json');

  const stats = /peak worker heap (\d+) MB, peak worker footprint (\d+) MB/.exec(run.stderr);
  const retired = /workers retired (\d+)/.exec(run.stderr)?.[1] ?? '?';
  const peakHeap = Number(stats?.[1] ?? NaN);
  const cap = DEFAULT_POOL_LIMITS.maxOldGenerationSizeMb;
  const summary = run.stderr.split('\n').find((line) => /converted, .* failed/.test(line)) ?? '(no summary line)';

  log('');
  log(`kind                   pages    ok  failed  problems  outcomes`);
  let problemsTotal = 0;
  for (const [kind, bucket] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    problemsTotal += bucket.problems.length;
    const errors = [...bucket.errors].map(([message, count]) => `${count}× ${message}`).join('; ');
    log(
      `${kind.padEnd(22)} ${String(bucket.total).padStart(5)} ${String(bucket.ok).padStart(5)} ${String(bucket.total - bucket.ok).padStart(7)} ${String(bucket.problems.length).padStart(9)}  ${errors}`,
    );
  }
  log('');
  log(`CLI summary: ${summary}`);
  log(
    `exit ${run.code}; ${planned.length} pages in ${run.seconds.toFixed(1)} s = ${(planned.length / run.seconds).toFixed(1)} pages/s (--jobs ${JOBS})`,
  );
  log(
    `process peak RSS ${run.peakRssMb.toFixed(0)} MB (VmHWM ${run.peakHwmMb.toFixed(0)} MB, main thread + ${JOBS} worker threads)`,
  );
  log(
    `per worker: peak heap ${stats?.[1] ?? '?'} MB, peak footprint ${stats?.[2] ?? '?'} MB (cap ${cap} MB), workers retired ${retired}`,
  );
  log(`files outside OUT changed: ${changed.length}; stray files in OUT: ${strays.length}`);

  const failures: string[] = [];
  for (const bucket of byKind.values()) failures.push(...bucket.problems);
  if (!(peakHeap <= cap))
    failures.push(`peak worker heap ${stats?.[1] ?? 'unknown'} MB is over the ${cap} MB cap (or was not reported)`);
  failures.push(...changed.map((name) => `changed outside OUT: ${name}`));
  failures.push(...strays.map((name) => `unexpected file in OUT: ${name}`));
  if (run.code !== 1) failures.push(`batch exit code ${run.code}, expected 1 (some hostile inputs fail)`);
  if (failures.length > 0) {
    log('');
    log(`FAIL: ${failures.length} problem(s) (${problemsTotal} page-level):`);
    for (const failure of failures.slice(0, 60)) log(`  ${failure}`);
    if (failures.length > 60) log(`  … and ${failures.length - 60} more`);
  } else log('\nPASS');

  await chmod(unreadable, 0o644).catch(() => undefined);
  if (!args.keep) await rm(root, { recursive: true, force: true });
  else log(`kept ${root}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
