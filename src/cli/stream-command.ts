// Stream mode for cluster engines: JSONL or WARC in, one JSON line per record out, in input order.
// Failed records are output records too (status "error"), so the exit code is 0 unless the stream itself
// could not be read; Hadoop/Spark/parallel would otherwise retry or drop a whole split for one bad page.

import type { ChalkInstance } from 'chalk';
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.js';
import { createPagePool, DEFAULT_POOL_LIMITS, InterruptedError } from '../batch/pool.js';
import { splitLines, type Line } from '../streaming/lines.js';
import { mapOrdered } from '../streaming/ordered.js';
import { errorRecord, isBlankLine, parseJsonlLine, type OutputRecord, type StreamItem } from '../streaming/records.js';
import { readWarcResponses } from '../streaming/warc.js';
import type { RuleSet } from '../rules/rule-types.js';
import { EXIT_INPUT_FAILED, EXIT_INTERRUPTED, EXIT_OK, oneLine } from './errors-to-exit.js';
import { toDeclutterOptions } from './page-options.js';
import { defaultJobs, type ProgramOptions } from './program.js';
import type { CliStreams } from './streams.js';
import { writeToStream } from './write-output.js';

export interface StreamRun {
  options: ProgramOptions;
  userRules: readonly RuleSet[];
  streams: CliStreams;
  colour: ChalkInstance;
}

export async function runStreamCommand({ options, userRules, streams, colour }: StreamRun): Promise<number> {
  const jobs = options.jobs ?? defaultJobs();
  const baseOptions = toDeclutterOptions(options, userRules);
  const signal = streams.watchInterrupt?.() ?? new AbortController().signal;
  const items = openSource(options, streams);
  // Workers load the converter from its bundle, as a folder batch's do (src/cli/batch-command.ts).
  const pool = createPagePool({ jobs, ...DEFAULT_POOL_LIMITS, bundle: true });
  const counts = { ok: 0, error: 0 };
  const started = performance.now();
  let readError: string | undefined;

  const work = async (item: StreamItem): Promise<OutputRecord | undefined> => {
    if (item.page === undefined) return errorRecord(item, item.error ?? 'no page in this record');
    try {
      const result = await pool.run(
        {
          source: { kind: 'bytes', bytes: item.page.bytes },
          label: item.url ?? JSON.stringify(item.id),
          options: {
            ...baseOptions,
            ...(item.url !== null && baseOptions.url === undefined ? { url: item.url } : {}),
            ...(item.page.charset !== undefined && baseOptions.charset === undefined
              ? { charset: item.page.charset }
              : {}),
          },
          render: { format: 'markdown', frontMatter: false, explain: false },
          maxDecompressedBytes: options.maxBytes,
        },
        { timeoutMs: options.timeout * 1000, signal },
      );
      if (!result.ok) return errorRecord(item, result.message);
      const record: OutputRecord = {
        id: item.id,
        url: item.url,
        title: result.title,
        lang: result.lang,
        markdown: result.markdown,
        status: 'ok',
        error: null,
        // --explain: what the rules removed, as in --format json (the trace entries, as data).
        ...(options.explain === true ? { trace: result.trace } : {}),
        ...item.extra,
      };
      if (item.extra !== undefined && 'encoding' in item.extra) record.encoding = result.encoding;
      return record;
    } catch (error) {
      if (error instanceof InterruptedError) return undefined;
      throw error;
    }
  };

  try {
    await mapOrdered(
      guard(items, (message) => (readError = message)),
      {
        window: jobs * 2,
        work,
        signal,
        emit: async (record) => {
          if (record === undefined) return false;
          if (record.status === 'ok') counts.ok += 1;
          else counts.error += 1;
          // One write per line, awaited: each record is flushed before the next, and EPIPE stops quietly.
          return writeToStream(streams.stdout, `${JSON.stringify(record)}\n`);
        },
      },
    );
  } finally {
    await pool.destroy();
    // Stopped early (EPIPE, Ctrl-C): stop reading stdin too, or an open pipe keeps the process alive.
    const stdin = streams.stdin as { destroy?: () => void };
    if (options.warc === undefined || options.warc === '-') stdin.destroy?.();
  }

  if (readError !== undefined) streams.stderr.write(`${colour.red('declutter:')} ${oneLine(readError)}\n`);
  if (options.quiet !== true) {
    const seconds = (performance.now() - started) / 1000;
    streams.stderr.write(
      `declutter: ${counts.ok} converted, ${counts.error} error record(s) in ${seconds.toFixed(1)} s${signal.aborted ? ' (interrupted)' : ''}\n`,
    );
  }
  if (signal.aborted) return EXIT_INTERRUPTED;
  if (readError !== undefined) return EXIT_INPUT_FAILED;
  return EXIT_OK;
}

function openSource(options: ProgramOptions, streams: CliStreams): AsyncIterable<StreamItem> {
  // A line may hold a page as base64 (4/3 of its size) plus its JSON framing.
  const maxLineBytes = Math.ceil(options.maxBytes * 1.4) + 64 * 1024;
  if (options.warc === undefined) {
    return parseJsonl(splitLines(streams.stdin as AsyncIterable<Buffer>, maxLineBytes), options.maxBytes);
  }
  const warcFile = options.warc;
  const input = warcFile === '-' ? (streams.stdin as AsyncIterable<Uint8Array>) : createReadStream(warcFile);
  return readWarcResponses(input, { warcFile, maxBytes: options.maxBytes });
}

/** Blank lines (a trailing newline, spacing between records) are not records. */
async function* parseJsonl(lines: AsyncIterable<Line>, maxBytes: number): AsyncGenerator<StreamItem> {
  for await (const line of lines) {
    if (line.ok && isBlankLine(line.bytes)) continue;
    yield parseJsonlLine(line, maxBytes);
  }
}

/** Ends the stream on a read error (missing file, corrupt WARC) and reports it, keeping the records so far. */
async function* guard<T>(source: AsyncIterable<T>, onError: (message: string) => void): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const path = (error as { path?: unknown }).path;
    if (code === 'ENOENT' && typeof path === 'string') onError(`${path}: no such file`);
    else onError(new InputError(error instanceof Error ? error.message : String(error)).message);
  }
}
