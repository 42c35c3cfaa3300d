// `declutter rules list` and `declutter rules check`, run through the built bin (npm run build first).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listRulesCommand } from '../src/cli/rules-command.js';
import { builtInRuleSets } from '../src/rules/load-rules.js';

const BIN = new URL('../bin/declutter.js', import.meta.url).pathname;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf-8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'declutter-rules-cli-'));
}

const VALID = `id: mine
rules:
  - id: mine/promo
    phase: post
    action: remove
    selector: .promo
    why: Newsletter boxes inside articles on the sites I read.
`;

describe('declutter rules list', () => {
  const listed = run('rules', 'list');
  const rules = builtInRuleSets().flatMap(({ set, rules }) => rules.map(({ rule }) => ({ set, rule })));

  it('prints a table of every built-in rule with its set on stdout and exits 0', () => {
    expect(listed.status).toBe(0);
    expect(listed.stderr).toBe('');
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SET\s+PHASE\s+ACTION\s+SCOPE\s+WHY$/);
    expect(lines).toHaveLength(rules.length + 1);
    for (const { set, rule } of rules) {
      const line = lines.find((candidate) => candidate.startsWith(`${rule.id} `));
      expect(line, rule.id).toBeDefined();
      const scope = set.match ? (set.match.hosts[0] ?? '') : 'generic';
      expect(line).toMatch(
        new RegExp(`\\s${set.id}\\s+${rule.phase}\\s+${rule.action}\\s+${scope.replace(/\./g, '\\.')}`),
      );
    }
    expect(lines.find((line) => line.startsWith('captions/fold/alt-copy '))).toMatch(/^\S+\s+captions\s/);
  });

  it('prints every word of every why when stdout is not a terminal, one line per rule', () => {
    for (const { rule } of rules) {
      expect(listed.stdout).toContain(rule.why.replace(/\s+/g, ' ').trim());
    }
  });

  it('--long: one block per set with its file and description, every rule with its full why', () => {
    const long = run('rules', 'list', '--long');
    expect(long.status).toBe(0);
    expect(long.stdout).toMatch(/^captions {2}\(generic, rules\/generic\/captions\.yaml\)$/m);
    expect(long.stdout).toMatch(/^ {2}captions\/fold {2}post fold-caption$/m);
    for (const { rule } of rules) expect(long.stdout).toContain(`    ${rule.why.replace(/\s+/g, ' ').trim()}\n`);
  });

  it('--format json: every set with its rules, as the rule format has them', () => {
    const json = run('rules', 'list', '--format', 'json');
    expect(json.status).toBe(0);
    const sets = JSON.parse(json.stdout) as { id: string; source: string; rules: { id: string; why: string }[] }[];
    expect(sets.map((set) => set.id)).toEqual(builtInRuleSets().map(({ set }) => set.id));
    expect(sets.flatMap((set) => set.rules.map((rule) => rule.id))).toEqual(rules.map(({ rule }) => rule.id));
    expect(sets[0]?.source).toBe('rules/generic/captions.yaml');
  });

  it('on a terminal, cuts only the why to the width, with an ellipsis', async () => {
    const chunks: string[] = [];
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 140 });
    stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const stderr = new PassThrough();
    const code = await listRulesCommand(
      { stdin: new PassThrough(), stdout, stderr, env: {} },
      { long: false, format: 'table' },
    );
    expect(code).toBe(0);
    const lines = chunks.join('').trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(140);
    expect(lines.filter((line) => line.endsWith('…')).length).toBeGreaterThan(0);
    for (const { rule, set } of rules)
      expect(lines.some((line) => line.startsWith(`${rule.id} `) && line.includes(` ${set.id} `))).toBe(true);
  });

  it('refuses what it does not know, with the usage on stderr', () => {
    for (const args of [
      ['list', 'extra'],
      ['list', '--format', 'xml'],
      ['list', '--wide'],
    ]) {
      const result = run('rules', ...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Usage: declutter rules list');
    }
  });
});

