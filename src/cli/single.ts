// One input (a file, stdin or a URL) to stdout or to one file written atomically.

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeFsError, InputError, UsageError } from '../errors.js';
import { declutter, renderResult } from '../index.js';
import { isUrl } from '../batch/discover.js';
import { inflateIfGzip, isGzipPath, readPageFile } from '../input/read-page.js';
import { DEFAULT_USER_AGENT, fetchPage, type FetchedPage } from '../fetch/fetch-page.js';
import { followPages } from '../fetch/follow-pages.js';
import { convertArticlePage } from '../pages/article-pages.js';
import type { DeclutterResult } from '../types.js';
import type { RuleSet } from '../rules/rule-types.js';
import type { ChalkInstance } from 'chalk';
import { aboutInput, EXIT_OK, EXIT_USAGE, oneLine, reportError, stripControl } from './errors-to-exit.js';
import { toDeclutterOptions, toRenderOptions, withFetchedPage } from './page-options.js';
import type { ProgramOptions } from './program.js';
import { readFileBytes, readStreamBytes } from './read-input.js';
import { runWithTimeout } from './run-with-timeout.js';
import type { CliStreams } from './streams.js';
import { writeFileAtomic, writeToStream } from './write-output.js';
import { checkReportPath, writePageReport } from './report-output.js';

export interface SingleRun {
  input: string | undefined;
  options: ProgramOptions;
  userRules: readonly RuleSet[];
  streams: CliStreams;
  colour: ChalkInstance;
}

