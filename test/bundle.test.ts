// The CLI bundle the build makes: used while current, skipped once stale, and the same CLI either way.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadBundleScript, MANIFEST_FORMAT, wrapCommonJs, type BundleManifest } from '../src/bundle/load-bundle.js';
import { stampFile } from '../src/file-stamp.js';
import { reportError } from '../src/cli/errors-to-exit.js';
import { readFile } from 'node:fs/promises';
import { articlePage, assertBuilt, listTree, makeTempDir, ROOT, runBin, writeTree } from './cli-support.js';

let scratch: string | undefined;
afterEach(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A package root in a scratch directory with a one-line bundle, one input file and a manifest. */
function scratchBundle(options: { codeCache?: boolean } = {}) {
  scratch = mkdtempSync(join(tmpdir(), 'declutter-bundle-'));
  const bundleDir = join(scratch, 'dist', 'bundle');
  mkdirSync(bundleDir, { recursive: true });
  const scriptPath = join(bundleDir, 'x.cjs');
  const source = 'module.exports = { hello: () => "hi from the bundle" };';
  writeFileSync(scriptPath, source);
  const input = join(scratch, 'dist', 'input.js');
  writeFileSync(input, 'export const x = 1;\n');
  const cachePath = join(bundleDir, 'x.cache');
  if (options.codeCache) writeFileSync(cachePath, new Script(wrapCommonJs(source)).createCachedData());
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    node: process.version,
    root: scratch,
    entries: { x: { script: stampFile(scriptPath), codeCache: options.codeCache ? stampFile(cachePath) : undefined } },
    inputs: [stampFile(input)],
  };
  const manifestPath = join(bundleDir, 'manifest.json');
  const writeManifest = (changes: Partial<BundleManifest> = {}) =>
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, ...changes }));
  writeManifest();
  return { manifestPath, input, writeManifest };
}

type Hello = { hello(): string };

describe('loading a bundle', () => {
  it('runs the bundle while it and its inputs are unchanged', () => {
    const { manifestPath } = scratchBundle();
    expect(loadBundleScript<Hello>('x', manifestPath)?.exports.hello()).toBe('hi from the bundle');
    expect(loadBundleScript('other', manifestPath)).toBeUndefined();
  });

  it('uses the code cache, and runs without one', () => {
    const { manifestPath } = scratchBundle({ codeCache: true });
    const loaded = loadBundleScript<Hello>('x', manifestPath);
    expect(loaded?.exports.hello()).toBe('hi from the bundle');
    expect(loaded?.codeCacheRejected).toBe(false);
  });

  it('is skipped once an input changed, the package moved, or the manifest is missing or foreign', () => {
    const { manifestPath, input, writeManifest } = scratchBundle();
    writeManifest({ root: '/somewhere/else' });
    expect(loadBundleScript('x', manifestPath)).toBeUndefined();
    writeManifest({ format: 99 as typeof MANIFEST_FORMAT });
    expect(loadBundleScript('x', manifestPath)).toBeUndefined();
    writeManifest();
    writeFileSync(input, 'export const x = 2; // edited\n');
    expect(loadBundleScript('x', manifestPath)).toBeUndefined();
    rmSync(manifestPath);
    expect(loadBundleScript('x', manifestPath)).toBeUndefined();
  });
});

