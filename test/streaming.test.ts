// Stream mode: JSONL and WARC in, JSON lines out in input order; GNU parallel gives the same result.

import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { WARCRecord, WARCSerializer } from 'warcio';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitLines } from '../src/streaming/lines.js';
import { mapOrdered } from '../src/streaming/ordered.js';
import { isBlankLine } from '../src/streaming/records.js';
import { articlePage, assertBuilt, BIN, makeTempDir, runBin } from './cli-support.js';
import { requires, systemTool } from './support/requirements.js';

const parallel = systemTool('parallel', { debian: 'parallel', name: 'GNU parallel' });

interface OutLine {
  id: unknown;
  url: string | null;
  title: string | null;
  lang: string | null;
  markdown: string | null;
  status: 'ok' | 'error';
  error: string | null;
  [key: string]: unknown;
}

function parseLines(stdout: string): OutLine[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OutLine);
}

beforeAll(() => assertBuilt());

describe('mapOrdered and splitLines', () => {
  it('keeps input order, never has more than `window` items in flight, and emits before the input ends', async () => {
    let inFlight = 0;
    let most = 0;
    const emitted: number[] = [];
    let firstEmitBeforeLastRead = false;
    let read = 0;
    async function* source(): AsyncGenerator<number> {
      for (let n = 0; n < 30; n += 1) {
        read = n;
        await new Promise((resolve) => setTimeout(resolve, 2));
        yield n;
      }
    }
    const outcome = await mapOrdered(source(), {
      window: 4,
      work: async (n) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, (n * 7) % 11));
        inFlight -= 1;
        return n;
      },
      emit: (n) => {
        if (emitted.length === 0 && read < 29) firstEmitBeforeLastRead = true;
        emitted.push(n);
        return Promise.resolve(true);
      },
    });
    expect(emitted).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(most).toBeLessThanOrEqual(4);
    expect(firstEmitBeforeLastRead).toBe(true);
    expect(outcome).toEqual({ emitted: 30, stopped: false });
  });

  it('splits lines across chunks and reports a line over the cap without holding it', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      await Promise.resolve();
      yield Buffer.from('{"a":1}\n{"b"');
      yield Buffer.from(':2}\n');
      for (let i = 0; i < 10; i += 1) yield Buffer.alloc(1000, 0x78);
      yield Buffer.from('\nlast');
    }
    const lines = [];
    for await (const line of splitLines(chunks(), 5000)) lines.push(line);
    expect(lines.map((line) => (line.ok ? line.bytes.toString() : `too long: ${line.length}`))).toEqual([
      '{"a":1}',
      '{"b":2}',
      'too long: 10000',
      'last',
    ]);
  });
});

describe('isBlankLine', () => {
  it('says what decoding and trimming the line says, ASCII or not', () => {
    const lines = [
      '',
      ' \t\r\v\f',
      '{"id":1}',
      '  {"id":1}',
      '\u00a0',
      ' \u2028\ufeff ',
      ' \u00a0x',
      '\u00e9',
      '\u0085',
    ].map((text) => Buffer.from(text, 'utf-8'));
    lines.push(Buffer.from([0x20, 0xff, 0x20])); // invalid UTF-8: U+FFFD is not whitespace
    const blank = lines.map((bytes) => isBlankLine(bytes));
    expect(blank).toEqual(lines.map((bytes) => bytes.toString('utf-8').trim() === ''));
    expect(blank).toEqual([true, true, false, false, true, true, false, false, false, false]);
  });
});

