// `npx tsx bench/bundle-ab.ts BUNDLE_A.cjs [BUNDLE_B.cjs …] [--limit N] [--rounds N]`: the batch worker's
// convertPage (file read, gunzip, declutter, render) from dist/ module by module and from each given converter
// bundle (dist/bundle/convert.cjs, or a copy of one built another way), on the AEB pages, interleaved; prints
// each one's CPU per page and its ratio to dist/, and counts the pages whose document differs from dist/'s.
//
// bench/ab.ts compares two source trees through tsx; this compares the build's artefacts, which is where
// a bundler option (esbuild's keepNames, BENCHMARKS.md, issue 15) shows. Each variant runs in its own
// child process; each page goes to every child in turn, the order rotating per page, so the machine's
// load hits all alike: read the ratios, not the CPU times.

import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Script } from 'node:vm';
import { wrapCommonJs } from '../src/bundle/load-bundle.js';
import type { PageResult, PageTask } from '../src/batch/task.js';
import { loadSet } from './bench-sets.js';
import { mean, median } from './stats.js';

type ConvertPage = (task: PageTask) => Promise<PageResult>;
interface PageReply {
  cpuMs: number;
  document: string;
}

const TASK_DEFAULTS = {
  options: {},
  render: { format: 'markdown', frontMatter: true, explain: false },
  maxDecompressedBytes: 64 * 2 ** 20,
} as const;

async function loadConvertPage(variant: string): Promise<ConvertPage> {
  if (variant === 'dist') {
    const module = (await import('../dist/batch/worker.js')) as { default: ConvertPage };
    return module.default;
  }
  const script = new Script(wrapCommonJs(readFileSync(variant, 'utf-8')), { filename: variant });
  const module = { exports: {} as { convertPage: ConvertPage } };
  (script.runInThisContext() as (this: unknown, ...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    createRequire(variant),
    module,
    variant,
    resolve(variant, '..'),
  );
  return module.exports.convertPage;
}

function runChild(variant: string): void {
  const ready = loadConvertPage(variant);
  process.on('message', (path: string) => {
    if (path === '') {
      process.disconnect();
      return;
    }
    void ready.then(async (convertPage) => {
      const start = process.cpuUsage();
      const result = await convertPage({ source: { kind: 'file', path }, label: path, ...TASK_DEFAULTS });
      const cpu = process.cpuUsage(start);
      const document = result.ok ? result.document : `error ${result.code}: ${result.message}`;
      process.send?.({ cpuMs: (cpu.user + cpu.system) / 1000, document } satisfies PageReply);
    });
  });
}

function ask(child: ChildProcess, path: string): Promise<PageReply> {
  return new Promise((resolveReply) => {
    child.once('message', (reply: PageReply) => resolveReply(reply));
    child.send(path);
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { limit: { type: 'string' }, rounds: { type: 'string', default: '1' } },
  });
  if (positionals.length === 0) {
    process.stderr.write('usage: npx tsx bench/bundle-ab.ts BUNDLE.cjs [BUNDLE.cjs …] [--limit N] [--rounds N]\n');
    process.exit(2);
  }
  const variants = ['dist', ...positionals.map((path) => resolve(path))];
  const pages = loadSet('aeb', { dataDir: undefined, limit: Number(values.limit ?? Infinity) }).pages;
  const self = fileURLToPath(import.meta.url);
  const children = variants.map((variant) =>
    fork(self, ['child', variant], {
      execArgv: ['--import', 'tsx/esm'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  const cpu = variants.map((): number[] => []);
  let differing = variants.map(() => 0);
  try {
    for (const page of pages.slice(0, 3)) for (const child of children) await ask(child, page.htmlPath);
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [index, page] of pages.entries()) {
        const replies: PageReply[] = [];
        for (let turn = 0; turn < children.length; turn++) {
          const which = (index + turn) % children.length;
          replies[which] = await ask(children[which] as ChildProcess, page.htmlPath);
        }
        const reference = replies[0]?.document;
        replies.forEach((reply, which) => cpu[which]?.push(reply.cpuMs));
        differing = differing.map((count, which) => count + (replies[which]?.document !== reference ? 1 : 0));
      }
    }
  } finally {
    for (const child of children) child.send('');
  }
  const base = mean(cpu[0] ?? []);
  const lines = variants.map((variant, which) => {
    const ms = cpu[which] ?? [];
    const name = variant === 'dist' ? 'dist/ (module by module)' : variant;
    return (
      `${name}: ${mean(ms).toFixed(1)} CPU ms/page mean, ${median(ms).toFixed(1)} median, ` +
      `${(mean(ms) / base).toFixed(3)}× dist/, ${differing[which]} page(s) differ from dist/`
    );
  });
  process.stdout.write(`${pages.length} AEB pages × ${values.rounds} round(s)\n${lines.join('\n')}\n`);
}

if (process.argv[2] === 'child' && process.argv[3] !== undefined) runChild(process.argv[3]);
else await main();