describe('rule switches on the command line', () => {
  const page = new URL('../fixtures/sites/cgtn.com/article/source.html', import.meta.url).pathname;

  it('refuses an unknown --disable-rule id with exit 2, naming the closest known ids', () => {
    const result = run(page, '--disable-rule', 'captoins', '--disable-rule', 'generic/captions');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'declutter: --disable-rule: unknown rule id "captoins" (closest: captions); unknown rule id "generic/captions" (closest: captions); `declutter rules list` shows the ids\n',
    );
  });

  it('takes the ids a user would guess: a group switches off its rules and sets', () => {
    const all = run(page, '--explain');
    expect(all.stderr).toMatch(/\] captions\//);
    expect(all.stderr).toMatch(/\] consent\//);
    const without = run(page, '--explain', '--disable-rule', 'captions', '--disable-rule', 'consent');
    expect(without.status).toBe(0);
    expect(without.stderr).not.toMatch(/\] (captions|consent)\//);
    expect(without.stderr).toMatch(/\] related\/heading-block/);
  });

  it('refuses an unknown id in the disable list of a user rule file, naming the file', () => {
    const dir = tempDir();
    const file = join(dir, 'mine.yaml');
    writeFileSync(file, `${VALID}disable: [relatd/heading-block]\n`);
    const result = run(page, '--rules', file);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `declutter: ${file}: field 'disable': unknown rule id "relatd/heading-block" (closest: related/heading-block)\n`,
    );
  });
});

describe('declutter rules check', () => {
  it('says ok per valid file and exits 0', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mine.yaml'), VALID);
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ id: 'other', rules: [] }));
    const result = run('rules', 'check', join(dir, 'mine.yaml'), join(dir, 'other.json'));
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${join(dir, 'mine.yaml')}: ok (1 rule)\n${join(dir, 'other.json')}: ok (0 rules)\n`);
  });

  it('prints the error naming file, rule and field, and exits 2 when any file is invalid', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.yaml'), VALID);
    writeFileSync(join(dir, 'bad.yaml'), VALID.replace('phase: post', 'phase: later'));
    const result = run('rules', 'check', dir);
    expect(result.status).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `${join(dir, 'bad.yaml')}: rule 'mine/promo': field 'phase': expected one of pre, post, text`,
    );
    expect(lines[1]).toBe(`${join(dir, 'good.yaml')}: ok (1 rule)`);
  });

  it('reports a missing file and broken YAML on one line each', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.yaml'), 'id: [\n  unclosed');
    const result = run('rules', 'check', join(dir, 'missing.yaml'), join(dir, 'broken.yaml'));
    expect(result.status).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('missing.yaml: no such rule file or directory');
    expect(lines[1]).toMatch(/broken\.yaml: not valid YAML/);
  });

  it('reports every problem of a file, one line each, not only the first', () => {
    const dir = tempDir();
    const file = join(dir, 'many.yaml');
    writeFileSync(
      file,
      [
        'id: mine',
        'colour: red',
        'disable: [captoins]',
        'rules:',
        '  - id: mine/a',
        '    phase: later',
        '    action: remove',
        '    selector: .a',
        '    why: A rule with a phase nobody knows.',
        '  - id: mine/b',
        '    phase: post',
        '    action: explode',
        '    selector: "div["',
        '    why: short',
        '',
      ].join('\n'),
    );
    const result = run('rules', 'check', file);
    expect(result.status).toBe(2);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${file}: field 'colour': unknown field`,
      `${file}: rule 'mine/a': field 'phase': expected one of pre, post, text`,
      `${file}: rule 'mine/b': field 'action': expected one of remove, unwrap, drop-from-here-on, dedupe, unhide, heading-block, trim-edges, fold-caption, remove-attribute, strip-credit`,
      `${file}: rule 'mine/b': field 'why': say why the rule exists`,
      `${file}: rule 'mine/b': field 'selector': expected a valid CSS selector`,
      `${file}: field 'disable': unknown rule id "captoins" (closest: captions)`,
    ]);
  });

  it('names the line where a YAML problem starts: an unclosed quote or bracket where it opens', () => {
    const dir = tempDir();
    const quote = join(dir, 'quote.yaml');
    writeFileSync(
      quote,
      [
        'id: mine',
        'rules:',
        '  - id: mine/promo',
        '    phase: post',
        '    action: remove',
        '    why: "Newsletter boxes inside articles',
        '    selector: .promo',
        '',
      ].join('\n'),
    );
    const bracket = join(dir, 'bracket.yaml');
    writeFileSync(bracket, ['id: mine', 'disable: [captions, related', 'rules: []', ''].join('\n'));
    const indent = join(dir, 'indent.yaml');
    writeFileSync(
      indent,
      ['id: mine', 'rules:', '  - id: mine/a', '    phase: post', '   action: remove', ''].join('\n'),
    );
    const result = run('rules', 'check', quote, bracket, indent);
    expect(result.status).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `${quote}: not valid YAML: line 6, column 10: the " quote that opens here is never closed`,
      `${bracket}: not valid YAML: line 2, column 10: the [ that opens here is never closed`,
      expect.stringMatching(new RegExp(`^${indent}: not valid YAML: line 5, column 1: \\w`)),
    ]);
    for (const line of lines) expect(line).not.toMatch(/[:\s]$/);
  });

  it('checks the built-in rules folder clean', () => {
    const result = run('rules', 'check', new URL('../rules/', import.meta.url).pathname);
    expect(result.status).toBe(0);
    // Every file ok; a site config may add warnings for lines declutter ignores (tidy, http_header, …).
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => !/: ok \(\d+ rules?\)$/.test(line) && !/:\d+: warning: /.test(line))).toEqual([]);
  });

  it('needs a subcommand it knows (exit 2, usage on stderr)', () => {
    const result = run('rules', 'frobnicate');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: declutter rules list');
  });

  it('alone, prints the short usage and where the help is (exit 2); --help prints the help on stdout', () => {
    const alone = run('rules');
    expect(alone.status).toBe(2);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toBe(
      "Usage: declutter rules list [--long] [--format json] [--sites] | declutter rules check FILE...\nTry 'declutter rules --help'.\n",
    );
    const help = run('rules', '--help');
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^ {2}list \[options\]/m);
    expect(help.stdout).toMatch(/^ {2}check <files\.\.\.>/m);
    expect(help.stdout).toContain('--disable-rule captions/fold the rule captions/fold and captions/fold/alt-copy');
  });
});

