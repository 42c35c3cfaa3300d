// `--report DIR` in a batch: one report per page under DIR/pages/ (mirroring the inputs) and DIR/index.html, with
// the batch's own output-safety rules: DIR is an output directory like OUT (locked, journalled, recovered after a
// crash, with its own manifest), planned before anything is written, never written outside of, never over a file
// declutter did not write, never onto an input.

import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { toDeclutterError, UsageError } from '../errors.js';
import type { InputEntry } from '../batch/discover.js';
import { openOutputDir } from '../batch/output-dir.js';
import type { ProcessProbe } from '../batch/output-lock.js';
import { planOutputs, type PlannedPage, type PlanProblem } from '../batch/plan.js';
import type { PageSuccess } from '../batch/task.js';
import { describeStop } from '../batch/write-errors.js';
import { buildBatchIndex, type FailedPage, type ReportedPage } from '../report/batch-index.js';
import type { OutputFormat } from '../types.js';

export const REPORT_INDEX = 'index.html';
/** Page reports live below this folder, so no input (an `index.html`, say) can land on the index. */
export const REPORT_PAGES = 'pages';

export interface BatchReports {
  /** Writes one converted page's report (called after its output is written). */
  writePage: (page: PlannedPage, result: PageSuccess) => Promise<void>;
  /** Writes the index of every report written, listing the failed inputs too, and closes DIR (its manifest saved). */
  finish: (failed: readonly FailedPage[]) => Promise<void>;
  /** Closes DIR without writing (the batch stopped before it began). */
  abandon: () => Promise<void>;
}

/** True when `inner` is `outer` or lies inside it. */
function isWithin(inner: string, outer: string): boolean {
  const path = relative(outer, inner);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/** Refuses a report directory that is the output directory, or inside it, or holds it. */
export async function checkReportDir(reportDir: string, outDir: string, cwd: string): Promise<void> {
  const reports = await realpath(resolve(cwd, reportDir)).catch(() => resolve(cwd, reportDir));
  const out = await realpath(resolve(cwd, outDir)).catch(() => resolve(cwd, outDir));
  if (isWithin(reports, out) || isWithin(out, reports)) {
    throw new UsageError(
      `--report ${reportDir} and -o ${outDir} must be separate directories, neither inside the other`,
    );
  }
  const info = await stat(reports).catch(() => undefined);
  if (info !== undefined && !info.isDirectory())
    throw new UsageError(`--report ${reportDir}: exists and is not a directory`);
}

/** Inputs found inside the report directory are earlier reports, not pages: they are left out. */
export async function withoutReports(
  entries: readonly InputEntry[],
  reportDir: string,
  cwd: string,
): Promise<InputEntry[]> {
  const reports = await realpath(resolve(cwd, reportDir)).catch(() => undefined);
  if (reports === undefined) return [...entries];
  const kept: InputEntry[] = [];
  for (const entry of entries) {
    if (entry.kind === 'file') {
      const real = await realpath(resolve(cwd, entry.path)).catch(() => resolve(cwd, entry.path));
      if (isWithin(real, reports)) continue;
    }
    kept.push(entry);
  }
  return kept;
}

/**
 * Plans every report path (and the index) the way outputs are planned, against the report directory's own manifest;
 * problems stop the batch before anything is written, as output problems do.
 */
export async function planBatchReports(
  pages: readonly PlannedPage[],
  options: { reportDir: string; format: OutputFormat; force: boolean; probe: ProcessProbe },
): Promise<{ reports: BatchReports | undefined; problems: PlanProblem[]; notes: string[] }> {
  const output = await openOutputDir({ outDir: options.reportDir, probe: options.probe, pageCount: pages.length + 1 });
  const forPage = new Map<InputEntry, PlannedPage>();
  const entries: InputEntry[] = pages.map((page) => {
    const entry = { ...page.entry, rel: `${REPORT_PAGES}/${page.entry.rel}` };
    forPage.set(entry, page);
    return entry;
  });
  // The index is planned as one more file, so the same checks guard it (not a symlink, not someone else's file).
  const indexEntry: InputEntry = { kind: 'url', url: REPORT_INDEX, rel: REPORT_INDEX };
  const plan = await planOutputs([...entries, indexEntry], {
    outDir: options.reportDir,
    format: options.format,
    manifest: output.manifest,
    force: options.force,
    extension: '.html',
  });
  const reportFor = new Map<PlannedPage, PlannedPage>();
  let indexPlan: PlannedPage | undefined;
  for (const planned of plan.pages) {
    const page = forPage.get(planned.entry);
    if (page) reportFor.set(page, planned);
    else if (planned.entry === indexEntry) indexPlan = planned;
  }
  const problems =
    plan.problems.length > 0 || indexPlan !== undefined
      ? plan.problems
      : [{ outRel: REPORT_INDEX, message: 'cannot be planned' }];
  if (problems.length > 0 || indexPlan === undefined) {
    await output.abandon();
    return { reports: undefined, problems, notes: output.notes };
  }
  const index = indexPlan;

  const written: ReportedPage[] = [];
  const write = (planned: PlannedPage, input: string, html: string, inputSha256: string): Promise<void> =>
    output.writePage(planned, html, { sha256: sha256(html), input, inputSha256, optionsKey: '' });

  return {
    problems: [],
    notes: output.notes,
    reports: {
      async writePage(page, result) {
        const planned = reportFor.get(page);
        if (!planned || result.report === undefined) return;
        const input = page.entry.kind === 'file' ? page.entry.path : page.entry.url;
        await write(planned, input, result.report, result.inputSha256);
        written.push({ href: hrefOf(planned.outRel), input, title: result.title ?? undefined, trace: result.trace });
      },
      async finish(failed) {
        // Sorted like the inputs, whatever order the pool finished them in.
        written.sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0));
        // DIR is closed (lock released, manifest saved) even when the index could not be written.
        let indexError: Error | undefined;
        try {
          await write(index, REPORT_INDEX, buildBatchIndex({ pages: written, failed }), '');
        } catch (error) {
          indexError = toDeclutterError(error);
        }
        const stopped = await output.finish();
        if (indexError !== undefined) throw indexError;
        if (stopped !== undefined) throw new Error(describeStop(stopped));
      },
      abandon: () => output.abandon(),
    },
  };
}

/** A relative link to a report: each path segment percent-encoded (no segment can become a scheme or a query). */
function hrefOf(outRel: string): string {
  return outRel.split('/').map(encodeURIComponent).join('/');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf-8').digest('hex');
}
