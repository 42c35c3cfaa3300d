// `--report`: where a report may be written, and writing it (one page: a file; a batch: see batch-report.ts).

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeFsError, InputError, UsageError } from '../errors.js';
import type { ProgramOptions } from './program.js';
import { writeFileAtomic } from './write-output.js';

/** The option combinations --report cannot serve, refused before any work. */
export function checkReportOptions(options: ProgramOptions, mode: 'single' | 'batch' | 'stream'): void {
  if (options.reportImages === true && options.report === undefined) {
    throw new UsageError('--report-images only makes sense with --report PATH');
  }
  if (options.report === undefined) return;
  if (options.report.trim() === '') throw new UsageError('--report needs a path');
  if (mode === 'stream') {
    throw new UsageError(
      '--report writes files beside pages on disk or URLs; it cannot follow a --jsonl or --warc stream',
    );
  }
  if (mode === 'batch' && options.skipUnchanged === true) {
    // The index counts every page's removals; a skipped page's trace is not at hand.
    throw new UsageError('--report and --skip-unchanged cannot be combined: the index needs every page converted');
  }
}

/**
 * Refuses a report path that is the input itself, the Markdown output or a directory; checked before converting.
 * `input` is undefined for stdin and URLs.
 */
export async function checkReportPath(
  path: string,
  { input, output }: { input: string | undefined; output: string | undefined },
): Promise<void> {
  const target = resolve(path);
  const [targetInfo, inputInfo, outputInfo] = await Promise.all([
    stat(target).catch(() => undefined),
    input !== undefined ? stat(resolve(input)).catch(() => undefined) : undefined,
    output !== undefined ? stat(resolve(output)).catch(() => undefined) : undefined,
  ]);
  const same = (info: Awaited<typeof targetInfo>, other: string | undefined): boolean =>
    other !== undefined &&
    (resolve(other) === target ||
      (info !== undefined && targetInfo !== undefined && info.dev === targetInfo.dev && info.ino === targetInfo.ino));
  if (same(inputInfo, input)) throw new UsageError(`--report ${path} is the input itself; refusing to overwrite it`);
  if (same(outputInfo, output)) throw new UsageError(`--report ${path} is also the -o output; choose another file`);
  if (targetInfo?.isDirectory() === true || /[/\\]$/.test(path)) {
    throw new UsageError(`--report ${path}: for one page the report is a file (a directory is for batches: -o OUT/)`);
  }
}

/** Writes one page's report atomically (a temporary file renamed into place). */
export async function writePageReport(path: string, html: string): Promise<void> {
  await writeFileAtomic(resolve(path), html).catch((error: unknown) => {
    throw new InputError(`${path}: ${describeFsError(error)}`, { cause: error });
  });
}