describe('--jsonl', () => {
  it('gives one record per input line, in order, with errors as records and exit 0', async () => {
    const latin = iconv.encode(articlePage('Caf\u00e9 cr\u00e8me \u20ac'), 'windows-1252').toString('base64');
    const input = [
      JSON.stringify({ id: 1, url: 'https://example.com/news/one', html: articlePage('One', { lang: 'fr' }) }),
      JSON.stringify({
        id: 'two',
        url: 'https://example.com/two',
        html_b64: latin,
        content_type: 'text/html; charset=windows-1252',
      }),
      '{not json',
      JSON.stringify({ id: 4, url: 'https://example.com/four' }),
      '',
      JSON.stringify({ id: 5, html: '<html><head><title>Empty</title></head><body></body></html>' }),
      JSON.stringify({ id: 6, html: articlePage('Six') }),
    ].join('\n');
    const result = await runBin(['--jsonl', '--jobs', '2'], { input });
    expect(result.code).toBe(0);
    const lines = parseLines(result.stdout);
    expect(lines.map((line) => [line.id, line.status])).toEqual([
      [1, 'ok'],
      ['two', 'ok'],
      [null, 'error'],
      [4, 'error'],
      [5, 'error'],
      [6, 'ok'],
    ]);
    expect(lines[0]).toMatchObject({ url: 'https://example.com/news/one', title: 'One', lang: 'fr', error: null });
    expect(lines[0]?.markdown).toMatch(/^# One\n\nParagraph 1/);
    expect(lines[1]?.title).toBe('Caf\u00e9 cr\u00e8me \u20ac');
    expect(lines[2]?.error).toMatch(/^not valid JSON/);
    expect(lines[3]?.error).toMatch(/needs "html"/);
    expect(lines[4]).toMatchObject({ markdown: null, error: 'no article content found' });
    expect(Object.keys(lines[0] ?? {})).toEqual(['id', 'url', 'title', 'lang', 'markdown', 'status', 'error']);
    expect(result.stderr).toMatch(/3 converted, 3 error record\(s\)/);
  });

  it('writes each record as soon as it is done, before stdin ends', async () => {
    const child = spawn(process.execPath, [BIN, '--jsonl', '--jobs', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.write(`${JSON.stringify({ id: 'first', html: articlePage('First') })}\n`);
    const firstLine = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        if (buffered.includes('\n')) resolve(buffered.split('\n')[0] ?? '');
      });
      child.on('close', () => reject(new Error('exited before writing a line')));
    });
    expect(JSON.parse(firstLine)).toMatchObject({ id: 'first', status: 'ok', title: 'First' });
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('close');
      child.on('close', resolve);
      child.stdin.end();
    });
    expect(code).toBe(0);
  });

  it('exits quietly when the reader of stdout goes away (`| head -1`)', async () => {
    const input = Array.from({ length: 12 }, (_, n) => JSON.stringify({ id: n, html: articlePage(`Page ${n}`) })).join(
      '\n',
    );
    const child = spawn(process.execPath, [BIN, '--jsonl', '--jobs', '1', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(input);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--explain: each converted record carries its trace, as --format json does; error records none', async () => {
    const cgtn = await readFile(new URL('../fixtures/sites/cgtn.com/article/source.html', import.meta.url), 'utf-8');
    const input = [
      JSON.stringify({ id: 'cgtn', url: 'https://news.cgtn.com/news/2025-10-12/a.html', html: cgtn }),
      JSON.stringify({ id: 'bad' }),
    ].join('\n');
    const result = await runBin(['--jsonl', '--explain', '--jobs', '1', '-q'], { input });
    expect(result.code, result.stderr).toBe(0);
    const [ok, bad] = parseLines(result.stdout);
    const trace = ok?.trace as { ruleId: string; phase: string }[];
    expect(trace.map((entry) => entry.ruleId)).toContain('consent/text-banner');
    expect(trace.map((entry) => entry.ruleId)).toContain('related/heading-block');
    expect(bad).toMatchObject({ status: 'error' });
    expect(bad).not.toHaveProperty('trace');
  });

  it('refuses the options a stream cannot honour, instead of ignoring them (exit 2)', async () => {
    for (const [args, named] of [
      [['--format', 'json'], '--format json'],
      [['--format', 'text', '--front-matter'], '--format text, --front-matter'],
      [['--skip-unchanged', '--force'], '--force, --skip-unchanged'],
    ] as const) {
      const result = await runBin(['--jsonl', ...args], { input: '' });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^declutter: ${named}: not with --jsonl or --warc`));
    }
  });

  // Three processes start under parallel: a generous timeout for a loaded CI machine.
  requires(parallel).it(
    'gives the same output through `parallel --pipe` as in one process',
    async () => {
      const dir = await makeTempDir();
      const file = join(dir, 'pages.jsonl');
      const records = Array.from({ length: 6 }, (_, n) =>
        n === 4
          ? '{"id": 4, "html": 7}'
          : JSON.stringify({ id: n, url: `https://example.com/p/${n}`, html: articlePage(`Page ${n}`) }),
      );
      await writeFile(file, `${records.join('\n')}\n`);
      const single = spawnSync(process.execPath, [BIN, '--jsonl', '-q'], {
        input: `${records.join('\n')}\n`,
        encoding: 'utf-8',
      });
      const command = `parallel --pipe -k -N 2 -j 3 ${process.execPath} ${BIN} --jsonl -q --jobs 1 < ${file}`;
      const split = spawnSync('sh', ['-c', command], { encoding: 'utf-8', timeout: 170_000 });
      expect(split.status).toBe(0);
      expect(single.status).toBe(0);
      expect(parseLines(split.stdout)).toHaveLength(6);
      expect(split.stdout).toBe(single.stdout);
    },
    180_000,
  );
});

