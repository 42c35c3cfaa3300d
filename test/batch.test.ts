// Batch mode against the real bin: tree mirroring, safety refusals, failures, timeouts, caps, re-runs.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { articlePage, assertBuilt, listTree, makeTempDir, writeTree, runBin } from './cli-support.js';
import { loadScaledMs } from './support/budget.js';

beforeAll(() => assertBuilt());

interface ManifestShape {
  files: Record<string, { sha256: string; input: string }>;
}

async function readManifest(out: string): Promise<ManifestShape> {
  return JSON.parse(await readFile(join(out, '.declutter-manifest.json'), 'utf-8')) as ManifestShape;
}

describe('directories', () => {
  it('mirrors a tree of .html/.htm/.xhtml/.html.gz into OUT as .md, with a manifest of hashes', async () => {
    const root = await makeTempDir();
    await writeTree(join(root, 'in'), {
      'a.html': articlePage('Page A'),
      'sub/b.htm': articlePage('Page B'),
      'sub/deep/c.xhtml': articlePage('Page C'),
      'd.html.gz': gzipSync(articlePage('Page D')),
      'notes.css': 'body { color: red }',
    });
    const result = await runBin(['in', '-o', 'out/'], { cwd: root });
    expect(result.stderr).toMatch(/4 converted, 0 failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('\r');
    const out = join(root, 'out');
    expect(await listTree(out)).toEqual(['.declutter-manifest.json', 'a.md', 'd.md', 'sub/b.md', 'sub/deep/c.md']);
    expect(await readFile(join(out, 'sub/deep/c.md'), 'utf-8')).toMatch(/^# Page C\n/);
    expect(await readFile(join(out, 'd.md'), 'utf-8')).toMatch(/^# Page D\n/);
    const manifest = await readManifest(out);
    const written = await readFile(join(out, 'a.md'));
    expect(manifest.files['a.md']?.sha256).toBe(createHash('sha256').update(written).digest('hex'));
    expect(manifest.files['sub/b.md']?.input).toBe(join('in', 'sub', 'b.htm'));
  });

  it("shows a page's warnings without -v, one line each, and counts the pages in the summary", async () => {
    const root = await makeTempDir();
    const garbled = articlePage('Caf\u00e9 M\u00fcller', { charsetMeta: 'iso-8859-1' });
    await writeTree(join(root, 'in'), { 'a.html': articlePage('Page A'), 'b.html': Buffer.from(garbled, 'utf-8') });
    const result = await runBin(['in', '-o', 'out/'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /declutter: warning: in[/\\]b\.html: <meta> declares windows-1252, but the bytes are UTF-8.*decoded as UTF-8\n/,
    );
    expect(result.stderr).toMatch(/2 converted, 1 with warnings, 0 failed/);
    expect(await readFile(join(root, 'out', 'b.md'), 'utf-8')).toMatch(/^# Café Müller\n/);
  });

  it('uses the --format extension, and expands globs relative to their fixed prefix', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      'site/x/one.html': articlePage('One'),
      'site/x/two.html': articlePage('Two'),
      'site/y.html': articlePage('Y'),
    });
    const result = await runBin(['site/x/*.html', '-o', 'out', '--format', 'json'], { cwd: root });
    expect(result.code).toBe(0);
    expect(await listTree(join(root, 'out'))).toEqual(['.declutter-manifest.json', 'one.json', 'two.json']);
    const data = JSON.parse(await readFile(join(root, 'out', 'two.json'), 'utf-8')) as { metadata: { title: string } };
    expect(data.metadata.title).toBe('Two');
  });

  it('refuses a directory without -o (usage, exit 2)', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'in/a.html': articlePage('A') });
    const result = await runBin(['in'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/-o OUT/);
  });

  it('skips OUT inside an input directory, follows no symlink loop, and reads each real file once', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'in/a.html': articlePage('A'), 'in/sub/b.html': articlePage('B') });
    await symlink(join(root, 'in'), join(root, 'in', 'sub', 'loop'));
    await symlink(join(root, 'in', 'a.html'), join(root, 'in', 'sub', 'also-a.html'));
    const first = await runBin(['in', '-o', 'in/out'], { cwd: root });
    expect(first.stderr).toMatch(/2 converted, 0 failed/);
    // A page dropped into OUT is not an input on the next run.
    await writeFile(join(root, 'in', 'out', 'stray.html'), articlePage('Stray'));
    const second = await runBin(['in', '-o', 'in/out'], { cwd: root });
    expect(second.stderr).toMatch(/2 converted, 0 failed/);
    expect(existsSync(join(root, 'in', 'out', 'out'))).toBe(false);
  });
});

