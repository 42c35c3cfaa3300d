// What a newcomer meets first: one name per error line, nothing-to-do is a failure that writes nothing,
// number options that name themselves, empty stdin said so, gzip bytes from stdin and URLs, and a --help
// that points at the rules commands.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, articlePage, assertBuilt, makeTempDir, runBin, startServer, type TestServer } from './cli-support.js';

const page = articlePage('Harbour bridge reopens');
/** 2 MB of one repeated byte: a gzip of a few kilobytes, far over a small --max-bytes when inflated. */
const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x61));

let server: TestServer;
let root: string;

beforeAll(async () => {
  assertBuilt();
  root = await makeTempDir('declutter-messages-');
  server = await startServer((request, response) => {
    switch (request.url) {
      case '/news/a.html':
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page);
        return;
      case '/saved/a.html.gz':
        // A saved page served as a file: gzip bytes, no Content-Encoding.
        response.writeHead(200, { 'content-type': 'application/gzip' });
        response.end(gzipSync(page));
        return;
      case '/encoded':
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        response.end(gzipSync(page));
        return;
      case '/twice':
        // A .gz file sent with Content-Encoding: gzip on top: fetch undoes one layer, declutter the other.
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        response.end(gzipSync(gzipSync(page)));
        return;
      case '/bomb.html.gz':
        response.writeHead(200, { 'content-type': 'application/gzip' });
        response.end(bomb);
        return;
      default:
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not here');
    }
  });
});
afterAll(() => server.close());

/** The stderr lines that are errors (`declutter: …`, not the summary). */
function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('declutter: ') && !/\d+ converted|^declutter: jobs \d/.test(line));
}

describe('one name per error line', () => {
  it('names a failed URL once, alone and in a batch', async () => {
    const url = `${server.url}/nope.html`;
    const single = await runBin([url]);
    expect(single.code).toBe(1);
    expect(single.stderr).toBe(`declutter: ${url}: HTTP 404 Not Found\n`);

    const dir = await makeTempDir();
    await writeFile(join(dir, 'list.txt'), `${url}\n${server.url}/news/a.html\nmissing.html\n`);
    const batch = await runBin(['--from-list', 'list.txt', '-o', 'out/', '-v'], { cwd: dir });
    expect(batch.code).toBe(1);
    const lines = errorLines(batch.stderr);
    expect(lines).toEqual([
      `declutter: missing.html: no such file or directory`,
      `declutter: ${url}: HTTP 404 Not Found`,
    ]);
    expect(batch.stderr).toContain(`failed ${url}: HTTP 404 Not Found\n`);
    for (const line of batch.stderr.split('\n')) {
      expect(line.split(url).length, line).toBeLessThanOrEqual(2);
      expect(line.split('missing.html').length, line).toBeLessThanOrEqual(2);
    }
  });

  it('names a page that fails in a batch worker once', async () => {
    const dir = await makeTempDir();
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'a.html'), page);
    await writeFile(join(dir, 'in', 'broken.html.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5]));
    await writeFile(join(dir, 'in', 'huge.html'), page.repeat(40));
    const batch = await runBin(['in', '-o', 'out/', '--max-bytes', '20000', '-v'], { cwd: dir });
    expect(batch.code).toBe(1);
    const broken = join('in', 'broken.html.gz');
    const huge = join('in', 'huge.html');
    expect(errorLines(batch.stderr)).toEqual([
      `declutter: ${broken}: not valid gzip data`,
      expect.stringMatching(new RegExp(`^declutter: ${huge}: \\d+ bytes, over the 20000-byte limit`)),
    ]);
    expect(batch.stderr).toContain(`failed ${broken}: not valid gzip data\n`);
  });
});

