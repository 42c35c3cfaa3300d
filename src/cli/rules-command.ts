// `declutter rules list` (the rule sets and rules, with the ids --disable-rule takes), `rules list --sites` (the
// hosts with a Full-Text RSS site config) and `declutter rules check FILE…` (validate rule files, every problem
// on its own line, with the site-config lines ignored as warnings).

import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { readFile } from 'node:fs/promises';
import { inspectRuleFile, listRuleFiles } from '../rules/load-rules.js';
import { findUnknownIds, knownRuleSets } from '../rules/rule-catalogue.js';
import { describeUnknownRuleIds } from '../rules/rule-ids.js';
import type { RuleSet } from '../rules/rule-types.js';
import { builtInSiteConfigNames, loadBuiltInSiteSet } from '../sites/built-in-sites.js';
import { EXIT_OK, EXIT_USAGE, oneLine, reportError } from './errors-to-exit.js';
import type { CliStreams } from './streams.js';
import { writeToStream, writeWithoutWaiting } from './write-output.js';

/** Widest a scope may print in the table on a terminal before it is cut with "…". */
const MAX_SCOPE = 32;
/** On a terminal, the why column is cut to fit this width at least (and the terminal's, when wider). */
const MIN_TERMINAL_WIDTH = 100;
/** Widest the directives column of `rules list --sites` prints before it is cut with "…". */
const MAX_DIRECTIVES = 72;

const RULES_USAGE = 'declutter rules list [--long] [--format json] [--sites] | declutter rules check FILE...';

/** Runs `declutter rules …` (argv after "rules") and resolves to the exit code. */
export async function runRulesCommand(args: readonly string[], streams: CliStreams): Promise<number> {
  let outcome: Promise<number> = Promise.resolve(EXIT_OK);
  const program = new Command()
    .name('declutter rules')
    .description('The clutter rules: list the built-in ones, check rule files.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => writeWithoutWaiting(streams.stdout, text),
      writeErr: (text) => streams.stderr.write(text),
      outputError: () => undefined,
    });
  program
    .command('list')
    .description('the rule sets and their rules, with the ids --disable-rule takes')
    .option('--long', 'one block per set: its file, description and every rule with its full why')
    .option('--sites', 'the built-in Full-Text RSS site configs instead: the hosts each serves and what it has')
    .addOption(
      new Option('-f, --format <format>', 'table or json (every set with its rules, as data)')
        .choices(['table', 'json'] as const)
        .default('table' as const),
    )
    .action((options) => {
      outcome =
        options.sites === true
          ? listSitesCommand(streams)
          : listRulesCommand(streams, { long: options.long === true, format: options.format });
    });
  program
    .command('check')
    .description('validate rule files (a directory stands for the rule files in it); exit 2 when any is invalid')
    .argument('<files...>', 'rule files or directories')
    .action((files) => {
      outcome = checkRulesCommand(files, streams);
    });
  program.addHelpText(
    'after',
    `
Ids are paths: --disable-rule captions switches off every captions/… rule and set,
--disable-rule captions/fold the rule captions/fold and captions/fold/alt-copy.`,
  );
  const usage = (): number => {
    streams.stderr.write(`Usage: ${RULES_USAGE}\nTry 'declutter rules --help'.\n`);
    return EXIT_USAGE;
  };
  if (args.length === 0) return usage();
  try {
    program.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK;
      streams.stderr.write(`declutter: rules: ${error.message.replace(/^error: /, '')}\n`);
      return usage();
    }
    throw error;
  }
  return outcome;
}

export interface ListOptions {
  long: boolean;
  format: 'table' | 'json';
}

/** Prints the known rule sets and rules on stdout. Resolves to the exit code. */
export async function listRulesCommand(streams: CliStreams, options: ListOptions): Promise<number> {
  let sets: RuleSet[];
  try {
    sets = await knownRuleSets();
  } catch (error) {
    // A broken built-in file is a packaging problem; say which file, like any other rule error.
    const report = reportError(error);
    streams.stderr.write(`declutter: ${report.message}\n`);
    return report.exitCode;
  }
  let text: string;
  if (options.format === 'json') text = `${JSON.stringify(sets, null, 2)}\n`;
  else if (options.long) text = formatLong(sets);
  else {
    // Cut to the terminal's width on a terminal; a pipe or file gets every word.
    const width = streams.stdout.isTTY === true ? Math.max(MIN_TERMINAL_WIDTH, streams.stdout.columns ?? 0) : undefined;
    text = formatTable(sets, width);
  }
  await writeToStream(streams.stdout, text);
  return EXIT_OK;
}

function scopeOf(set: RuleSet): string {
  return set.match ? set.match.hosts.join(',') + (set.match.path ? ` ${set.match.path}` : '') : 'generic';
}