describe('never clobber', () => {
  it('detects name collisions (a.html + a.htm, case-only) before writing anything', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      'in/a.html': articlePage('A'),
      'in/a.htm': articlePage('A2'),
      'in/B.html': articlePage('B'),
      'in/b.html': articlePage('b'),
    });
    const result = await runBin(['in', '-o', 'out'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a\.md: name collision/);
    expect(result.stderr).toMatch(/[Bb]\.md: name collision/);
    expect(result.stderr).toMatch(/nothing written/);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('refuses a file it did not write unless --force, and a changed file it did write', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'in/a.html': articlePage('A'), 'in/b.html': articlePage('B'), 'out/a.md': 'my own notes' });
    const refused = await runBin(['in', '-o', 'out'], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/a\.md: exists and was not written by declutter \(use --force/);
    expect(await readFile(join(root, 'out', 'a.md'), 'utf-8')).toBe('my own notes');
    expect(existsSync(join(root, 'out', 'b.md'))).toBe(false);

    const forced = await runBin(['in', '-o', 'out', '--force'], { cwd: root });
    expect(forced.code).toBe(0);
    expect(await readFile(join(root, 'out', 'a.md'), 'utf-8')).toMatch(/^# A\n/);

    const again = await runBin(['in', '-o', 'out'], { cwd: root });
    expect(again.code).toBe(0);

    await writeFile(join(root, 'out', 'b.md'), 'edited by hand');
    const edited = await runBin(['in', '-o', 'out'], { cwd: root });
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/b\.md: changed since declutter wrote it/);
    expect(await readFile(join(root, 'out', 'b.md'), 'utf-8')).toBe('edited by hand');
  }, 180_000);

  it('refuses symlinks in OUT even with --force, and never writes onto an input', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'in/a.html': articlePage('A'), 'elsewhere/keep.md': 'keep', 'elsewhere/dir/x': '' });
    await mkdir(join(root, 'out'));
    await symlink(join(root, 'elsewhere', 'keep.md'), join(root, 'out', 'a.md'));
    const linkFile = await runBin(['in', '-o', 'out', '--force'], { cwd: root });
    expect(linkFile.code).toBe(2);
    expect(linkFile.stderr).toMatch(/a\.md: is a symbolic link/);
    expect(await readFile(join(root, 'elsewhere', 'keep.md'), 'utf-8')).toBe('keep');

    await writeTree(root, { 'in2/sub/b.html': articlePage('B') });
    await mkdir(join(root, 'out2'));
    await symlink(join(root, 'elsewhere', 'dir'), join(root, 'out2', 'sub'));
    const linkDir = await runBin(['in2', '-o', 'out2', '--force'], { cwd: root });
    expect(linkDir.code).toBe(2);
    expect(linkDir.stderr).toMatch(/symbolic link; refusing to write through it/);
    expect(await readdir(join(root, 'elsewhere', 'dir'))).toEqual(['x']);

    // notes.md is an input (named explicitly); its output would be notes.md in the same directory.
    await writeTree(root, {
      'same/notes.md': 'Just a note.\n\nA second paragraph of plain text.',
      'same/p.html': articlePage('P'),
    });
    const onto = await runBin(['notes.md', 'p.html', '-o', '.', '--force'], { cwd: join(root, 'same') });
    expect(onto.code).toBe(2);
    expect(onto.stderr).toMatch(/notes\.md: is one of the inputs/);
    expect(await readFile(join(root, 'same', 'notes.md'), 'utf-8')).toBe(
      'Just a note.\n\nA second paragraph of plain text.',
    );
  }, 180_000);
});