describe('nothing to do', () => {
  it('a directory without pages: exit 1, says what was searched, creates no output folder', async () => {
    const dir = await makeTempDir();
    await mkdir(join(dir, 'in', 'css'), { recursive: true });
    await writeFile(join(dir, 'in', 'css', 'site.css'), 'body { color: red }');
    const result = await runBin(['in', '-o', 'out/'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'declutter: in: no .html, .htm, .xhtml or .html.gz file in this directory or below\n' +
        'declutter: no pages to convert; nothing written\n',
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a glob that matches nothing, or an empty --from-list: the same', async () => {
    const dir = await makeTempDir();
    const glob = await runBin(['site/**/*.html', '-o', 'out/'], { cwd: dir });
    expect(glob.code).toBe(1);
    expect(glob.stderr).toBe(
      `declutter: site/**/*.html: no file matches (searched from ${dir})\ndeclutter: no pages to convert; nothing written\n`,
    );
    await writeFile(join(dir, 'list.txt'), '# nothing yet\n\n');
    const list = await runBin(['--from-list', 'list.txt', '-o', 'out/'], { cwd: dir });
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('declutter: --from-list list.txt: lists no paths or URLs\n');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an empty input beside real pages fails on its own; the pages are converted', async () => {
    const dir = await makeTempDir();
    await mkdir(join(dir, 'empty'));
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'a.html'), page);
    const result = await runBin(['in', 'empty', '-o', 'out/'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      'declutter: empty: no .html, .htm, .xhtml or .html.gz file in this directory or below',
    ]);
    expect(result.stderr).toMatch(/1 converted, 1 failed/);
    expect(existsSync(join(dir, 'out', 'a.md'))).toBe(true);
  });
});

describe('number options name themselves', () => {
  const cases: [string[], string][] = [
    [['-j', '0'], '--jobs must be a whole number ≥ 1 (got 0)'],
    [['--jobs', '1.5'], '--jobs must be a whole number ≥ 1 (got 1.5)'],
    [['--jobs', 'many'], '--jobs must be a whole number ≥ 1 (got many)'],
    [['--max-bytes', '-5'], '--max-bytes must be a whole number ≥ 1 (got -5)'],
    [['--max-redirects', 'x'], '--max-redirects must be a whole number ≥ 0 (got x)'],
    [['--timeout', '0'], '--timeout must be a number of seconds > 0 (got 0)'],
    [['--timeout', ''], '--timeout must be a number of seconds > 0 (got nothing)'],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const result = await runBin([...args, 'page.html']);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`declutter: ${message}\n`);
    });
  }
});

describe('stdin', () => {
  it('says stdin is empty when it is (or holds only whitespace), exit 1', async () => {
    for (const input of ['', ' \n\t\n']) {
      const result = await runBin([], { input });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('declutter: stdin is empty\n');
    }
  });

  it('inflates gzip bytes recognised by their signature', async () => {
    const result = await runBin([], { input: gzipSync(page) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('# Harbour bridge reopens');
  });

  it('stops inflating at --max-bytes: a gzip bomb is refused, exit 1', async () => {
    const result = await runBin(['--max-bytes', '100000'], { input: bomb });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('declutter: stdin: over the 100000-byte decompressed-size limit (--max-bytes)\n');
  });
});

describe('gzip from a URL', () => {
  for (const path of ['/saved/a.html.gz', '/encoded', '/twice']) {
    it(`converts ${path}`, async () => {
      const result = await runBin([`${server.url}${path}`]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe('# Harbour bridge reopens');
    });
  }

  it('stops inflating at --max-bytes, alone and in a batch', async () => {
    const url = `${server.url}/bomb.html.gz`;
    const single = await runBin(['--max-bytes', '100000', url]);
    expect(single.code).toBe(1);
    expect(single.stderr).toBe(`declutter: ${url}: over the 100000-byte decompressed-size limit (--max-bytes)\n`);
    const batch = await runBin([
      '--max-bytes',
      '100000',
      url,
      `${server.url}/saved/a.html.gz`,
      '-o',
      join(root, 'out/'),
    ]);
    expect(batch.code).toBe(1);
    expect(errorLines(batch.stderr)).toEqual([
      `declutter: ${url}: over the 100000-byte decompressed-size limit (--max-bytes)`,
    ]);
    expect(batch.stderr).toMatch(/1 converted, 1 failed/);
  });
});

describe('--help', () => {
  it('points at rules list and rules check', async () => {
    const result = await runBin(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('declutter rules list');
    expect(result.stdout).toContain('declutter rules check FILE...');
  });

  it('stops quietly when its reader has gone away (`declutter --help | head -1`)', async () => {
    for (const args of [['--help'], ['rules', '--help']]) {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      // The reading end closes before the process has started, so every write of the help meets a closed pipe.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr, args.join(' ')).toBe('');
      expect(code, args.join(' ')).toBe(0);
    }
  });
});