describe('site configs on the command line', () => {
  it('rules list --sites prints one row per built-in config with the hosts it serves', () => {
    const listed = run('rules', 'list', '--sites');
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+HOSTS\s+DIRECTIVES$/);
    expect(lines.length).toBeGreaterThan(1900);
    expect(listed.stdout).toMatch(/^site\/theguardian\.com\s+theguardian\.com, www\.theguardian\.com\s+body/m);
    expect(listed.stdout).toMatch(/^site\/\.blogspot\.com\s+\*\.blogspot\.com \(not www\.blogspot\.com\)/m);
  });

  it('rules check warns about the lines a site config has that declutter ignores, with file and line', () => {
    const dir = tempDir();
    const file = join(dir, 'example.com.txt');
    writeFileSync(file, 'body: //article\ntidy: no\nstrip: //div[\n');
    const checked = run('rules', 'check', file);
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain(`${file}: ok (0 rules)`);
    expect(checked.stdout).toContain(`${file}:2: warning: tidy ignored`);
    expect(checked.stdout).toContain(`${file}:3: warning: strip ignored: not an XPath expression`);
  });

  it('--rules takes a site config, --no-site-rules and --disable-rule switch configs off', () => {
    const dir = tempDir();
    const page = join(dir, 'page.html');
    const paragraph = 'The council approved the new harbour plan after a long debate about the future of the quay. ';
    writeFileSync(
      page,
      `<html><head><title>Plan</title></head><body><article><h1>Plan</h1><p>${paragraph.repeat(4)}</p>` +
        `<div class="teaser"><p>Ferry fares will rise in April, the ferry company said on its website today.</p></div>` +
        `<p>${paragraph.repeat(3)}</p></article></body></html>`,
    );
    const config = join(dir, 'example.org.txt');
    writeFileSync(config, "strip: //div[@class='teaser']\n");
    const url = ['--url', 'https://www.example.org/plan'];
    expect(run(page, ...url, '--rules', config).stdout).not.toContain('Ferry fares');
    expect(run(page, ...url, '--rules', config, '--disable-rule', 'site/example.org').stdout).toContain('Ferry fares');
    // A user's config is a --rules file: --no-site-rules leaves it in force, only the built-in ones go.
    expect(run(page, ...url, '--rules', config, '--no-site-rules').stdout).not.toContain('Ferry fares');
  });
});
