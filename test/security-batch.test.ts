// Property: batch mode never writes outside OUT, whatever the input tree holds (odd names, `..`,
// symlinks in and out, symlink traps planted in OUT) and however the inputs are named on the command line.

import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import { lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTree } from './support/faults.js';
import { articleHtml, runDeclutter, stderrProblems } from './support/hostile-pages.js';

const SEED = Number(process.env.FC_SEED ?? 42);
const RUNS = 8;

let base: string;
let server: Server;
let serverUrl: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'declutter-batch-escape-'));
  // Every path answers with an article, so URL inputs with `..` and encoded slashes produce outputs.
  server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(articleHtml({ title: `Served ${request.url ?? ''}`, marker: 'served page' }).html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  serverUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(base, { recursive: true, force: true });
});

const DIRS = ['', 'sub', 'sub/deeper', '..a', '.hidden', ' space ', 'ünï', '-o', '%2e%2e'];
const NAMES = [
  'page.html',
  'Page.html',
  'page.htm',
  '..html',
  '...html',
  '.html',
  '..%2f..%2fescape.html',
  'a b.html',
  'new\nline.html',
  'back\\slash.html',
  '-rf.html',
  '--output=x.html',
  'ünïcödé.html',
  'x.html.gz.html',
  `${'long'.repeat(40)}.html`,
];
const fileName = fc.oneof(
  fc.constantFrom(...NAMES),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .map((stem) => `${stem.replace(/[/\u0000]/g, '_')}.html`)
    .filter((name) => name !== '.' && name !== '..'),
);

const tree = fc.record({
  files: fc.array(fc.tuple(fc.constantFrom(...DIRS), fileName), { minLength: 1, maxLength: 8 }),
  linkDirOutside: fc.boolean(),
  linkFileOutside: fc.boolean(),
  trapFileInOut: fc.boolean(),
  trapDirInOut: fc.boolean(),
  inputStyle: fc.constantFrom('dir', 'dotdot', 'files', 'glob', 'urls'),
});

describe('batch mode never writes outside OUT', () => {
  it('holds for generated trees, traps and input spellings', { timeout: 300_000 }, async () => {
    let index = 0;
    await fc.assert(
      fc.asyncProperty(tree, async (spec) => {
        index += 1;
        const root = join(base, `case-${index}`);
        const input = join(root, 'in');
        const outside = join(root, 'outside');
        // OUT sits two levels down, so a write escaping by `..` still lands inside root, where we look.
        const out = join(root, 'deep', 'er', 'out');
        await mkdir(input, { recursive: true });
        await mkdir(outside, { recursive: true });
        await mkdir(out, { recursive: true });
        await writeFile(join(outside, 'target.md'), 'not to be touched\n');
        await writeFile(join(outside, 'story.html'), articleHtml({ title: 'Outside', marker: 'outside' }).html);
        const written: string[] = [];
        for (const [dir, name] of spec.files) {
          const path = join(input, dir, name);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(
            path,
            articleHtml({ title: `Story ${written.length}`, marker: `file ${written.length}` }).html,
          );
          written.push(path);
        }
        if (spec.linkDirOutside) await symlink(outside, join(input, 'linked-outside'));
        if (spec.linkFileOutside) await symlink(join(outside, 'story.html'), join(input, 'linked-story.html'));
        // Traps: outputs that already exist as symlinks leading out of OUT.
        if (spec.trapFileInOut) await symlink(join(outside, 'target.md'), join(out, 'page.md'));
        if (spec.trapDirInOut) await symlink(outside, join(out, 'sub'));

        const inputs =
          spec.inputStyle === 'dir'
            ? [input]
            : spec.inputStyle === 'dotdot'
              ? [`${input}/sub/../.`, `${out}/../../../in`]
              : spec.inputStyle === 'files'
                ? written
                : spec.inputStyle === 'glob'
                  ? [`${input}/**/*.html`]
                  : [
                      `${serverUrl}/%2e%2e/%2e%2e/%2e%2e/escape.html`,
                      `${serverUrl}/a/..%2f..%2f..%2fescape.html`,
                      `${serverUrl}/sub/page`,
                      `${serverUrl}/..`,
                    ];
        const before = await snapshotTree(root, [relative(root, out)]);
        const run = await runDeclutter([...inputs, '-o', out, '--quiet', '--jobs', '2'], { budgetMs: 60_000 });
        const after = await snapshotTree(root, [relative(root, out)]);
        expect(run.killed).toBe(false);
        expect(stderrProblems(run.stderr.toString('utf-8'))).toEqual([]);
        expect([0, 1, 2]).toContain(run.code);
        expect([...after].filter(([path, hash]) => before.get(path) !== hash)).toEqual([]);
        expect([...before.keys()].filter((path) => !after.has(path))).toEqual([]);
        // The traps are still the links they were, not files written through.
        if (spec.trapFileInOut) expect((await lstat(join(out, 'page.md'))).isSymbolicLink()).toBe(true);
        if (spec.trapDirInOut) expect((await lstat(join(out, 'sub'))).isSymbolicLink()).toBe(true);
        await rm(root, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
