// URL inputs against a server on 127.0.0.1: redirects, loops, slow and huge bodies, gzip bombs, charsets.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { charsetOf, fetchPage, type FetchPageOptions } from '../src/fetch/fetch-page.js';
import { articlePage, assertBuilt, makeTempDir, runBin, startServer, type TestServer } from './cli-support.js';
import { loadScaledMs } from './support/budget.js';

let server: TestServer;
let lastUserAgent: string | undefined;

const OPTIONS: FetchPageOptions = {
  timeoutMs: 5000,
  maxBytes: 1_000_000,
  maxRedirects: 5,
  userAgent: 'declutter-test/1',
};

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = request.url ?? '/';
    lastUserAgent = request.headers['user-agent'];
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) {
      const n = Number(hop[1]);
      response.writeHead(
        n === 0 ? 200 : 302,
        n === 0 ? { 'content-type': 'text/html' } : { location: `/hop/${n - 1}` },
      );
      response.end(n === 0 ? articlePage('Landed') : '');
      return;
    }
    switch (path) {
      case '/loop-a':
        response.writeHead(301, { location: '/loop-b' }).end();
        return;
      case '/loop-b':
        response.writeHead(307, { location: `${server.url}/loop-a` }).end();
        return;
      case '/to-file':
        response.writeHead(302, { location: 'file:///etc/passwd' }).end();
        return;
      case '/slow':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.write('<html><body>');
        // Never finishes: only the deadline ends this.
        return;
      case '/huge':
        // Chunked, so no Content-Length to check up front: only counting the body can stop it.
        response.writeHead(200, { 'content-type': 'text/html' });
        for (let i = 0; i < 40; i += 1) response.write(Buffer.alloc(64 * 1024, 0x61));
        response.end();
        return;
      case '/bomb':
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        response.end(gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20)));
        return;
      case '/latin':
        response.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
        response.end(iconv.encode(articlePage('Caf\u00e9 \u201cprices\u201d up 5 \u20ac'), 'windows-1252'));
        return;
      case '/bogus-charset':
        response.writeHead(200, { 'content-type': 'text/html; charset=no-such-charset' });
        response.end(Buffer.from(articlePage('Cr\u00e8me br\u00fbl\u00e9e'), 'utf-8'));
        return;
      case '/missing':
        response.writeHead(404, { 'content-type': 'text/html' }).end('gone');
        return;
      default:
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage('Plain'));
    }
  });
});
afterAll(() => server.close());

describe('fetchPage', () => {
  it('follows redirects up to the cap and reports the final URL; sends the user agent', async () => {
    const page = await fetchPage(`${server.url}/hop/3`, OPTIONS);
    expect(page.url).toBe(`${server.url}/hop/0`);
    expect(Buffer.from(page.bytes).toString()).toContain('<title>Landed</title>');
    expect(lastUserAgent).toBe('declutter-test/1');
    await expect(fetchPage(`${server.url}/hop/6`, OPTIONS)).rejects.toThrow(/more than 5 redirects/);
  });

  it('stops a redirect loop and a redirect away from http(s)', async () => {
    await expect(fetchPage(`${server.url}/loop-a`, OPTIONS)).rejects.toThrow(/redirect loop/);
    await expect(fetchPage(`${server.url}/to-file`, OPTIONS)).rejects.toThrow(/only http and https/);
    await expect(fetchPage('ftp://127.0.0.1/x', OPTIONS)).rejects.toThrow(/only http and https/);
  });

  it('gives up on a slow server at the deadline', async () => {
    const started = performance.now();
    await expect(fetchPage(`${server.url}/slow`, { ...OPTIONS, timeoutMs: 400 })).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(performance.now() - started).toBeLessThan(loadScaledMs(3000));
  });

  it('counts the body while it streams (no Content-Length to trust)', async () => {
    await expect(fetchPage(`${server.url}/huge`, OPTIONS)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('stops a gzip bomb at the cap on decoded bytes', async () => {
    const started = performance.now();
    await expect(fetchPage(`${server.url}/bomb`, OPTIONS)).rejects.toMatchObject({ code: 'too-large' });
    expect(performance.now() - started).toBeLessThan(loadScaledMs(5000));
  });

  it('reports HTTP errors and refused connections as input errors', async () => {
    await expect(fetchPage(`${server.url}/missing`, OPTIONS)).rejects.toThrow(/HTTP 404/);
    const closed = await startServer(() => undefined);
    await closed.close();
    await expect(fetchPage(`${closed.url}/`, OPTIONS)).rejects.toThrow(/connection refused/);
  });

  it('reads the charset parameter of Content-Type', () => {
    expect(charsetOf('text/html; charset="Shift_JIS"')).toBe('Shift_JIS');
    expect(charsetOf('text/html;charset=utf-8; foo=bar')).toBe('utf-8');
    expect(charsetOf('text/html')).toBeUndefined();
  });
});

describe('URL inputs through the CLI', () => {
  beforeAll(() => assertBuilt());

  it('decodes with the HTTP charset (windows-1252 without <meta>) and copes with an unknown one', async () => {
    const latin = await runBin([`${server.url}/latin`]);
    expect(latin.code).toBe(0);
    expect(latin.stdout.split('\n')[0]).toBe('# Caf\u00e9 \u201cprices\u201d up 5 \u20ac');
    const bogus = await runBin([`${server.url}/bogus-charset`]);
    expect(bogus.code).toBe(0);
    expect(bogus.stdout.split('\n')[0]).toBe('# Cr\u00e8me br\u00fbl\u00e9e');
    expect(bogus.stderr).toMatch(/unknown charset "no-such-charset"/);
  });

  it('fetches a list of URLs into OUT by host and path, and reports the failures', async () => {
    const root = await makeTempDir();
    await writeFile(join(root, 'urls.txt'), `${server.url}/hop/2\n${server.url}/missing\n${server.url}/news/\n`);
    const result = await runBin(['--from-list', 'urls.txt', '-o', 'out', '--user-agent', 'list-agent/2'], {
      cwd: root,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/missing: HTTP 404/);
    expect(result.stderr).toMatch(/2 converted, 1 failed/);
    const host = new URL(server.url).host.replace(':', '_');
    expect(await readFile(join(root, 'out', host, 'hop', '2.md'), 'utf-8')).toMatch(/^# Landed\n/);
    expect(await readFile(join(root, 'out', host, 'news', 'index.md'), 'utf-8')).toMatch(/^# Plain\n/);
    expect(lastUserAgent).toBe('list-agent/2');
  });
});