export async function runSingle({ input, options, userRules, streams, colour }: SingleRun): Promise<number> {
  const fromStdin = input === undefined || input === '-';
  const label = fromStdin ? 'stdin' : input;
  if (fromStdin && streams.stdin.isTTY) {
    streams.stderr.write(`Usage: declutter [options] [input]\nTry 'declutter --help'.\n`);
    return EXIT_USAGE;
  }
  // No Ctrl-C handler here: the conversion is synchronous, and a handler would only delay the default
  // exit until it ends. -o is written atomically, so an interrupted run leaves no half-written file.
  try {
    let libraryOptions = toDeclutterOptions(options, userRules);
    let bytes: Uint8Array;
    let fetchedPage: FetchedPage | undefined;
    const fetchOptions = {
      timeoutMs: options.timeout * 1000,
      maxBytes: options.maxBytes,
      maxRedirects: options.maxRedirects,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    };
    if (fromStdin) {
      // `curl -s …/a.html.gz | declutter`: gzip is recognised by its signature and inflated under the cap.
      bytes = inflateIfGzip(await readStreamBytes(streams.stdin, options.maxBytes), {
        label: 'stdin',
        maxDecompressedBytes: options.maxBytes,
      });
    } else if (isUrl(input)) {
      const fetched = await fetchPage(input, fetchOptions);
      fetchedPage = fetched;
      bytes = fetched.bytes;
      libraryOptions = withFetchedPage(libraryOptions, fetched);
    } else if (isGzipPath(input)) {
      // Saved pages are often gzipped (.html.gz): decompressed while streaming, the cap on the output.
      bytes = (await readPageFile(input, { maxBytes: options.maxBytes, maxDecompressedBytes: options.maxBytes })).bytes;
    } else {
      bytes = await readFileBytes(input, options.maxBytes);
    }
    // A pipe that brought nothing (a failed download upstream) is its own failure, not "no article content found".
    if (fromStdin && isBlank(bytes)) throw new InputError('stdin is empty');
    if (options.output !== undefined && !fromStdin && !isUrl(input))
      await refuseWritingOntoInput(input, options.output);
    if (options.report !== undefined) {
      await checkReportPath(options.report, {
        input: fromStdin || isUrl(input) ? undefined : input,
        output: options.output,
      });
    }
    // The conversion runs on this thread under a vm timeout, which really stops it at --timeout (V8
    // terminates the running code). A worker thread gave the same guarantee, but starting it and loading
    // the library again inside it cost more CPU than the page (BENCHMARKS.md, start-up).
    const render = toRenderOptions(options);
    const timeoutMs = options.timeout * 1000;
    let result: DeclutterResult;
    if (fetchedPage !== undefined && options.followPages !== undefined && !fromStdin) {
      // Each further page: fetched with the first page's limits, converted under its own --timeout.
      // A further page is selected and resolved by its own URL, not by --url (which names the first page).
      const forFurtherPages = { ...toDeclutterOptions(options, userRules) };
      delete forFurtherPages.url;
      const first = runWithTimeout(() => convertArticlePage(bytes, libraryOptions), timeoutMs);
      result = await followPages(
        { requested: input, fetched: fetchedPage, page: first },
        {
          maxPages: options.followPages,
          fetchPage: (url, refuseUrl) => fetchPage(url, { ...fetchOptions, refuseUrl, htmlOnly: true }),
          convert: (page) =>
            runWithTimeout(() => convertArticlePage(page.bytes, withFetchedPage(forFurtherPages, page)), timeoutMs),
          titleHeading: options.title,
        },
      );
    } else {
      result = runWithTimeout(() => declutter(bytes, libraryOptions), timeoutMs);
      if (options.followPages !== undefined && result.pageLinks !== undefined) noteLinksNotFollowed(result);
    }
    const document = runWithTimeout(() => renderResult(result, render), timeoutMs);
    for (const warning of result.warnings) {
      streams.stderr.write(
        `${colour.yellow('declutter: warning:')} ${stripControl(label)}: ${stripControl(warning)}\n`,
      );
    }
    if (options.explain && options.format !== 'json') {
      for (const entry of result.trace) {
        streams.stderr.write(
          `${colour.dim(`[${entry.phase}]`)} ${colour.cyan(entry.ruleId)} ${entry.action}${entry.selector ? ` ${entry.selector}` : ''}: ${stripControl(entry.preview)}\n`,
        );
      }
    }
    if (options.output !== undefined) {
      const output = options.output;
      await writeFileAtomic(output, document).catch((error: unknown) => {
        throw new InputError(`${output}: ${describeFsError(error)}`, { cause: error });
      });
    } else await writeToStream(streams.stdout, document);
    if (options.report !== undefined && result.report !== undefined)
      await writePageReport(options.report, result.report);
    return EXIT_OK;
  } catch (error) {
    const report = reportError(error);
    streams.stderr.write(`${colour.red('declutter:')} ${oneLine(aboutInput(label, report.message))}\n`);
    return report.exitCode;
  }
}

/** A file or stdin has no address to fetch its further pages from: said once, in the trace (--explain). */
function noteLinksNotFollowed(result: DeclutterResult): void {
  const links = result.pageLinks;
  if (links === undefined) return;
  result.trace.push({
    ruleId: `site/${links.site}/${links.nextPage !== undefined ? 'next_page_link' : 'single_page_link'}`,
    phase: 'pre',
    action: 'not-followed',
    preview: '--follow-pages follows page links for URL inputs only; this input is a file or stdin',
  });
}

async function refuseWritingOntoInput(input: string, output: string): Promise<void> {
  const [inputInfo, outputInfo] = await Promise.all([
    stat(input).catch(() => undefined),
    stat(output).catch(() => undefined),
  ]);
  const same =
    resolve(input) === resolve(output) ||
    (inputInfo !== undefined &&
      outputInfo !== undefined &&
      inputInfo.dev === outputInfo.dev &&
      inputInfo.ino === outputInfo.ino);
  if (same) throw new UsageError(`-o ${output} is the input itself; refusing to overwrite it`);
  if (outputInfo?.isDirectory()) throw new InputError(`${output}: is a directory`);
}

/** No bytes, or only ASCII whitespace. */
function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09);
}
