// `--report DIR` in a batch: one report per page under DIR/pages/ (mirroring the inputs) and DIR/index.html, with
// the batch's own output-safety rules: planned before anything is written, atomic writes, never outside DIR, never
// over a file declutter did not write (DIR keeps its own manifest), never onto an input.

import { createHash } from 'node:crypto';
import { mkdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { InputEntry } from '../batch/discover.js';
import { readManifest, type Manifest } from '../batch/manifest.js';
import { planOutputs, type PlannedPage, type PlanProblem } from '../batch/plan.js';
import { createManifestSaver, writeOutput } from '../batch/run-batch.js';
import type { PageSuccess } from '../batch/task.js';
import { buildBatchIndex, type FailedPage, type ReportedPage } from '../report/batch-index.js';
import type { OutputFormat } from '../types.js';

export const REPORT_INDEX = 'index.html';
/** Page reports live below this folder, so no input (an `index.html`, say) can land on the index. */
export const REPORT_PAGES = 'pages';

export interface BatchReports {
  /** Writes one converted page's report (called after its output is written). */
  writePage: (page: PlannedPage, result: PageSuccess) => Promise<void>;
  /** Writes the index of every report written, listing the failed inputs too, and saves the manifest. */
  finish: (failed: readonly FailedPage[]) => Promise<void>;
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
  options: { reportDir: string; format: OutputFormat; force: boolean },
): Promise<{ reports: BatchReports | undefined; problems: PlanProblem[] }> {
  const manifest: Manifest = await readManifest(options.reportDir);
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
    manifest,
    force: options.force,
    extension: '.html',
  });
  if (plan.problems.length > 0) return { reports: undefined, problems: plan.problems };
  const reportFor = new Map<PlannedPage, PlannedPage>();
  let indexPlan: PlannedPage | undefined;
  for (const planned of plan.pages) {
    const page = forPage.get(planned.entry);
    if (page) reportFor.set(page, planned);
    else if (planned.entry === indexEntry) indexPlan = planned;
  }
  if (!indexPlan) return { reports: undefined, problems: [{ outRel: REPORT_INDEX, message: 'cannot be planned' }] };
  const index = indexPlan;

  const realDir = await mkdir(options.reportDir, { recursive: true }).then(() => realpath(options.reportDir));
  const saver = createManifestSaver(options.reportDir, manifest);
  const written: ReportedPage[] = [];
  const record = (planned: PlannedPage, input: string, html: string, inputSha256: string): void => {
    manifest.files[planned.outRel] = { sha256: sha256(html), input, inputSha256, optionsKey: '' };
    saver.saveSoon();
  };

  return {
    problems: [],
    reports: {
      async writePage(page, result) {
        const planned = reportFor.get(page);
        if (!planned || result.report === undefined) return;
        const input = page.entry.kind === 'file' ? page.entry.path : page.entry.url;
        await writeOutput(planned.outPath, result.report, realDir).catch((error: unknown) => {
          throw new Error(`report ${planned.outPath}: ${error instanceof Error ? error.message : String(error)}`);
        });
        record(planned, input, result.report, result.inputSha256);
        written.push({ href: hrefOf(planned.outRel), input, title: result.title ?? undefined, trace: result.trace });
      },
      async finish(failed) {
        // Sorted like the inputs, whatever order the pool finished them in.
        written.sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0));
        const html = buildBatchIndex({ pages: written, failed });
        await writeOutput(index.outPath, html, realDir);
        record(index, REPORT_INDEX, html, '');
        await saver.flush();
      },
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
