// `declutter rules list` (every built-in rule as a table), `rules list --sites` (the hosts with a Full-Text RSS
// site config) and `declutter rules check FILE…` (validate rule files, with the site-config lines ignored).

import { readFile } from 'node:fs/promises';
import { InvalidRuleError } from '../errors.js';
import { builtInRuleSets, listRuleFiles, parseRuleSet } from '../rules/load-rules.js';
import { builtInSiteConfigNames, loadBuiltInSiteSet } from '../sites/built-in-sites.js';
import { EXIT_OK, EXIT_USAGE, oneLine, reportError } from './errors-to-exit.js';
import type { CliStreams } from './streams.js';
import { writeToStream } from './write-output.js';

/** Widest a scope or a why may print before it is cut with "…" (ids, phases and actions are never cut). */
const MAX_SCOPE = 32;
const MAX_WHY = 72;

/** Prints every built-in rule (id, phase, action, scope, why) on stdout. Resolves to the exit code. */
export async function listRulesCommand(streams: CliStreams): Promise<number> {
  let rows: string[][];
  try {
    rows = builtInRuleSets().flatMap(({ set, rules }) =>
      rules.map(({ rule }) => [
        rule.id,
        rule.phase,
        rule.action,
        truncate(
          set.match ? set.match.hosts.join(',') + (set.match.path ? ` ${set.match.path}` : '') : 'generic',
          MAX_SCOPE,
        ),
        truncate(oneLine(rule.why), MAX_WHY),
      ]),
    );
  } catch (error) {
    // A broken built-in file is a packaging problem; say which file, like any other rule error.
    const report = reportError(error);
    streams.stderr.write(`declutter: ${report.message}\n`);
    return report.exitCode;
  }
  await writeToStream(streams.stdout, formatTable([['ID', 'PHASE', 'ACTION', 'SCOPE', 'WHY'], ...rows]));
  return EXIT_OK;
}

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
    return [`site/${name}`, servedHosts(name), truncate(has.join(' '), MAX_WHY)];
  });
  await writeToStream(streams.stdout, formatTable([['ID', 'HOSTS', 'DIRECTIVES'], ...rows]));
  return EXIT_OK;
}

/** What a config name serves, in the README's words: `example.com` + www, or the subdomains of one. */
function servedHosts(name: string): string {
  if (name.startsWith('.')) return `*${name} (not www${name})`;
  return name.startsWith('www.') ? name : `${name}, www.${name}`;
}

/**
 * Validates rule files (a directory stands for the rule files inside it) and prints one line per file on
 * stdout: `FILE: ok (N rules)` or the error. Resolves to 2 when any file is invalid, else 0.
 */
export async function checkRulesCommand(paths: readonly string[], streams: CliStreams): Promise<number> {
  const lines: string[] = [];
  let invalid = false;
  for (const path of paths) {
    let files: string[];
    try {
      files = await listRuleFiles(path);
    } catch (error) {
      invalid = true;
      lines.push(oneLine(reportError(error).message));
      continue;
    }
    for (const file of files) {
      const line = await checkFile(file);
      if (!line.ok) invalid = true;
      lines.push(line.text);
    }
  }
  await writeToStream(streams.stdout, lines.map((line) => `${line}\n`).join(''));
  return invalid ? EXIT_USAGE : EXIT_OK;
}

async function checkFile(file: string): Promise<{ ok: boolean; text: string }> {
  try {
    const set = parseRuleSet(await readFile(file, 'utf-8'), file);
    const count = set.rules.length;
    // A site config's lines that declutter reads but does not act on: warnings, the file is still valid.
    const warnings = (set.site?.ignored ?? []).map(
      ({ directive, line, reason }) => `\n${file}:${line}: warning: ${directive} ignored: ${reason}`,
    );
    return { ok: true, text: `${file}: ok (${count} rule${count === 1 ? '' : 's'})${warnings.join('')}` };
  } catch (error) {
    const message =
      error instanceof InvalidRuleError
        ? error.message
        : `${file}: cannot read rule file (${(error as { code?: string }).code ?? 'unreadable'})`;
    return { ok: false, text: oneLine(message) };
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Left-aligned columns, two spaces apart; the last column is not padded. */
function formatTable(rows: readonly string[][]): string {
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
