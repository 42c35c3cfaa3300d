// Many inputs into an output directory: discover, plan (refusing unsafe plans), convert in a pool, summarise.

import type { ChalkInstance } from 'chalk';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeFsError, UsageError } from '../errors.js';
import { discoverInputs, type InputEntry } from '../batch/discover.js';
import { BUILT_IN_RULES_DIR, computeOptionsKey } from '../batch/options-key.js';
import { openOutputDir } from '../batch/output-dir.js';
import { planOutputs } from '../batch/plan.js';
import { createPagePool, DEFAULT_POOL_LIMITS } from '../batch/pool.js';
import { createProgress, formatDuration } from '../batch/progress.js';
import { runBatch, type PageEvent } from '../batch/run-batch.js';
import { describeStop } from '../batch/write-errors.js';
import type { PageTask } from '../batch/task.js';
import { DEFAULT_USER_AGENT, fetchPage } from '../fetch/fetch-page.js';
import type { RuleSet } from '../rules/rule-types.js';
import { checkReportDir, planBatchReports, withoutReports } from './batch-report.js';
import { aboutInput, EXIT_INPUT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, oneLine } from './errors-to-exit.js';
import { toDeclutterOptions, toRenderOptions, withFetchedPage } from './page-options.js';
import { createProcessProbe } from './process-probe.js';
import { defaultJobs, readVersion, type ProgramOptions } from './program.js';
import type { CliStreams } from './streams.js';

export interface BatchRun {
  inputs: readonly string[];
  options: ProgramOptions;
  userRules: readonly RuleSet[];
  streams: CliStreams;
  colour: ChalkInstance;
}

const MAX_PROBLEMS_SHOWN = 20;