describe('--warc', () => {
  async function makeWarc(gzip: boolean): Promise<Buffer> {
    const encode = (text: string): Uint8Array[] => [new TextEncoder().encode(text)];
    const records = [
      WARCRecord.create(
        { url: 'https://example.com/a', type: 'request', statusline: 'GET /a HTTP/1.1', httpHeaders: {} },
        [],
      ),
      WARCRecord.create(
        { url: 'https://example.com/a', type: 'response', httpHeaders: { 'Content-Type': 'text/html; charset=utf-8' } },
        encode(articlePage('Alpha')),
      ),
      WARCRecord.create(
        { url: 'https://example.com/logo.png', type: 'response', httpHeaders: { 'Content-Type': 'image/png' } },
        [new Uint8Array([137, 80, 78, 71])],
      ),
      WARCRecord.create(
        {
          url: 'https://example.com/b',
          type: 'response',
          httpHeaders: { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' },
        },
        [gzipSync(articlePage('Beta'))],
      ),
      WARCRecord.create(
        {
          url: 'https://example.com/c',
          type: 'response',
          httpHeaders: { 'Content-Type': 'text/html' },
          warcHeaders: { 'WARC-Truncated': 'length' },
        },
        encode('<html><head><title>Cut</title></head><body><p>cut off'),
      ),
    ];
    const parts: Uint8Array[] = [];
    for (const record of records) parts.push(await WARCSerializer.serialize(record, { gzip }));
    return Buffer.concat(parts);
  }

  it('converts the HTML responses of a .warc.gz with provenance, skipping other records', async () => {
    const dir = await makeTempDir();
    const file = join(dir, 'crawl.warc.gz');
    const warc = await makeWarc(true);
    await writeFile(file, warc);
    const result = await runBin(['--warc', file]);
    expect(result.code).toBe(0);
    const lines = parseLines(result.stdout);
    expect(lines.map((line) => [line.url, line.status, line.truncated])).toEqual([
      ['https://example.com/a', 'ok', false],
      ['https://example.com/b', 'ok', false],
      // A truncated payload is still converted; the flag tells the consumer it may be incomplete.
      ['https://example.com/c', 'ok', true],
    ]);
    expect(lines[0]).toMatchObject({
      title: 'Alpha',
      warc_file: file,
      content_type: 'text/html; charset=utf-8',
      encoding: 'utf-8',
    });
    expect(lines[0]?.id).toMatch(/^<urn:uuid:/);
    expect(lines[1]?.title).toBe('Beta');
    // Offsets point at gzip members: each one decompresses on its own to a WARC record.
    const offset = lines[1]?.offset as number;
    expect(warc.subarray(offset, offset + 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(Object.keys(lines[0] ?? {})).toEqual(
      expect.arrayContaining(['warc_file', 'offset', 'url', 'content_type', 'encoding', 'truncated']),
    );
  });

  it('reads an uncompressed WARC from stdin with "-"', async () => {
    const result = await runBin(['--warc', '-'], { input: await makeWarc(false) });
    expect(result.code).toBe(0);
    expect(parseLines(result.stdout).map((line) => line.title)).toEqual(['Alpha', 'Beta', 'Cut']);
  });

  it('fails with exit 1 when the WARC file is missing', async () => {
    const result = await runBin(['--warc', '/nonexistent/crawl.warc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/crawl\.warc: no such file/);
  });
});
