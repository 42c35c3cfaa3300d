// Helpers for the CLI tests: spawn the built bin, make article pages, start a 127.0.0.1 server.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'declutter.js');

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before the CLI tests (they spawn the real bin)');
  }
}

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunBinOptions {
  input?: string | Buffer;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Leave stdin open with no data (a pipe that never ends) unless input is given. */
  timeoutMs?: number;
}

/** Runs `node bin/declutter.js ARGS` with stdin a pipe, and collects everything. */
export function runBin(args: readonly string[], options: RunBinOptions = {}): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, stdio: 'pipe' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 50_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf-8'),
        stderr: Buffer.concat(stderr).toString('utf-8'),
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Writes `files` (paths relative to `root`, folders made as needed). */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** Every file under `root`, as sorted paths relative to it. */
export async function listTree(root: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listTree(root, rel)));
    else found.push(rel);
  }
  return found.sort();
}

export async function makeTempDir(prefix = 'declutter-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A small but real article page: a title, a nav, a long article body and a footer. */
export function articlePage(
  title: string,
  options: { lang?: string; body?: string; charsetMeta?: string } = {},
): string {
  const paragraph = (n: number): string =>
    `<p>Paragraph ${n} of the story about ${title}, with enough ordinary words in it that the extractor treats it as the body of the page and not as clutter around it.</p>`;
  const body = options.body ?? [1, 2, 3, 4, 5].map(paragraph).join('\n');
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}"><head>${options.charsetMeta !== undefined ? `<meta charset="${options.charsetMeta}">` : ''}<title>${title}</title></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>${title}</h1>
${body}
</article>
<footer>Copyright notice and links nobody reads.</footer>
</body></html>
`;
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 with an ephemeral port. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