export async function runBatchCommand({ inputs, options, userRules, streams, colour }: BatchRun): Promise<number> {
  const { stderr } = streams;
  const say = (line: string): void => void stderr.write(`${line}\n`);
  const sayFailures = (failures: readonly { input: string; message: string }[]): void => {
    for (const failure of failures)
      say(`${colour.red('declutter:')} ${oneLine(aboutInput(failure.input, failure.message))}`);
  };
  const outDir = options.output;
  if (outDir === undefined) {
    throw new UsageError('several inputs, a directory, a glob or --from-list need an output directory: -o OUT/');
  }
  if (options.url !== undefined) throw new UsageError('--url names one page; it cannot apply to a batch');
  if (inputs.includes('-')) throw new UsageError('"-" (stdin) cannot be part of a batch; use --jsonl for streams');
  const outInfo = await stat(outDir).catch(() => undefined);
  if (outInfo !== undefined && !outInfo.isDirectory())
    throw new UsageError(`-o ${outDir}: exists and is not a directory`);

  const cwd = streams.cwd ?? resolve('.');
  const reportDir = options.report !== undefined ? resolve(cwd, options.report) : undefined;
  if (options.report !== undefined) await checkReportDir(options.report, outDir, cwd);
  const discovered = await discoverInputs(inputs, { cwd, outDir });
  if (reportDir !== undefined) discovered.entries = await withoutReports(discovered.entries, reportDir, cwd);
  const failures = discovered.failures.map((failure) => ({ input: failure.input, message: failure.message }));
  if (inputs.length === 0 && options.fromList !== undefined) {
    failures.push({ input: `--from-list ${options.fromList}`, message: 'lists no paths or URLs' });
  }
  if (discovered.entries.length === 0) {
    // Nothing to convert: say what was searched, and leave no trace (not even an empty OUT).
    sayFailures(failures);
    say(`declutter: no pages to convert; nothing written`);
    return EXIT_INPUT_FAILED;
  }
  // Locks OUT and, after a crash, recovers it: the plan then knows every file declutter wrote there.
  const output = await openOutputDir({ outDir, probe: createProcessProbe(), pageCount: discovered.entries.length });
  if (options.quiet !== true) for (const note of output.notes) say(`declutter: ${oneLine(note)}`);
  const plan = await planOutputs(discovered.entries, {
    outDir,
    format: options.format,
    manifest: output.manifest,
    force: options.force ?? false,
    // JSON output carries its trace inside; Markdown and text get a trace file beside each output.
    explain: options.explain === true && options.format !== 'json',
  });
  if (plan.problems.length > 0) {
    for (const problem of plan.problems.slice(0, MAX_PROBLEMS_SHOWN)) {
      say(
        `${colour.red('declutter:')} ${oneLine(`${outDir.replace(/\/+$/, '')}/${problem.outRel}: ${problem.message}`)}`,
      );
    }
    if (plan.problems.length > MAX_PROBLEMS_SHOWN)
      say(`declutter: … and ${plan.problems.length - MAX_PROBLEMS_SHOWN} more`);
    say(`declutter: nothing written: ${plan.problems.length} output path(s) are unsafe`);
    await output.abandon();
    return EXIT_USAGE;
  }
  const reportPlan =
    reportDir !== undefined
      ? await planBatchReports(plan.pages, {
          reportDir,
          format: options.format,
          force: options.force ?? false,
          probe: createProcessProbe(),
        })
      : undefined;
  if (options.quiet !== true) for (const note of reportPlan?.notes ?? []) say(`declutter: ${oneLine(note)}`);
  if (reportPlan !== undefined && reportPlan.problems.length > 0) {
    const where = (options.report ?? '').replace(/\/+$/, '');
    for (const problem of reportPlan.problems.slice(0, MAX_PROBLEMS_SHOWN)) {
      say(`${colour.red('declutter:')} ${oneLine(`${where}/${problem.outRel}: ${problem.message}`)}`);
    }
    say(`declutter: nothing written: ${reportPlan.problems.length} report path(s) are unsafe`);
    await output.abandon();
    return EXIT_USAGE;
  }

  const baseOptions = toDeclutterOptions(options, userRules);
  const render = toRenderOptions(options);
  const optionsKey = await computeOptionsKey({
    version: readVersion(),
    rulesDir: BUILT_IN_RULES_DIR,
    options: baseOptions,
    render,
  });
  const jobs = options.jobs ?? defaultJobs();
  // Workers load the converter from its bundle while it is current and DECLUTTER_NO_BUNDLE does not say no
  // (src/bundle/load-bundle.ts): ≈ 0.9 s of CPU sooner each than dist/ module by module, and as fast per page
  // (BENCHMARKS.md, 2026-12-06, issue 15).
  const pool = createPagePool({ jobs, ...DEFAULT_POOL_LIMITS, bundle: true });
  const signal = streams.watchInterrupt?.() ?? new AbortController().signal;
  const total = plan.pages.length;
  const progress = createProgress({
    stream: stderr,
    enabled: stderr.isTTY === true && options.quiet !== true && options.verbose !== true,
    paint: { failed: colour.red, dim: colour.dim },
  });
  const state = { done: 0, failed: 0, skipped: 0, total };
  let warned = 0;
  const started = performance.now();

  const onPage = (event: PageEvent): void => {
    state.done += 1;
    if (event.status === 'failed') state.failed += 1;
    if (event.status === 'skipped') state.skipped += 1;
    const warnings = event.warnings ?? [];
    if (warnings.length > 0) warned += 1;
    if (options.verbose === true) say(describeEvent(event, colour));
    else if (warnings.length > 0) {
      // A page that converted with a warning (a garbled charset, bytes replaced) is worth a line, as in single-page
      // mode; the progress line is cleared first and redrawn below it.
      progress.finish();
      const source = oneLine(entryPath(event.page.entry));
      for (const warning of warnings) say(`${colour.yellow('declutter: warning:')} ${source}: ${oneLine(warning)}`);
    }
    progress.update(state);
  };

  let outcome;
  try {
    outcome = await runBatch({
      output,
      pages: plan.pages,
      pool,
      // Enough pages in flight to keep every worker busy while others read, fetch or write.
      concurrency: jobs * 2,
      timeoutMs: options.timeout * 1000,
      buildTask: (page, fetched): PageTask => ({
        source:
          fetched !== undefined
            ? { kind: 'bytes', bytes: fetched.bytes }
            : { kind: 'file', path: entryPath(page.entry) },
        label: entryPath(page.entry),
        options: fetched !== undefined ? withFetchedPage(baseOptions, fetched) : baseOptions,
        render,
        maxDecompressedBytes: options.maxBytes,
      }),
      fetchPage: (url, fetchSignal) =>
        fetchPage(url, {
          timeoutMs: options.timeout * 1000,
          maxBytes: options.maxBytes,
          maxRedirects: options.maxRedirects,
          userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
          signal: fetchSignal,
        }),
      skipUnchanged: options.skipUnchanged ?? false,
      optionsKey,
      signal,
      onPage,
      ...(reportPlan?.reports !== undefined ? { afterWrite: reportPlan.reports.writePage } : {}),
    });
  } finally {
    progress.finish();
    await pool.destroy();
  }

  failures.push(...outcome.failures);
  if (reportPlan?.reports !== undefined) {
    await reportPlan.reports.finish(failures).catch((error: unknown) => {
      failures.push({ input: `${options.report ?? ''}/index.html`, message: describeFsError(error) });
    });
  }
  sayFailures(failures);
  if (outcome.stopped !== undefined) say(`${colour.red('declutter:')} ${oneLine(describeStop(outcome.stopped))}`);
  const seconds = (performance.now() - started) / 1000;
  if (options.quiet !== true) {
    const parts = [`${outcome.converted} converted`];
    if (outcome.skipped > 0) parts.push(`${outcome.skipped} unchanged`);
    if (warned > 0) parts.push(colour.yellow(`${warned} with warnings`));
    parts.push(failures.length > 0 ? colour.red(`${failures.length} failed`) : '0 failed');
    if (outcome.interrupted) parts.push(colour.yellow(`${total - state.done} not started (interrupted)`));
    else if (outcome.stopped?.notWritten) parts.push(colour.red(`${outcome.stopped.notWritten} not written`));
    const rate = seconds > 0 ? (outcome.converted / seconds).toFixed(1) : '0';
    say(`declutter: ${parts.join(', ')} in ${formatDuration(seconds)} (${rate} pages/s) → ${oneLine(outDir)}`);
    if (options.verbose === true) {
      const stats = pool.stats();
      say(
        `declutter: jobs ${jobs}, workers retired ${stats.workersRetired}, peak worker heap ${stats.peakWorkerHeapMb.toFixed(0)} MB, peak worker footprint ${stats.peakWorkerFootprintMb.toFixed(0)} MB`,
      );
    }
  }
  if (outcome.interrupted) return EXIT_INTERRUPTED;
  return failures.length > 0 || outcome.stopped !== undefined ? EXIT_INPUT_FAILED : EXIT_OK;
}

function entryPath(entry: InputEntry): string {
  return entry.kind === 'file' ? entry.path : entry.url;
}

function describeEvent(event: PageEvent, colour: ChalkInstance): string {
  const source = oneLine(entryPath(event.page.entry));
  const ms = `${event.ms.toFixed(0)} ms`;
  switch (event.status) {
    case 'converted': {
      const warnings = (event.warnings ?? []).map((warning) => `\n  ${colour.yellow('warning:')} ${oneLine(warning)}`);
      return `${colour.green('ok')} ${source} → ${oneLine(event.page.outRel)} (${ms})${warnings.join('')}`;
    }
    case 'skipped':
      return `${colour.dim('unchanged')} ${source}`;
    case 'failed':
      return `${colour.red('failed')} ${oneLine(aboutInput(entryPath(event.page.entry), event.message ?? ''))}`;
  }
}
