// The single-input CLI contract, against the real bin: inputs, outputs, exit codes, streams, colour.

import { spawn, spawnSync } from 'node:child_process';
import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePage, assertBuilt, BIN, makeTempDir, runBin, startServer, type TestServer } from './cli-support.js';
import { requires, systemTool } from './support/requirements.js';

const script = systemTool('script', { debian: 'bsdutils', name: 'script (util-linux)' });

let dir: string;
let page: string;

beforeAll(async () => {
  assertBuilt();
  dir = await makeTempDir();
  page = join(dir, 'page.html');
  await writeFile(page, articlePage('Harbour bridge reopens'));
});

describe('inputs', () => {
  it('converts a file to Markdown on stdout, title first, nothing on stderr', async () => {
    const result = await runBin([page]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('# Harbour bridge reopens\n\nParagraph 1 of the story')).toBe(true);
    expect(result.stdout).not.toContain('Copyright notice');
    expect(result.stderr).toBe('');
  });

  it('reads piped stdin with no path, and with "-"', async () => {
    const html = articlePage('Piped page');
    for (const args of [[], ['-']]) {
      const result = await runBin(args, { input: html });
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe('# Piped page');
    }
  });

  // `script` gives the child a real TTY on stdin.
  requires(script).it('prints a short usage and exits 2 when stdin is a terminal and no path is given', () => {
    const result = spawnSync('script', ['-qec', `${process.execPath} ${BIN}`, '/dev/null'], { encoding: 'utf-8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/Usage: declutter/);
  });

  it('reports a missing file in one line with exit 1 and no stack trace', async () => {
    const result = await runBin([join(dir, 'missing.html')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/missing\.html: no such file/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with "no article content found" for a page with no article', async () => {
    const result = await runBin([], { input: '<html><head><title>Empty</title></head><body></body></html>' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('declutter: stdin: no article content found\n');
  });

  it('--timeout stops a slow single page (a vm timeout on the main thread) with exit 1', async () => {
    // 180,000 small elements (under the element cap): well over a minute of conversion work.
    const slow = join(dir, 'slow.html');
    await writeFile(slow, articlePage('Slow', { body: `${'<div><p>a <b>b</b> <i>c</i></p></div>'.repeat(45_000)}` }));
    const started = Date.now();
    const result = await runBin([slow, '--timeout', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/slow\.html: timed out after 2 s \(--timeout\)/);
    expect(result.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('reads a gzipped page, and stops a gzip bomb at the decompressed-size cap', async () => {
    const gz = join(dir, 'saved.html.gz');
    await writeFile(gz, gzipSync(articlePage('Zipped page')));
    const ok = await runBin([gz]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe('# Zipped page');
    const bomb = join(dir, 'bomb.html.gz');
    await writeFile(bomb, gzipSync(Buffer.alloc(30 * 1024 * 1024, 0x20)));
    const refused = await runBin([bomb, '--max-bytes', '1000000']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bomb\.html\.gz: over the 1000000-byte decompressed-size limit/);
    expect(refused.stdout).toBe('');
  });

  it('exits 2 on a bad option, naming it', async () => {
    const result = await runBin(['--format', 'pdf', page]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pdf/);
    expect(result.stdout).toBe('');
  });
});

describe('outputs', () => {
  it('-o writes the file atomically (no temp files left) and nothing to stdout', async () => {
    const out = join(dir, 'out-o', 'page.md');
    await mkdir(join(dir, 'out-o'));
    const result = await runBin([page, '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(await readFile(out, 'utf-8')).toMatch(/^# Harbour bridge reopens\n/);
    expect(await readdir(join(dir, 'out-o'))).toEqual(['page.md']);
  });

  it('-o refuses to overwrite the input itself', async () => {
    const copy = join(dir, 'self.html');
    const html = articlePage('Self');
    await writeFile(copy, html);
    const result = await runBin([copy, '-o', copy]);
    expect(result.code).toBe(2);
    expect(await readFile(copy, 'utf-8')).toBe(html);
  });

  it('--format json carries metadata and markdown; --format text has no Markdown syntax', async () => {
    const json = await runBin(['--format', 'json', page]);
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as { metadata: { title: string; lang: string }; markdown: string };
    expect(data.metadata.title).toBe('Harbour bridge reopens');
    expect(data.metadata.lang).toBe('en');
    expect(data.markdown).toMatch(/^# Harbour bridge reopens/);
    const text = await runBin(['--format', 'text', page]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Paragraph 1 of the story');
    expect(text.stdout).not.toMatch(/^#/m);
  });

  it('--front-matter starts with YAML front matter', async () => {
    const result = await runBin(['--front-matter', '--url', 'https://example.com/news/bridge', page]);
    expect(result.code).toBe(0);
    const [, yaml] = result.stdout.split(/^---$/m);
    expect(result.stdout.startsWith('---\n')).toBe(true);
    expect(yaml).toMatch(/^title: Harbour bridge reopens$/m);
    expect(yaml).toMatch(/^url: https:\/\/example\.com\/news\/bridge$/m);
  });
});

describe('streams and terminal', () => {
  it('exits quietly when the reader closes the pipe early (`| head -1`)', async () => {
    const long = articlePage('Long page', {
      body: Array.from(
        { length: 3000 },
        (_, n) => `<p>Line ${n} of a very long article body that keeps going.</p>`,
      ).join(''),
    });
    const file = join(dir, 'long.html');
    await writeFile(file, long);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('writes no colour when stderr is not a TTY, or with NO_COLOR; FORCE_COLOR turns it on', async () => {
    const missing = join(dir, 'nope.html');
    const plain = await runBin([missing]);
    expect(plain.stderr).not.toContain('\u001b[');
    const forced = await runBin([missing], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain('\u001b[');
    const both = await runBin([missing], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stderr).not.toContain('\u001b[');
    const flag = await runBin(['--no-color', missing], { env: { FORCE_COLOR: '1' } });
    expect(flag.stderr).not.toContain('\u001b[');
  }, 180_000);

  it('--help shows usage with examples on stdout and exits 0; --version prints the version', async () => {
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: declutter/);
    expect(help.stdout).toMatch(/Examples:/);
    expect(help.stdout).toMatch(/--jobs/);
    const version = await runBin(['--version']);
    const packageJson = JSON.parse(await readFile(join(BIN, '..', '..', 'package.json'), 'utf-8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(packageJson.version);
    expect(version.code).toBe(0);
  });

  it('keeps the rules subcommand dispatch', async () => {
    const result = await runBin(['rules']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/declutter rules list/);
  });

  it('never puts terminal control sequences from a page into stderr', async () => {
    const result = await runBin([join(dir, 'evil\u001b[31mname.html')]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('\u001b');
  });
});

describe('a curl-style pipe from a local server', () => {
  let server: TestServer;
  const html = articlePage('Served page');

  beforeAll(async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
    });
  });
  afterAll(() => server.close());

  it('converts what a downloader pipes in', async () => {
    const curl = spawnSync('curl', ['--version']).status === 0;
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const declutter = spawn(process.execPath, [BIN, '--url', `${server.url}/news/a`], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let stdout = '';
      declutter.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      declutter.on('close', (code) => resolve({ code, stdout }));
      declutter.on('error', reject);
      if (curl) {
        const downloader = spawn('curl', ['-s', `${server.url}/news/a`], { stdio: ['ignore', 'pipe', 'inherit'] });
        downloader.stdout.pipe(declutter.stdin);
      } else {
        // No curl here: a Node child process plays the downloader, through a real pipe all the same.
        const downloader = spawn(
          process.execPath,
          [
            '-e',
            `fetch(${JSON.stringify(`${server.url}/news/a`)}).then(r => r.text()).then(t => process.stdout.write(t))`,
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        downloader.stdout.pipe(declutter.stdin);
      }
    });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('# Served page');
  });

  it('fetches a URL given as the input', async () => {
    const result = await runBin([`${server.url}/news/a`]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('# Served page');
  });
});

describe('-o safety', () => {
  it('writes through -o FILE but leaves a symlink target alone only as the user asked', async () => {
    const target = join(dir, 'link-target.md');
    await writeFile(target, 'old');
    const link = join(dir, 'link.md');
    await symlink(target, link);
    const result = await runBin([page, '-o', link]);
    expect(result.code).toBe(0);
    // Rename replaces the link itself: the file it pointed to is untouched.
    expect(await readFile(target, 'utf-8')).toBe('old');
    expect((await lstat(link)).isFile()).toBe(true);
  });
});
