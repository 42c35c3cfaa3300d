// The bad-input suite, file system and process: unreadable, special and duplicate inputs, unwritable or
// full outputs, Ctrl-C mid-batch and broken rule files, each ending in one clear line and nothing lost.

import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  articleHtml,
  proseParagraphs,
  runDeclutter,
  stderrLines,
  stderrProblems,
  type CliRun,
} from './support/hostile-pages.js';
import { loadScaledMs } from './support/budget.js';

// The suite runs as root in CI, and root ignores file modes. Permission cases then run the CLI as
// `nobody` (uid/gid 65534) so the kernel really refuses; as any other user they run as that user.
const IS_ROOT = process.getuid?.() === 0;
const UNPRIVILEGED = IS_ROOT ? { uid: 65534, gid: 65534 } : {};

let dir: string;
/** Why permission cases cannot run here, if they cannot (root, and `nobody` cannot run the CLI from this checkout). */
let permissionSkip: string | undefined;

beforeAll(async () => {
  if (IS_ROOT) {
    const probe = await runDeclutter(['--version'], UNPRIVILEGED);
    if (probe.code !== 0) permissionSkip = 'running as root and uid 65534 cannot run the CLI from this checkout';
  }
  dir = await mkdtemp(join(tmpdir(), 'declutter-bad-fs-'));
  // mkdtemp makes the directory 0700; the unprivileged runs must be able to walk into it.
  await chmod(dir, 0o755);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  await chmod(path, 0o755);
  return path;
}

async function writeArticle(path: string, marker: string, paragraphs = 6): Promise<string> {
  const page = articleHtml({ title: `Story ${marker}`, marker, paragraphs });
  await writeFile(path, page.html);
  return proseParagraphs(marker, paragraphs).at(-1)!;
}

/** Every file under `root`, relative, sorted. */
async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

function expectOneErrorLine(run: CliRun, code: number, message: RegExp): string {
  const stderr = run.stderr.toString('utf-8');
  expect(stderrProblems(stderr)).toEqual([]);
  expect(run.killed).toBe(false);
  expect({ code: run.code, stderr }).toEqual({ code, stderr: expect.stringMatching(message) as string });
  const lines = stderrLines(stderr);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

/** A failed write is an expected condition, not a bug: the line names the output file, not "internal error". */
function expectWriteFailure(line: string): void {
  expect(line).toContain('page.md');
  expect(line).not.toMatch(/internal error/i);
}

describe('inputs the file system makes hostile', () => {
  it('an unreadable file: permission denied, exit 1', async (context) => {
    if (permissionSkip) context.skip(permissionSkip);
    const base = await fresh('unreadable');
    const path = join(base, 'secret.html');
    await writeArticle(path, 'secret');
    await chmod(path, 0o000);
    const run = await runDeclutter([path], UNPRIVILEGED);
    const line = expectOneErrorLine(run, 1, /permission denied/i);
    expect(line.split('secret.html')).toHaveLength(2);
    expect(run.stdout.length).toBe(0);
  });

  it('an unreadable file in a batch fails alone; the readable one is converted', async (context) => {
    if (permissionSkip) context.skip(permissionSkip);
    const base = await fresh('unreadable-batch');
    const input = await fresh('unreadable-batch/in');
    const out = join(base, 'out');
    await mkdir(out);
    await chmod(out, 0o777);
    const last = await writeArticle(join(input, 'a.html'), 'readable one');
    await writeArticle(join(input, 'b.html'), 'locked one');
    await chmod(join(input, 'b.html'), 0o000);
    const run = await runDeclutter([input, '-o', out, '--quiet', '--jobs', '1'], UNPRIVILEGED);
    const line = expectOneErrorLine(run, 1, /permission denied/i);
    // One name per line: not `…/b.html: …/b.html: permission denied`.
    expect(line.split('b.html')).toHaveLength(2);
    expect(await readFile(join(out, 'a.md'), 'utf-8')).toContain(last);
    expect((await listTree(out)).filter((name) => name.endsWith('.md'))).toEqual(['a.md']);
  });

  it('a dangling symlink: no such file, exit 1', async () => {
    const base = await fresh('dangling');
    const path = join(base, 'gone.html');
    await symlink(join(base, 'nowhere.html'), path);
    const line = expectOneErrorLine(await runDeclutter([path]), 1, /no such file/i);
    expect(line).toContain('gone.html');
  });

  it('a FIFO is refused at once, not read (which would block)', async () => {
    const base = await fresh('fifo');
    const path = join(base, 'pipe.html');
    execFileSync('mkfifo', [path]);
    const line = expectOneErrorLine(
      await runDeclutter([path], { budgetMs: loadScaledMs(15_000) }),
      1,
      /not a regular file|special|fifo/i,
    );
    expect(line).toContain('pipe.html');
  });

  it('a FIFO inside a batch directory is skipped or reported, and the batch finishes', async () => {
    const input = await fresh('fifo-batch/in');
    const out = join(dir, 'fifo-batch', 'out');
    const last = await writeArticle(join(input, 'a.html'), 'next to a fifo');
    execFileSync('mkfifo', [join(input, 'b.html')]);
    const run = await runDeclutter([input, '-o', out, '--quiet'], { budgetMs: loadScaledMs(15_000) });
    expect(run.killed).toBe(false);
    expect(stderrProblems(run.stderr.toString('utf-8'))).toEqual([]);
    expect([0, 1]).toContain(run.code);
    expect(await readFile(join(out, 'a.md'), 'utf-8')).toContain(last);
  });

  it('a directory given where one file is expected (no -o): usage error, exit 2', async () => {
    const input = await fresh('dir-as-file');
    await writeArticle(join(input, 'a.html'), 'in a dir');
    const line = expectOneErrorLine(await runDeclutter([input]), 2, /-o|output|director/i);
    expect(line).toMatch(/^declutter: /);
  });

  it('the same file twice and via a symlink is converted once', async () => {
    const base = await fresh('same-file');
    const input = await fresh('same-file/in');
    const out = join(base, 'out');
    const last = await writeArticle(join(input, 'a.html'), 'only once');
    await symlink(join(input, 'a.html'), join(base, 'link-to-a.html'));
    const run = await runDeclutter([
      join(input, 'a.html'),
      join(input, 'a.html'),
      join(base, 'link-to-a.html'),
      '-o',
      out,
    ]);
    expect(stderrProblems(run.stderr.toString('utf-8'))).toEqual([]);
    expect(run.code).toBe(0);
    const written = (await listTree(out)).filter((name) => name.endsWith('.md'));
    expect(written).toHaveLength(1);
    expect(await readFile(join(out, written[0]!), 'utf-8')).toContain(last);
  });
});

describe('outputs that cannot be written', () => {
  it('a read-only output directory: permission denied, exit 1, nothing left behind', async (context) => {
    if (permissionSkip) context.skip(permissionSkip);
    const base = await fresh('readonly');
    const out = await fresh('readonly/out');
    await chmod(out, 0o555);
    const input = join(base, 'page.html');
    await writeArticle(input, 'read only');
    const run = await runDeclutter([input, '-o', join(out, 'page.md')], UNPRIVILEGED);
    expectWriteFailure(expectOneErrorLine(run, 1, /permission denied/i));
    expect(await listTree(out)).toEqual([]);
  });

  it('a read-only output directory in a batch: every page fails clearly, nothing is written', async (context) => {
    if (permissionSkip) context.skip(permissionSkip);
    const input = await fresh('readonly-batch/in');
    const out = await fresh('readonly-batch/out');
    await chmod(out, 0o555);
    await writeArticle(join(input, 'a.html'), 'batch read only a');
    await writeArticle(join(input, 'b.html'), 'batch read only b');
    const run = await runDeclutter([input, '-o', out, '--quiet'], UNPRIVILEGED);
    const stderr = run.stderr.toString('utf-8');
    expect(stderrProblems(stderr)).toEqual([]);
    expect([1, 2]).toContain(run.code);
    expect(stderr).toMatch(/permission denied/i);
    expect(await listTree(out)).toEqual([]);
  });

  it('a write that fails part-way (file-size limit, EFBIG) leaves no partial or temp file', async () => {
    // No small disk is guaranteed in CI, so RLIMIT_FSIZE stands in for a full disk: the kernel refuses
    // the write past 1 block mid-file exactly as it would on ENOSPC (Node ignores SIGXFSZ).
    const out = await fresh('fsize/out');
    const input = join(dir, 'fsize', 'page.html');
    await writeArticle(input, 'big output', 60);
    const run = await runDeclutter([input, '-o', join(out, 'page.md')], { shellPrefix: 'ulimit -f 4;' });
    expectWriteFailure(expectOneErrorLine(run, 1, /too large|file size|EFBIG|no space|write/i));
    expect(await listTree(out)).toEqual([]);
  });

  it('a full disk (a 64 KiB tmpfs) fails with "no space left", leaving no partial or temp file', async (context) => {
    const mountPoint = await fresh('tmpfs');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      context.skip('mounting a tmpfs needs CAP_SYS_ADMIN; the EFBIG case above covers the write path');
      return;
    }
    try {
      const input = join(dir, 'tmpfs-page.html');
      await writeArticle(input, 'fills the disk', 400);
      const run = await runDeclutter([input, '-o', join(mountPoint, 'page.md')]);
      expectWriteFailure(expectOneErrorLine(run, 1, /no space left/i));
      expect(await listTree(mountPoint)).toEqual([]);
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });
});

describe('Ctrl-C mid-batch', () => {
  it('exits 130 and leaves only complete .md files', { timeout: 60_000 }, async () => {
    const input = await fresh('sigint/in');
    const out = join(dir, 'sigint', 'out');
    const lastLines = new Map<string, string>();
    for (let index = 0; index < 400; index += 1) {
      const name = `page-${String(index).padStart(3, '0')}`;
      lastLines.set(`${name}.md`, await writeArticle(join(input, `${name}.html`), `interrupted ${index}`, 20));
    }
    let sent = false;
    const run = await runDeclutter([input, '-o', out, '--jobs', '2'], {
      budgetMs: 50_000,
      onSpawn: (child) => {
        const poll = setInterval(() => {
          void readdir(out)
            .catch(() => [])
            .then((names) => {
              if (sent || names.filter((name) => name.endsWith('.md')).length < 5) return;
              sent = true;
              clearInterval(poll);
              child.kill('SIGINT');
            });
        }, 50);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(sent).toBe(true);
    expect(run.killed).toBe(false);
    expect(stderrProblems(run.stderr.toString('utf-8'))).toEqual([]);
    expect(run.code).toBe(130);
    const files = await listTree(out);
    const markdown = files.filter((name) => name.endsWith('.md'));
    expect(markdown.length).toBeGreaterThan(0);
    expect(markdown.length).toBeLessThan(400);
    expect(files.filter((name) => !name.endsWith('.md') && !name.endsWith('manifest.json'))).toEqual([]);
    for (const name of markdown) {
      const text = await readFile(join(out, name), 'utf-8');
      expect(text.trimEnd().endsWith(lastLines.get(name)!), name).toBe(true);
    }
  });
});

describe('broken user rule files', () => {
  // Everything but the field under test is valid, so the error can only be about that field.
  const WHY = 'Drops the paragraphs this test page repeats, so the rule has a real reason to exist.';
  const cases: { name: string; file: string; body: string; field: RegExp }[] = [
    {
      name: 'an unknown action',
      file: 'bad-action.json',
      body: JSON.stringify({
        id: 'mine',
        rules: [{ id: 'r1', phase: 'post', action: 'explode', why: WHY, selector: 'p' }],
      }),
      field: /action/,
    },
    {
      name: 'a missing rule id',
      file: 'no-id.json',
      body: JSON.stringify({ id: 'mine', rules: [{ phase: 'post', action: 'remove', why: WHY, selector: 'p' }] }),
      field: /\bid\b/,
    },
    {
      name: 'an invalid selector',
      file: 'bad-selector.json',
      body: JSON.stringify({
        id: 'mine',
        rules: [{ id: 'r1', phase: 'post', action: 'remove', why: WHY, selector: 'p[[' }],
      }),
      field: /selector/,
    },
    {
      name: 'an invalid regular expression',
      file: 'bad-regex.yaml',
      body: `id: mine\nrules:\n  - id: r1\n    phase: post\n    action: remove\n    why: ${WHY}\n    selector: p\n    when:\n      text: "(unclosed"\n`,
      field: /text/,
    },
    { name: 'broken YAML', file: 'broken.yaml', body: 'id: mine\nrules: [\n  - : :\n', field: /yaml/i },
  ];
  for (const testCase of cases) {
    it(`${testCase.name}: exit 2, one line naming the file and the field`, async () => {
      const base = await fresh('rules');
      const rules = join(base, testCase.file);
      await writeFile(rules, testCase.body);
      const page = join(base, 'page.html');
      await writeArticle(page, 'rules page');
      const run = await runDeclutter([page, '--rules', rules]);
      const line = expectOneErrorLine(run, 2, testCase.field);
      expect(line).toContain(testCase.file);
      expect(run.stdout.length).toBe(0);
    });
  }
});