function formatTable(sets: readonly RuleSet[], width: number | undefined): string {
  const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const rows = sets.flatMap((set) =>
    set.rules.map((rule) => [
      rule.id,
      set.id,
      rule.phase,
      rule.action,
      width === undefined ? scopeOf(set) : cut(scopeOf(set), MAX_SCOPE),
      oneLine(rule.why),
    ]),
  );
  const table = [['ID', 'SET', 'PHASE', 'ACTION', 'SCOPE', 'WHY'], ...rows];
  const widths = table[0]?.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length))) ?? [];
  return table
    .map((row) => {
      const line = row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd();
      if (width === undefined || line.length <= width) return `${line}\n`;
      // Only the why is cut: ids, sets, phases and actions are what a user types back.
      const fixed = line.length - (row.at(-1) ?? '').length;
      return `${line.slice(0, fixed)}${cut(row.at(-1) ?? '', Math.max(8, width - fixed))}\n`;
    })
    .join('');
}

function formatLong(sets: readonly RuleSet[]): string {
  return sets
    .map((set) => {
      const lines = [`${set.id}  (${scopeOf(set)}, ${set.source})`];
      if (set.description) lines.push(`  ${oneLine(set.description)}`);
      if (set.disable && set.disable.length > 0) lines.push(`  switches off: ${set.disable.join(', ')}`);
      for (const rule of set.rules) {
        lines.push('', `  ${rule.id}  ${rule.phase} ${rule.action}`, `    ${oneLine(rule.why)}`);
      }
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

/**
/**
 * Prints one row per built-in Full-Text RSS site config: its name, the hosts it serves (as the set's README
 * says), what it has, and the rule id that switches it off. Resolves to the exit code.
 */
export async function listSitesCommand(streams: CliStreams): Promise<number> {
  const rows = [...builtInSiteConfigNames()].sort().map((name) => {
    const set = loadBuiltInSiteSet(name)?.set;
    const site = set?.site;
    const has = site
      ? [
          site.body ? 'body' : '',
          set.rules.length > 0 ? set.rules.map((rule) => rule.id.slice(set.id.length + 1)).join(',') : '',
          site.title || site.author || site.date ? 'metadata' : '',
          site.replace ? 'replace' : '',
          site.singlePageLink || site.nextPageLink ? 'pages' : '',
        ].filter(Boolean)
      : ['(unreadable)'];
    return [`site/${name}`, servedHosts(name), truncate(has.join(' '), MAX_DIRECTIVES)];
  });
  await writeToStream(streams.stdout, formatRows([['ID', 'HOSTS', 'DIRECTIVES'], ...rows]));
  return EXIT_OK;
}

/** What a config name serves, in the README's words: `example.com` + www, or the subdomains of one. */
function servedHosts(name: string): string {
  if (name.startsWith('.')) return `*${name} (not www${name})`;
  return name.startsWith('www.') ? name : `${name}, www.${name}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Left-aligned columns, two spaces apart; the last column is not padded. */
function formatRows(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * Validates rule files (a directory stands for the rule files inside it) and prints on stdout one line per
 * valid file, `FILE: ok (N rules)` (with a warning line for each site-config line it ignores), and one line
 * per problem of an invalid one. The `disable` lists must name known ids (built-in, or in the files
 * checked). Resolves to 2 when any file is invalid, else 0.
 */
export async function checkRulesCommand(paths: readonly string[], streams: CliStreams): Promise<number> {
  const results: { file: string; set?: RuleSet; problems: string[] }[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      files = await listRuleFiles(path);
    } catch (error) {
      results.push({ file: path, problems: [oneLine(reportError(error).message)] });
      continue;
    }
    for (const file of files) results.push({ file, ...(await checkFile(file)) });
  }
  const sets = results.flatMap((result) => (result.set ? [result.set] : []));
  let known: RuleSet[] | undefined;
  for (const result of results) {
    if (!result.set?.disable) continue;
    known ??= await knownRuleSets(sets);
    const unknown = await findUnknownIds(result.set.disable, known);
    if (unknown.length > 0) result.problems.push(`${result.file}: field 'disable': ${describeUnknownRuleIds(unknown)}`);
  }
  const lines = results.flatMap(({ file, set, problems }) => {
    if (problems.length > 0) return problems.map(oneLine);
    const count = set?.rules.length ?? 0;
    // A site config's lines that declutter reads but does not act on: warnings, the file is still valid.
    const warnings = (set?.site?.ignored ?? []).map(
      ({ directive, line, reason }) => `${file}:${line}: warning: ${directive} ignored: ${reason}`,
    );
    return [`${file}: ok (${count} rule${count === 1 ? '' : 's'})`, ...warnings];
  });
  await writeToStream(streams.stdout, lines.map((line) => `${line}\n`).join(''));
  return results.some((result) => result.problems.length > 0) ? EXIT_USAGE : EXIT_OK;
}

async function checkFile(file: string): Promise<{ set?: RuleSet; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf-8');
  } catch (error) {
    return { problems: [`${file}: cannot read rule file (${(error as { code?: string }).code ?? 'unreadable'})`] };
  }
  const { set, problems } = inspectRuleFile(text, file);
  return set !== undefined ? { set, problems } : { problems };
}
