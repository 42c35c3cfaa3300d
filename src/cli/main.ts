// The command line: argv and streams in, documents out, one-line errors on stderr, an exit code.
// Picks the mode: one page (file, stdin, URL), a batch into a directory, or a JSONL/WARC stream.

import { CommanderError } from '@commander-js/extra-typings';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import { isUrl } from '../batch/discover.js';
import { loadBundle } from '../bundle/load-bundle.js';
import { createStderrColour } from './colour.js';
import { EXIT_OK, EXIT_USAGE, reportError } from './errors-to-exit.js';
import { buildProgram, type ProgramOptions } from './program.js';
import { readStreamBytes } from './read-input.js';
import { checkReportOptions } from './report-output.js';
import type { CliStreams } from './streams.js';

export { watchInterrupt } from './interrupt.js';

type ConverterSide = typeof import('./converter-side.js');

let converter: Promise<ConverterSide> | undefined;

/**
 * The converting half of the CLI (src/cli/converter-side.ts), loaded on first need and once: from its own bundle
 * while that is current, else module by module. A batch's or a stream's main thread never needs it.
 */
function converterSide(): Promise<ConverterSide> {
  converter ??= Promise.resolve(loadBundle<ConverterSide>('convert') ?? import('./converter-side.js'));
  return converter;
}

/** Runs the CLI and resolves to the exit code; never throws. */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  // `declutter rules list|check FILE…` is a small subcommand family of its own.
  if (argv[2] === 'rules') {
    try {
      return await (await converterSide()).runRulesCommand(argv.slice(3), streams);
    } catch (error) {
      return reportAndExit(error, streams);
    }
  }
  const program = buildProgram(streams);
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK;
      streams.stderr.write(`declutter: ${error.message.replace(/^error: /, '')}\n`);
      streams.stderr.write(`Try 'declutter --help'.\n`);
      return EXIT_USAGE;
    }
    return reportAndExit(error, streams);
  }
  const options = program.opts();
  const colour = createStderrColour(streams, { color: options.color });
  try {
    // Modes and the converting half are loaded on demand: jsdom and the rules take seconds to load, and
    // in batch and stream modes only the workers need them (so --help, --version and the pool start fast).
    const rulePaths = options.rules === false ? [] : options.rules;
    const userRules = rulePaths.length === 0 ? [] : await (await converterSide()).loadRuleFiles(rulePaths);
    if (options.followPages !== undefined && (options.jsonl === true || options.warc !== undefined)) {
      throw new UsageError(
        '--follow-pages fetches further pages of one URL input; it does not apply to --jsonl or --warc',
      );
    }
    // An id that names nothing would switch nothing off, silently: refuse it before any page is read.
    if (options.disableRule.length > 0 || userRules.some((set) => set.disable !== undefined)) {
      const { checkRuleSwitches } = await converterSide();
      await checkRuleSwitches({ disabledRules: options.disableRule, userRules });
    }
    if (options.jsonl === true || options.warc !== undefined) {
      if (program.args.length > 0 || options.fromList !== undefined || options.output !== undefined) {
        throw new UsageError('--jsonl and --warc read one stream and write JSON lines to stdout; no inputs or -o');
      }
      if (options.jsonl === true && options.warc !== undefined)
        throw new UsageError('choose --jsonl or --warc, not both');
      checkReportOptions(options, 'stream');
      // Never ignore a flag silently: these shape files or documents, and a stream writes neither.
      const unused = [
        ...(options.format !== 'markdown' ? [`--format ${options.format}`] : []),
        ...(options.frontMatter === true ? ['--front-matter'] : []),
        ...(options.force === true ? ['--force'] : []),
        ...(options.skipUnchanged === true ? ['--skip-unchanged'] : []),
      ];
      if (unused.length > 0) {
        throw new UsageError(
          `${unused.join(', ')}: not with --jsonl or --warc, whose records always carry Markdown (--explain adds each record's trace)`,
        );
      }
      const { runStreamCommand } = await import('./stream-command.js');
      return await runStreamCommand({ options, userRules, streams, colour });
    }
    const inputs = [...program.args];
    if (options.fromList !== undefined) inputs.push(...(await readInputList(options.fromList, streams)));
    const batch = isBatch(inputs, options, streams);
    checkReportOptions(options, batch ? 'batch' : 'single');
    if (batch) {
      if (options.followPages !== undefined) {
        throw new UsageError('--follow-pages works on one URL input; batch mode does not follow page links yet');
      }
      const { runBatchCommand } = await import('./batch-command.js');
      return await runBatchCommand({ inputs, options, userRules, streams, colour });
    }
    const { runSingle } = await converterSide();
    return await runSingle({ input: inputs[0], options, userRules, streams, colour });
  } catch (error) {
    return reportAndExit(error, streams, colour.red('declutter:'));
  }
}

function reportAndExit(error: unknown, streams: CliStreams, prefix = 'declutter:'): number {
  const report = reportError(error);
  streams.stderr.write(`${prefix} ${report.message}\n`);
  return report.exitCode;
}

/** A batch is anything but one file, URL or stdin: several inputs, a directory, a glob, a list, or `-o DIR/`. */
function isBatch(inputs: readonly string[], options: ProgramOptions, streams: CliStreams): boolean {
  if (options.fromList !== undefined || inputs.length > 1) return true;
  const input = inputs[0];
  if (input === undefined || input === '-') return false;
  if (options.output !== undefined && /[/\\]$/.test(options.output)) return true;
  if (isUrl(input)) return false;
  const absolute = resolve(streams.cwd ?? '.', input);
  try {
    return statSync(absolute).isDirectory();
  } catch {
    return isDynamicPattern(input);
  }
}

/** One path or URL per line; blank lines and `#` comments are skipped. */
async function readInputList(listPath: string, streams: CliStreams): Promise<string[]> {
  let text: string;
  try {
    text =
      listPath === '-'
        ? Buffer.from(await readStreamBytes(streams.stdin, 64 * 1024 * 1024)).toString('utf-8')
        : await readFile(resolve(streams.cwd ?? '.', listPath), 'utf-8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`--from-list ${listPath}: ${code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
