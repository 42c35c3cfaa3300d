// The command-line options, in one place (commander), with help text and examples.

import { Command, Option } from '@commander-js/extra-typings';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { DEFAULT_MAX_BYTES } from '../options.js';
import type { CliStreams } from './streams.js';
import { writeWithoutWaiting } from './write-output.js';

const EXAMPLES = `
Examples:
  declutter page.html > out.md              one file to stdout
  declutter page.html -o out.md             one file, written atomically
  curl -s https://example.com/a | declutter --url https://example.com/a
  declutter https://example.com/a           fetch a page and convert it
  declutter --follow-pages 5 https://example.com/a   and up to 5 more pages of a multi-page article
  declutter saved/ -o md/                   a whole tree, in parallel, mirrored into md/
  declutter 'site/**/*.html' -o md/ --skip-unchanged
  declutter --from-list urls.txt -o md/     paths or URLs, one per line
  declutter --jsonl < pages.jsonl > out.jsonl   streaming mode for cluster engines
  declutter --warc crawl.warc.gz > out.jsonl
  declutter --format json --explain page.html
  declutter page.html --disable-rule captions/fold   captions stay paragraphs (not folded onto images)
  declutter page.html --report report.html  see every removal marked on the page
  declutter saved/ -o md/ --report reports/ one report per page, and reports/index.html

Rules:
  declutter rules list [--long] [--format json]   the rule sets and rules, with the ids --disable-rule takes
  declutter rules check FILE...                   validate your rule files (every problem, with its line)

Exit codes: 0 all converted, 1 some input failed, 2 usage or configuration error, 130 interrupted.`;

export function readVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf-8')) as {
    version: string;
  };
  return packageJson.version;
}

export function buildProgram(streams: CliStreams) {
  return new Command()
    .name('declutter')
    .description('Turn a web page into clean Markdown: the article, and none of the clutter.')
    .version(readVersion(), '-V, --version')
    .argument('[inputs...]', 'HTML files, directories, globs or http(s) URLs; "-" or nothing for stdin')
    .option('-o, --output <path>', 'output file (one input) or directory (several inputs, a directory, a glob)')
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
    .option(
      '--max-bytes <n>',
      'refuse pages larger than this (decompressed)',
      wholeNumber('--max-bytes', 1),
      DEFAULT_MAX_BYTES,
    )
    .option('--rules <path>', 'user rule file or directory, layered over the built-ins (repeatable)', collect, [])
    .option(
      '--disable-rule <id>',
      'switch off a rule, a rule set or a group by id, e.g. captions (repeatable; see rules list)',
      collect,
      [],
    )
    .option('--no-rules', 'run plain Readability with no clutter rules, for comparison')
    .option(
      '--no-site-rules',
      'leave out the built-in site rules (Full-Text RSS site configs); --rules files still apply',
    )
    .option(
      '--explain',
      'show what the rules removed and why (stderr; in a batch NAME.explain.txt beside each output; inside JSON and --jsonl records)',
    )
    .option('--report <path>', 'write an HTML page showing the page with every removal marked (a directory in a batch)')
    .option(
      '--report-images',
      "show the page's images in the report (fetched when it is opened) instead of placeholders",
    )
    .option('--from-list <file>', 'read input paths or URLs from FILE, one per line ("-" for stdin)')
    .option('-j, --jobs <n>', 'pages converted in parallel (default: available cores)', wholeNumber('--jobs', 1))
    .option(
      '--timeout <seconds>',
      'give up on one page (fetch or conversion) after this long',
      seconds('--timeout'),
      30,
    )
    .option('--force', 'overwrite files in the output directory that declutter did not write')
    .option('--skip-unchanged', 'skip inputs whose bytes, options and rules are unchanged since the last run')
    .option(
      '--jsonl',
      'stream mode: JSON lines {id, url, html|html_b64, content_type} in, one JSON line out per record',
    )
    .option('--warc <file>', 'stream mode: convert the HTML responses of a WARC file (.warc, .warc.gz, "-")')
    .option('--user-agent <string>', 'User-Agent header for URL inputs')
    .option('--max-redirects <n>', 'follow at most this many redirects', wholeNumber('--max-redirects', 0), 10)
    .option(
      '--follow-pages <n>',
      "one URL input: follow the site config's single_page_link / next_page_link, fetching at most N more pages",
      wholeNumber('--follow-pages', 1),
    )
    .option('-q, --quiet', 'no progress and no summary; failures are still reported')
    .option('-v, --verbose', 'one line per page')
    .option('--no-color', 'no colour on stderr')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => writeWithoutWaiting(streams.stdout, text),
      writeErr: (text) => streams.stderr.write(text),
      outputError: () => undefined,
    });
}

export type ProgramOptions = ReturnType<ReturnType<typeof buildProgram>['opts']>;

export function defaultJobs(): number {
  return availableParallelism();
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A parser for a whole-number option that names the option in its error: `--jobs must be … (got 0)`. */
function wholeNumber(option: string, min: number): (value: string) => number {
  return (value) => {
    const parsed = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < min) {
      throw new UsageError(`${option} must be a whole number ≥ ${min} (got ${shown(value)})`);
    }
    return parsed;
  };
}

/** A parser for a duration option in seconds, more than zero (fractions allowed). */
function seconds(option: string): (value: string) => number {
  return (value) => {
    const parsed = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) {
      throw new UsageError(`${option} must be a number of seconds > 0 (got ${shown(value)})`);
    }
    return parsed;
  };
}

/** An option value as typed, for an error message (an empty one is said so). */
function shown(value: string): string {
  return value.trim() === '' ? 'nothing' : value;
}
