// `declutter rules list` and `declutter rules check`, run through the built bin (npm run build first).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('prints a table of every built-in rule on stdout and exits 0', () => {
    expect(listed.status).toBe(0);
    expect(listed.stderr).toBe('');
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+PHASE\s+ACTION\s+SCOPE\s+WHY$/);
    const rules = builtInRuleSets().flatMap(({ set, rules }) => rules.map(({ rule }) => ({ set, rule })));
    expect(lines).toHaveLength(rules.length + 1);
    for (const { set, rule } of rules) {
      const line = lines.find((candidate) => candidate.startsWith(`${rule.id} `));
      expect(line, rule.id).toBeDefined();
      const scope = set.match ? (set.match.hosts[0] ?? '') : 'generic';
      expect(line).toMatch(new RegExp(`\\s${rule.phase}\\s+${rule.action}\\s+${scope.replace(/\./g, '\\.')}`));
    }
  });

  it('cuts long reasons with an ellipsis and keeps every line a single line', () => {
    for (const line of listed.stdout.trimEnd().split('\n')) expect(line.length).toBeLessThan(220);
    const longWhy = builtInRuleSets()
      .flatMap(({ rules }) => rules)
      .find(({ rule }) => rule.why.length > 72);
    if (longWhy) expect(listed.stdout).toMatch(new RegExp(`^${longWhy.rule.id}\\s.*…$`, 'm'));
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