describe('the built CLI bundle', () => {
  beforeAll(assertBuilt);

  it.each(['cli', 'convert'])('%s: is current after the build, and plain node accepts its code cache', (name) => {
    // In a child: V8 accepts a code cache only under the flags it was made with, and vitest's differ.
    const loader = pathToFileURL(join(ROOT, 'dist', 'bundle', 'load-bundle.js')).href;
    const code = `const { loadBundleScript } = await import(${JSON.stringify(loader)});
      const loaded = loadBundleScript(${JSON.stringify(name)});
      process.stdout.write(JSON.stringify({ loaded: loaded !== undefined, rejected: loaded?.codeCacheRejected }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf-8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ loaded: true, rejected: false });
    expect(statSync(join(ROOT, 'dist', 'bundle', `${name}.cache`)).size).toBeGreaterThan(0);
  });

  it('leaves jsdom and the converter out of the CLI bundle, for the converter bundle to hold', () => {
    // A batch's main thread reads only the CLI bundle: jsdom in it would be read and compiled for nothing.
    const cli = readFileSync(join(ROOT, 'dist', 'bundle', 'cli.cjs'), 'utf-8');
    const convert = readFileSync(join(ROOT, 'dist', 'bundle', 'convert.cjs'), 'utf-8');
    // jsdom's own file locations (kept by the build) and the pipeline's entry name mark the converting half.
    for (const marker of ['node_modules/jsdom/', 'function runPipeline(']) {
      expect(cli, marker).not.toContain(marker);
      expect(convert, marker).toContain(marker);
    }
    expect(cli).toContain('function runBatchCommand(');
    expect(convert).not.toContain('function runBatchCommand(');
  });

  it('behaves exactly like the unbundled CLI: documents, errors, exit codes', async () => {
    const page = join(ROOT, 'fixtures', 'core', 'article', 'simple-page', 'source.html');
    const runs = [
      [page, '--format', 'json', '--explain'],
      [page, '--front-matter'],
      [join(ROOT, 'missing.html')],
      ['--version'],
      ['--bogus'],
    ];
    for (const args of runs) {
      const [bundled, unbundled] = await Promise.all([
        runBin(args),
        runBin(args, { env: { DECLUTTER_NO_BUNDLE: '1' } }),
      ]);
      expect(bundled, args.join(' ')).toEqual(unbundled);
    }
  });

  it('gives batch and stream workers the same converter as the unbundled CLI', async () => {
    // Workers load the converter from the bundle (src/batch/worker-entry.ts) whatever the batch's size.
    const root = await makeTempDir();
    scratch = root;
    const pages = { 'in/a.html': articlePage('First page'), 'in/b/c.html': articlePage('Second page', { lang: 'de' }) };
    await writeTree(root, pages);
    const jsonl = Object.entries(pages)
      .map(([id, html]) => JSON.stringify({ id, url: `https://example.org/${id}`, html }))
      .join('\n');
    const runs = async (env: Record<string, string>, out: string) => {
      const folder = await runBin(['in', '-o', out, '--jobs', '1'], { cwd: root, env });
      const files = await listTree(join(root, out));
      const contents = await Promise.all(files.map((file) => readFile(join(root, out, file), 'utf-8')));
      const stream = await runBin(['--jsonl', '--jobs', '1'], { cwd: root, env, input: jsonl });
      // The summary lines say how long the run took; the rest must match.
      const untimed = (line: string) => line.replaceAll(out, 'OUT').replace(/ in [\d.]+ ?s.*$/gm, ' in …');
      return {
        folder: { ...folder, stderr: untimed(folder.stderr) },
        files,
        contents,
        stream: { ...stream, stderr: untimed(stream.stderr) },
      };
    };
    const bundled = await runs({}, 'out-bundled');
    const unbundled = await runs({ DECLUTTER_NO_BUNDLE: '1' }, 'out-unbundled');
    expect(bundled.folder.code).toBe(0);
    expect(bundled.stream.code).toBe(0);
    expect(bundled.contents.join('\n')).toContain('Paragraph 5 of the story about Second page');
    expect(bundled.stream.stdout.trim().split('\n')).toHaveLength(2);
    expect(bundled).toEqual(unbundled);
  });

  it("maps an error from the other bundle's copy of the error classes to its own exit code", () => {
    // What the converting half's UsageError looks like to the CLI bundle: same shape, another class.
    class ForeignUsageError extends Error {
      override name = 'UsageError';
      readonly code = 'usage';
    }
    expect(reportError(new ForeignUsageError('unknown rule id "x"'))).toEqual({
      message: 'unknown rule id "x"',
      exitCode: 2,
    });
    expect(reportError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toEqual({
      message: 'internal error: no such file',
      exitCode: 1,
    });
  });
});
