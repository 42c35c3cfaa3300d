// The command line: argv and streams in, documents out on stdout, one-line errors on stderr, an exit code.

import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { readFileSync } from 'node:fs';
import { declutter, renderResult } from '../index.js';
import { UsageError } from '../errors.js';
import type { OutputFormat } from '../types.js';
import { createStderrColour } from './colour.js';
import { EXIT_OK, EXIT_USAGE, reportError, stripControl } from './errors-to-exit.js';
import { readFileBytes, readStreamBytes } from './read-input.js';
import type { CliStreams } from './streams.js';
import { writeFileAtomic, writeToStream } from './write-output.js';
import { DEFAULT_MAX_BYTES } from '../options.js';
import { loadRuleFiles } from '../rules/load-rules.js';
import { checkRulesCommand, listRulesCommand } from './rules-command.js';

const EXAMPLES = `
Examples:
  declutter page.html > out.md              one file to stdout
  declutter page.html -o out.md             one file, written atomically
  curl -s https://example.com/a | declutter --url https://example.com/a
  declutter --format json --explain page.html
  declutter scraped.txt --input-format text a page already scraped to text`;

function readVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf-8')) as {
    version: string;
  };
  return packageJson.version;
}

function buildProgram(streams: CliStreams) {
  return new Command()
    .name('declutter')
    .description('Turn a web page into clean Markdown: the article, and none of the clutter.')
    .version(readVersion(), '-V, --version')
    .argument('[input]', 'HTML file or text dump; "-" or nothing for stdin')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['markdown', 'text', 'json'] as const)
        .default('markdown' as const),
    )
    .option(
      '--front-matter',
      'start Markdown with YAML front matter (title, author, site, published, url, lang, excerpt)',
    )
    .option('--no-title', 'leave out the title heading')
    .option('--url <url>', 'page URL: resolves relative links, selects site rules')
    .option('--charset <name>', 'charset of the input when it has no BOM')
    .addOption(new Option('--input-format <kind>', 'input kind (default: sniffed)').choices(['html', 'text'] as const))
    .option('--max-bytes <n>', 'refuse inputs larger than this', parsePositiveInt, DEFAULT_MAX_BYTES)
    .option('--rules <path>', 'user rule file or directory, layered over the built-ins (repeatable)', collect, [])
    .option('--disable-rule <id>', 'switch a rule off by id (repeatable)', collect, [])
    .option('--no-rules', 'run plain Readability with no clutter rules, for comparison')
    .option('--explain', 'show what the rules removed and why (stderr; inside --format json)')
    .option('--no-color', 'no colour on stderr')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
      outputError: () => undefined,
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parsePositiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) throw new UsageError(`not a positive whole number: ${value}`);
  return parsed;
}

/** Runs the CLI and resolves to the exit code; never throws. */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  // `declutter rules list|check FILE…` is a small subcommand family of its own.
  if (argv[2] === 'rules') {
    if (argv[3] === 'list' && argv.length === 4) return listRulesCommand(streams);
    if (argv[3] === 'check' && argv.length > 4) return checkRulesCommand(argv.slice(4), streams);
    streams.stderr.write(`Usage: declutter rules list | declutter rules check FILE...\n`);
    return EXIT_USAGE;
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
    const report = reportError(error);
    streams.stderr.write(`declutter: ${report.message}\n`);
    return report.exitCode;
  }
  const options = program.opts();
  const colour = createStderrColour(streams, { color: options.color });
  const input = program.args[0];
  const label = input === undefined || input === '-' ? 'stdin' : input;
  try {
    if ((input === undefined || input === '-') && streams.stdin.isTTY) {
      streams.stderr.write(`Usage: declutter [options] [input]\nTry 'declutter --help'.\n`);
      return EXIT_USAGE;
    }
    const bytes =
      input === undefined || input === '-'
        ? await readStreamBytes(streams.stdin, options.maxBytes)
        : await readFileBytes(input, options.maxBytes);
    const userRules = await loadRuleFiles(options.rules === false ? [] : options.rules);
    const result = declutter(bytes, {
      userRules,
      disabledRules: options.disableRule,
      ...(options.url !== undefined ? { url: options.url } : {}),
      ...(options.charset !== undefined ? { charset: options.charset } : {}),
      ...(options.inputFormat !== undefined ? { inputFormat: options.inputFormat } : {}),
      title: options.title,
      rules: options.rules !== false,
      maxBytes: options.maxBytes,
    });
    for (const warning of result.warnings) {
      streams.stderr.write(`${colour.yellow('declutter: warning:')} ${label}: ${stripControl(warning)}\n`);
    }
    if (options.explain && options.format !== 'json') {
      for (const entry of result.trace) {
        streams.stderr.write(
          `${colour.dim(`[${entry.phase}]`)} ${colour.cyan(entry.ruleId)} ${entry.action}${entry.selector ? ` ${entry.selector}` : ''}: ${stripControl(entry.preview)}\n`,
        );
      }
    }
    const format: OutputFormat = options.format;
    const document = renderResult(result, {
      format,
      frontMatter: options.frontMatter ?? false,
      explain: options.explain ?? false,
    });
    if (options.output !== undefined) await writeFileAtomic(options.output, document);
    else await writeToStream(streams.stdout, document);
    return EXIT_OK;
  } catch (error) {
    const report = reportError(error);
    const where = report.message.startsWith(`${label}:`) ? '' : `${stripControl(label)}: `;
    streams.stderr.write(`${colour.red('declutter:')} ${where}${report.message}\n`);
    return report.exitCode;
  }
}
