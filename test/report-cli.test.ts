// --report from the command line: one page to a file, a batch to a directory with an index, and the same output
// safety as the batch's own outputs (planned first, atomic, never outside DIR, never over someone else's file).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { articlePage, assertBuilt, listTree, makeTempDir, writeTree, ROOT, runBin } from './cli-support.js';

beforeAll(() => assertBuilt());

const CGTN_SOURCE = join(ROOT, 'fixtures/sites/cgtn.com/article/source.html');
const CGTN_URL =
  'https://news.cgtn.com/news/2025-10-12/Zelenskyy-lobbies-allies-for-more-missiles-and-air-defence-systems/index.html';

function marksOf(html: string): string[] {
  const { document } = new JSDOM(html).window;
  return Array.from(document.querySelectorAll('.dcl-page .dcl-mark')).map(
    (mark) => mark.getAttribute('data-rules') ?? '',
  );
}

describe('--report for one page', () => {
  it('writes the report beside the Markdown, which is the same as without it', async () => {
    const root = await makeTempDir();
    const plain = await runBin([CGTN_SOURCE, '--url', CGTN_URL], { cwd: root });
    const result = await runBin([CGTN_SOURCE, '--url', CGTN_URL, '--report', 'report.html'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(plain.stdout);
    const report = await readFile(join(root, 'report.html'), 'utf-8');
    expect(marksOf(report)).toEqual([
      'captions/fold/alt-copy',
      'captions/adjacent-blocks',
      'captions/adjacent-blocks',
      'related/heading-block',
      'consent/text-banner',
    ]);
    expect((await readdir(root)).filter((name) => name.includes('declutter-tmp'))).toEqual([]);
  });

  it('reads stdin and writes -o and --report', async () => {
    const root = await makeTempDir();
    const result = await runBin(['-', '-o', 'out.md', '--report', 'r.html'], {
      cwd: root,
      input: articlePage('From stdin'),
    });
    expect(result.code).toBe(0);
    expect(await readFile(join(root, 'out.md'), 'utf-8')).toMatch(/^# From stdin\n/);
    expect(await readFile(join(root, 'r.html'), 'utf-8')).toContain('declutter report: From stdin');
  });

  it('refuses the input itself, the -o file, a directory, and --report-images alone (exit 2, nothing written)', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'page.html': articlePage('Kept page'), 'dir/x': '' });
    const original = await readFile(join(root, 'page.html'), 'utf-8');
    for (const args of [
      ['page.html', '--report', 'page.html'],
      ['page.html', '-o', 'same.html', '--report', 'same.html'],
      ['page.html', '--report', 'dir'],
      ['page.html', '--report-images'],
    ]) {
      const result = await runBin(args, { cwd: root });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
    expect(await readFile(join(root, 'page.html'), 'utf-8')).toBe(original);
    expect(existsSync(join(root, 'same.html'))).toBe(false);
  }, 120_000);

  it('is refused in stream modes, which have no files to put it beside', async () => {
    const result = await runBin(['--jsonl', '--report', 'r.html'], { input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--report .*--jsonl/);
  });

  it('--explain with --format json puts each element’s path in the trace', async () => {
    const result = await runBin([CGTN_SOURCE, '--url', CGTN_URL, '--format', 'json', '--explain']);
    const trace = (JSON.parse(result.stdout) as { trace: { ruleId: string; path?: string }[] }).trace;
    expect(trace.find((entry) => entry.ruleId === 'consent/text-banner')?.path).toBe('html>body>div:nth-child(4)>div');
  });
});

describe('--report DIR for a batch', () => {
  async function batchTree(): Promise<string> {
    const root = await makeTempDir();
    await writeTree(root, {
      'in/cgtn.html': await readFile(CGTN_SOURCE),
      'in/index.html': articlePage('An input named index'),
      'in/sub/b.html': articlePage('Page B'),
      'in/empty.html': '<html><body></body></html>',
    });
    return root;
  }

  it('writes one report per page under pages/ and an index linking each, with per-rule counts', async () => {
    const root = await batchTree();
    const result = await runBin(['in', '-o', 'out', '--report', 'rep', '-j', '1'], { cwd: root });
    expect(result.code).toBe(1); // the empty page fails; the others go on
    expect(await listTree(join(root, 'rep'))).toEqual([
      '.declutter-manifest.json',
      'index.html',
      'pages/cgtn.html',
      'pages/index.html',
      'pages/sub/b.html',
    ]);
    const index = await readFile(join(root, 'rep/index.html'), 'utf-8');
    const { document } = new JSDOM(index).window;
    const links = Array.from(document.querySelectorAll('a')).map((link) => link.getAttribute('href') ?? '');
    expect(links.sort()).toEqual(['pages/cgtn.html', 'pages/index.html', 'pages/sub/b.html']);
    for (const link of links) expect(existsSync(join(root, 'rep', link)), link).toBe(true);
    const ruleRows = Array.from(document.querySelectorAll('table')[0]?.querySelectorAll('tbody tr') ?? []).map((row) =>
      Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent),
    );
    expect(ruleRows).toContainEqual(['captions/adjacent-blocks', 'repeated captions', '2', '1']);
    expect(ruleRows).toContainEqual(['consent/text-banner', 'consent notices', '1', '1']);
    expect(document.querySelectorAll('table.sortable th button').length).toBeGreaterThan(5);
    expect(document.body.textContent).toContain('in/empty.html');
    expect(marksOf(await readFile(join(root, 'rep/pages/cgtn.html'), 'utf-8'))).toContain('consent/text-banner');
    // The report directory keeps its own manifest, with the hash of each file written.
    const manifest = JSON.parse(await readFile(join(root, 'rep/.declutter-manifest.json'), 'utf-8')) as {
      files: Record<string, { sha256: string }>;
    };
    expect(Object.keys(manifest.files).sort()).toEqual([
      'index.html',
      'pages/cgtn.html',
      'pages/index.html',
      'pages/sub/b.html',
    ]);
    expect(manifest.files['index.html']?.sha256).toBe(createHash('sha256').update(index).digest('hex'));

    // Again: its own files are replaced, and the reports are not taken for inputs.
    const again = await runBin(['in', '-o', 'out', '--report', 'in/reports', '-j', '1'], { cwd: root });
    expect(again.code).toBe(1);
    const third = await runBin(['in', '-o', 'out', '--report', 'in/reports', '-j', '1'], { cwd: root });
    expect(third.stderr).toMatch(/3 converted, 1 failed/);
  }, 300_000);

  it('refuses, before writing anything, a file it did not write, a symlink, and --skip-unchanged', async () => {
    const root = await batchTree();
    await writeTree(root, { 'rep/pages/sub/b.html': 'mine, not declutter’s' });
    const foreign = await runBin(['in', '-o', 'out', '--report', 'rep', '-j', '1'], { cwd: root });
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/rep\/pages\/sub\/b\.html: exists and was not written by declutter/);
    expect(existsSync(join(root, 'out'))).toBe(false);
    expect(await readFile(join(root, 'rep/pages/sub/b.html'), 'utf-8')).toBe('mine, not declutter’s');

    const forced = await runBin(['in', '-o', 'out', '--report', 'rep', '--force', '-j', '1'], { cwd: root });
    expect(forced.code).toBe(1);
    expect(await readFile(join(root, 'rep/pages/sub/b.html'), 'utf-8')).toContain('declutter report: Page B');

    const elsewhere = await makeTempDir();
    await symlink(elsewhere, join(root, 'rep/pages/linked'));
    await writeTree(root, { 'in/linked/x.html': articlePage('X') });
    const linked = await runBin(['in', '-o', 'out', '--report', 'rep', '-j', '1'], { cwd: root });
    expect(linked.code).toBe(2);
    expect(linked.stderr).toMatch(/symbolic link/);
    expect(await readdir(elsewhere)).toEqual([]);

    const skip = await runBin(['in', '-o', 'out2', '--report', 'rep2', '--skip-unchanged'], { cwd: root });
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(/--report and --skip-unchanged/);
  }, 300_000);

  it('refuses a report directory that is the output directory or inside it', async () => {
    const root = await batchTree();
    for (const report of ['out', 'out/rep']) {
      const result = await runBin(['in', '-o', 'out', '--report', report], { cwd: root });
      expect(result.code, report).toBe(2);
      expect(result.stderr).toMatch(/must be separate directories/);
    }
    expect(existsSync(join(root, 'out'))).toBe(false);
  }, 120_000);
});