describe('failures', () => {
  it('goes on after bad pages, lists each, exits 1; caps size and gzip bombs', async () => {
    const root = await makeTempDir();
    await writeTree(root, {
      'in/good.html': articlePage('Good'),
      'in/empty.html': '<html><head><title>Empty</title></head><body></body></html>',
      'in/big.html': articlePage('Big', { body: '<p>word </p>'.repeat(40_000) }),
      // 30 MB of spaces gzip to ~30 kB: the cap stops it while streaming.
      'in/bomb.html.gz': gzipSync(Buffer.alloc(30 * 1024 * 1024, 0x20)),
      'in/broken.html.gz': Buffer.from('not gzip at all'),
    });
    const result = await runBin(['in', '-o', 'out', '--max-bytes', '200000'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 converted, 4 failed/);
    expect(result.stderr).toMatch(/empty\.html: no article content found/);
    expect(result.stderr).toMatch(/big\.html: \d+ bytes, over the 200000-byte limit/);
    expect(result.stderr).toMatch(/bomb\.html\.gz: over the 200000-byte decompressed-size limit/);
    expect(result.stderr).toMatch(/broken\.html\.gz: not valid gzip data/);
    expect(await listTree(join(root, 'out'))).toEqual(['.declutter-manifest.json', 'good.md']);
  });

  it('--timeout really stops a slow page and the batch goes on', { timeout: loadScaledMs(60_000) }, async () => {
    const root = await makeTempDir();
    // 12,000 short lines split by <br><br>: small in memory, but Readability's work on thousands of
    // sibling paragraphs grows with their square — many seconds of CPU, stopped only by terminating
    // the worker. (A page of many elements is no good here: it hits the worker's heap cap first.)
    const slow = articlePage('Slow', { body: `<p>${'x<br><br>'.repeat(12_000)}</p>` });
    await writeTree(root, { 'in/a-slow.html': slow, 'in/b-fast.html': articlePage('Fast') });
    const started = Date.now();
    const result = await runBin(['in', '-o', 'out', '--timeout', '1', '--jobs', '1'], { cwd: root });
    const seconds = (Date.now() - started) / 1000;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a-slow\.html: timed out after 1 s \(--timeout\)/);
    expect(result.stderr).toMatch(/1 converted, 1 failed/);
    expect(await readFile(join(root, 'out', 'b-fast.md'), 'utf-8')).toMatch(/^# Fast\n/);
    expect(seconds).toBeLessThan(loadScaledMs(40_000) / 1000);
  });
});

describe('lists, re-runs', () => {
  it('--from-list reads paths (and reports missing ones); --skip-unchanged reconverts only what changed', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'p/one.html': articlePage('One'), 'p/two.html': articlePage('Two') });
    await writeFile(join(root, 'list.txt'), '# pages\np/one.html\n\np/two.html\np/missing.html\n');
    const first = await runBin(['--from-list', 'list.txt', '-o', 'out', '--skip-unchanged', '-v'], { cwd: root });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/p\/missing\.html: no such file or directory/);
    expect(first.stderr).toMatch(/2 converted, 1 failed/);
    expect(await listTree(join(root, 'out'))).toEqual(['.declutter-manifest.json', 'p/one.md', 'p/two.md']);

    await writeFile(join(root, 'p', 'two.html'), articlePage('Two, revised'));
    const second = await runBin(['p/one.html', 'p/two.html', '-o', 'out', '--skip-unchanged'], { cwd: root });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/1 converted, 1 unchanged, 0 failed/);
    expect(await readFile(join(root, 'out', 'p', 'two.md'), 'utf-8')).toMatch(/^# Two, revised\n/);

    await rm(join(root, 'out', 'p', 'one.md'));
    const deleted = await runBin(['p/one.html', 'p/two.html', '-o', 'out', '--skip-unchanged'], { cwd: root });
    expect(deleted.stderr).toMatch(/1 converted, 1 unchanged, 0 failed/);
    expect(await readFile(join(root, 'out', 'p', 'one.md'), 'utf-8')).toMatch(/^# One\n/);

    const options = await runBin(['p/one.html', 'p/two.html', '-o', 'out', '--skip-unchanged', '--no-title'], {
      cwd: root,
    });
    expect(options.stderr).toMatch(/2 converted, 0 failed/);
    expect(await readFile(join(root, 'out', 'p', 'one.md'), 'utf-8')).not.toMatch(/^# One/);
  }, 180_000);
});

describe('--explain in a batch', () => {
  const cgtn = new URL('../fixtures/sites/cgtn.com/article/source.html', import.meta.url);

  it('writes each page its trace beside its output, the lines --explain prints for one page', async () => {
    const root = await makeTempDir();
    await writeTree(join(root, 'in'), { 'news/a.html': await readFile(cgtn), 'b.html': articlePage('Page B') });
    const result = await runBin(['in', '-o', 'out/', '--explain'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const out = join(root, 'out');
    expect(await listTree(out)).toEqual([
      '.declutter-manifest.json',
      'b.explain.txt',
      'b.md',
      'news/a.explain.txt',
      'news/a.md',
    ]);
    const single = await runBin([join(root, 'in', 'news', 'a.html'), '--explain'], { env: { NO_COLOR: '1' } });
    const trace = await readFile(join(out, 'news/a.explain.txt'), 'utf-8');
    expect(trace).toMatch(/^\[pre\] consent\/text-banner remove /m);
    expect(trace).toBe(single.stderr);
    const manifest = await readManifest(out);
    expect(manifest.files['news/a.explain.txt']?.sha256).toBe(createHash('sha256').update(trace).digest('hex'));
  });

  it('never writes a trace over a file declutter did not write, nor onto a name another output takes', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'in/a.html': articlePage('A'), 'out/a.explain.txt': 'my notes' });
    const refused = await runBin(['in', '-o', 'out/', '--explain'], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('a.explain.txt: exists and was not written by declutter');
    expect(await listTree(join(root, 'out'))).toEqual(['a.explain.txt']);
    expect(await readFile(join(root, 'out/a.explain.txt'), 'utf-8')).toBe('my notes');

    await writeTree(root, { 'clash/a.html': articlePage('A'), 'clash/a.explain.html': articlePage('B') });
    const clash = await runBin(['clash', '-o', 'out2/', '--explain', '--format', 'text'], { cwd: root });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/a\.explain\.txt: name collision/);
    expect(existsSync(join(root, 'out2'))).toBe(false);
  });

  it('keeps the trace inside JSON outputs, with no trace files', async () => {
    const root = await makeTempDir();
    await writeTree(root, { 'in/a.html': await readFile(cgtn) });
    const result = await runBin(['in', '-o', 'out/', '--explain', '--format', 'json'], { cwd: root });
    expect(result.code).toBe(0);
    expect(await listTree(join(root, 'out'))).toEqual(['.declutter-manifest.json', 'a.json']);
    const data = JSON.parse(await readFile(join(root, 'out', 'a.json'), 'utf-8')) as { trace: { ruleId: string }[] };
    expect(data.trace.map((entry) => entry.ruleId)).toContain('consent/text-banner');
  });
});
