// CLI start-up: declutter's bin vs the naive script on one small page, plus the costs behind them: the
// bundle alone, the CLI without its bundle, and importing each heavy module on its own.
//
// Each command runs under `bash -c '…; times'`: bash's `times` reports the CPU its children used,
// so we get the child's user+system time without touching the child (Node has no RUSAGE_CHILDREN).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { median } from './stats.js';

export interface CommandTiming {
  label: string;
  command: string;
  cpuMs: number;
  wallMs: number;
  runs: number;
  failed: string | undefined;
}

export interface StartupReport {
  page: string;
  declutter: CommandTiming;
  naive: CommandTiming;
  /** What start-up is made of: bare node, and importing each heavy module on its own. */
  imports: CommandTiming[];
}

export const SMALL_PAGE = 'fixtures/core/article/simple-page/source.html';

/** Writes the naive CLI (and the module it imports) as plain ESM under .bench-cache/. */
export function buildNaiveCli(repoRoot: string): string {
  return transpileBenchScripts(repoRoot, ['naive-pipeline', 'naive-cli']);
}

/**
 * Writes bench scripts as plain ESM under .bench-cache/ (one level below the repo root, as bench/ is, so their
 * relative imports still resolve) and returns the path of the last one: timed processes then run compiled
 * JavaScript, with no TypeScript loader of their own to start.
 */
export function transpileBenchScripts(repoRoot: string, names: readonly string[]): string {
  const outDir = join(repoRoot, '.bench-cache');
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    const source = readFileSync(join(repoRoot, 'bench', `${name}.ts`), 'utf-8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(outDir, `${name}.js`), outputText);
  }
  return join(outDir, `${names.at(-1) ?? ''}.js`);
}

export function measureStartup({ repoRoot, runs }: { repoRoot: string; runs: number }): StartupReport {
  const naiveCli = relative(repoRoot, buildNaiveCli(repoRoot));
  const esm = (code: string): string[] => ['node', '--input-type=module', '-e', code];
  const commands: { label: string; argv: string[] }[] = [
    { label: 'declutter CLI', argv: ['node', 'bin/declutter.js', SMALL_PAGE] },
    { label: 'naive CLI', argv: ['node', naiveCli, SMALL_PAGE] },
    { label: 'node, nothing loaded', argv: ['node', '-e', '0'] },
    // The bundle with its code cache, read and run, but no page converted (so jsdom is never initialised).
    { label: 'declutter --version (bundle loaded)', argv: ['node', 'bin/declutter.js', '--version'] },
    {
      label: 'declutter CLI, unbundled (DECLUTTER_NO_BUNDLE=1)',
      argv: ['env', 'DECLUTTER_NO_BUNDLE=1', 'node', 'bin/declutter.js', SMALL_PAGE],
    },
    { label: "import('jsdom')", argv: esm("await import('jsdom')") },
    {
      label: 'import Readability + turndown',
      argv: esm("await import('@mozilla/readability'); await import('turndown')"),
    },
    { label: 'import unified + rehype-remark + remark-gfm', argv: esm(UNIFIED_IMPORT) },
    { label: "import declutter's library (dist/index.js)", argv: esm("await import('./dist/index.js')") },
    { label: "import declutter's CLI (dist/cli/main.js)", argv: esm("await import('./dist/cli/main.js')") },
  ];
  const samples = commands.map(() => ({
    cpu: [] as number[],
    wall: [] as number[],
    failed: undefined as string | undefined,
  }));
  // Interleaved rounds, so a burst of load from other users hits every command alike.
  for (let round = 0; round < runs; round += 1) {
    for (const [index, { argv }] of commands.entries()) {
      const sample = samples[index];
      if (sample === undefined) continue;
      const timing = timeCommand(argv, repoRoot);
      sample.cpu.push(timing.cpuMs);
      sample.wall.push(timing.wallMs);
      sample.failed ??= timing.failed;
    }
  }
  const timings = commands.map(({ label, argv }, index): CommandTiming => {
    const sample = samples[index];
    return {
      label,
      command: argv.join(' '),
      cpuMs: median(sample?.cpu ?? []),
      wallMs: median(sample?.wall ?? []),
      runs,
      failed: sample?.failed,
    };
  });
  const [declutter, naive, ...imports] = timings;
  if (declutter === undefined || naive === undefined) throw new Error('start-up commands missing');
  return { page: SMALL_PAGE, declutter, naive, imports };
}

const UNIFIED_IMPORT = [
  "await import('unified')",
  "await import('rehype-remark')",
  "await import('remark-gfm')",
  "await import('remark-stringify')",
].join('; ');

function timeCommand(
  argv: readonly string[],
  cwd: string,
): { cpuMs: number; wallMs: number; failed: string | undefined } {
  const script = '"$@" >/dev/null 2>/dev/null; status=$?; times; echo "status=$status"';
  const start = performance.now();
  const child = spawnSync('bash', ['-c', script, 'bash', ...argv], { cwd, encoding: 'utf-8' });
  const wallMs = performance.now() - start;
  const clock = [...child.stdout.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  // `times` prints the shell's user/sys, then its children's user/sys.
  const cpuMs = (clock[2] ?? Number.NaN) + (clock[3] ?? Number.NaN);
  const status = /status=(\d+)/.exec(child.stdout)?.[1];
  const failed = status === '0' ? undefined : `exit status ${status ?? 'unknown'}`;
  return { cpuMs, wallMs, failed };
}
