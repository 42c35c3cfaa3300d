// Generators for hostile inputs and normal article pages, shared by the bad-input tests and the soak run.

import { gzipSync } from 'node:zlib';
import { open, writeFile } from 'node:fs/promises';

/** What a run on one input may end in: clean output with these strings, and/or one error line. */
export interface HostileExpectation {
  /** Accept exit 0 when the output has every `must` string and none of the `mustNot` ones. */
  ok?: { must: readonly string[]; mustNot: readonly string[] };
  /** Accept this exit code with one stderr line matching `message`. */
  error?: { exitCode: number; message: RegExp };
}

export interface HostilePage {
  /** Short slug naming the kind of hostility (also the soak's failure bucket). */
  kind: string;
  description: string;
  /** File name to give it; the extension is part of the attack (binary data named .html, .html.gz bombs). */
  fileName: string;
  /** Writes the input to `path` (sparse files and gzip streams need more than a byte buffer). */
  write: (path: string) => Promise<void>;
  /** Extra CLI arguments the case needs. */
  args: readonly string[];
  expect: HostileExpectation;
  /** Rough cost, 1 = a normal page; the soak repeats cheap kinds more often than costly ones. */
  cost: number;
}

export interface HostileOptions {
  /** Base URL of a server on 127.0.0.1 that counts requests: active content points there. */
  probeUrl: string;
}

const MiB = 1024 * 1024;

/** The messages we accept for each failure class; loose on wording, strict on meaning. */
export const MESSAGES = {
  noArticle: /no article/i,
  tooLarge: /(limit|too large|max-bytes)/i,
  tooComplex: /(nest|deep|element|too many|complex|limit|timed? ?out)/i,
  notHtml: /(no article|binary|not (an? )?(html|text))/i,
};

/** Paragraphs of plain prose, long enough for Readability to score as an article. */
export function proseParagraphs(marker: string, count: number): string[] {
  const words = ['river', 'council', 'harbour', 'lantern', 'orchard', 'meadow', 'signal', 'quarry', 'ledger'];
  return Array.from({ length: count }, (_, index) => {
    const filler = Array.from({ length: 40 }, (_, w) => words[(w * 7 + index * 3) % words.length]).join(' ');
    return `Paragraph ${index + 1} of ${marker} says the ${filler} all held steady.`;
  });
}

/** A plain article page: title, byline, paragraphs, and clutter that extraction should drop. */
export function articleHtml(options: { title: string; marker: string; paragraphs?: number; extraBody?: string }): {
  html: string;
  must: string[];
  mustNot: string[];
} {
  const paragraphs = proseParagraphs(options.marker, options.paragraphs ?? 6);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${options.title}</title>
<style>.ad { color: red }</style><script>var trackingNumber${options.marker.replace(/\W/g, '')} = 1;</script></head>
<body><nav class="menu"><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>${options.title}</h1><p class="byline">By Ada Writer</p>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
${options.extraBody ?? ''}
</article>
<footer class="footer"><p>Copyright notice for ${options.marker}</p></footer></body></html>`;
  return {
    html,
    must: [options.title, ...paragraphs.map((text) => text.slice(0, 60))],
    mustNot: ['trackingNumber', '.ad { color', '<script', '<style'],
  };
}

function bytesWriter(make: () => Uint8Array | string): (path: string) => Promise<void> {
  return (path) => writeFile(path, make());
}

/** An article wrapped in `depth` levels of `open`/`close` tags. */
function nested(openTag: string, closeTag: string, depth: number, marker: string): string {
  const { html } = articleHtml({ title: `Nested ${marker}`, marker, paragraphs: 4 });
  const [head, body] = html.split('<body>') as [string, string];
  return `${head}<body>${openTag.repeat(depth)}${body.replace('</body></html>', '')}${closeTag.repeat(depth)}</body></html>`;
}

/** A gzip stream of many concatenated members: tiny on disk, over a gigabyte once inflated. */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(16 * MiB, 0x20), { level: 9 });
  return Buffer.concat(Array.from({ length: 64 }, () => member));
}

/** Every hostile kind from the issue that is a page's content (file-system cases live in the tests). */
export function hostilePages(options: HostileOptions): HostilePage[] {
  const probe = options.probeUrl.replace(/\/$/, '');
  const noArticle = { exitCode: 1, message: MESSAGES.noArticle };
  const tooLarge = { exitCode: 1, message: MESSAGES.tooLarge };
  const tooComplex = { exitCode: 1, message: MESSAGES.tooComplex };
  const article = (marker: string) => articleHtml({ title: `Article ${marker}`, marker, paragraphs: 4 });
  const nestedOk = (marker: string) => ({ must: [proseParagraphs(marker, 1)[0]!.slice(0, 60)], mustNot: ['<div'] });

  return [
    {
      kind: 'empty',
      description: 'an empty file',
      fileName: 'empty.html',
      write: bytesWriter(() => ''),
      args: [],
      expect: { error: noArticle },
      cost: 1,
    },
    {
      kind: 'whitespace',
      description: 'whitespace only',
      fileName: 'whitespace.html',
      write: bytesWriter(() => ' \n\t\r\n   \u00a0 \n'),
      args: [],
      expect: { error: noArticle },
      cost: 1,
    },
    {
      kind: 'html-empty',
      description: '<html></html>',
      fileName: 'html-empty.html',
      write: bytesWriter(() => '<html></html>'),
      args: [],
      expect: { error: noArticle },
      cost: 1,
    },
    {
      kind: 'binary-png',
      description: 'a PNG image named .html',
      fileName: 'image.html',
      write: bytesWriter(() => {
        const header = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];
        const body = Array.from({ length: 4096 }, (_, index) => (index * 131 + 17) % 256);
        return Uint8Array.from([...header, ...body]);
      }),
      args: [],
      expect: { error: { exitCode: 1, message: MESSAGES.notHtml } },
      cost: 1,
    },
    {
      kind: 'binary-nul',
      description: 'NUL bytes and control bytes named .html',
      fileName: 'nul.html',
      write: bytesWriter(() => Uint8Array.from({ length: 8192 }, (_, index) => (index % 3 === 0 ? 0 : index % 32))),
      args: [],
      expect: { error: { exitCode: 1, message: MESSAGES.notHtml } },
      cost: 1,
    },
    {
      kind: 'huge-200mb',
      description: 'a 200 MB (sparse) file, to be refused by its size without being read',
      fileName: 'huge.html',
      write: async (path) => {
        const handle = await open(path, 'w');
        await handle.write('<html><body><p>start</p>');
        await handle.truncate(200 * MiB);
        await handle.close();
      },
      args: [],
      expect: { error: tooLarge },
      cost: 1,
    },
    {
      kind: 'gzip-bomb',
      description: 'a 1 GiB-inflating gzip stream (~1 MB on disk) named .html.gz',
      fileName: 'bomb.html.gz',
      write: bytesWriter(gzipBomb),
      args: [],
      expect: { error: tooLarge },
      cost: 3,
    },
    {
      kind: 'nested-div-10k',
      description: 'an article inside 10,000 nested <div>',
      fileName: 'nested-div-10k.html',
      write: bytesWriter(() => nested('<div>', '</div>', 10_000, 'deep ten thousand')),
      args: [],
      expect: { ok: nestedOk('deep ten thousand'), error: tooComplex },
      cost: 5,
    },
    {
      kind: 'nested-div-100k',
      description: 'an article inside 100,000 nested <div>',
      fileName: 'nested-div-100k.html',
      write: bytesWriter(() => nested('<div>', '</div>', 100_000, 'deep hundred thousand')),
      args: [],
      expect: { ok: nestedOk('deep hundred thousand'), error: tooComplex },
      cost: 10,
    },
    {
      kind: 'nested-table-5k',
      description: 'an article inside 5,000 nested tables',
      fileName: 'nested-table-5k.html',
      write: bytesWriter(() => nested('<table><tr><td>', '</td></tr></table>', 5_000, 'table nest')),
      args: [],
      expect: { ok: nestedOk('table nest'), error: tooComplex },
      cost: 10,
    },
    {
      kind: 'nested-b-10k',
      description: '10,000 nested <b> around article text',
      fileName: 'nested-b-10k.html',
      write: bytesWriter(() => nested('<b>', '</b>', 10_000, 'bold nest')),
      args: [],
      expect: { ok: nestedOk('bold nest'), error: tooComplex },
      cost: 5,
    },
    {
      kind: 'br-30k',
      description: "30,000 'x<br><br>' after an article",
      fileName: 'br-30k.html',
      write: bytesWriter(() =>
        article('br flood').html.replace('</article>', `${'x<br><br>'.repeat(30_000)}</article>`),
      ),
      args: [],
      expect: { ok: { must: [proseParagraphs('br flood', 1)[0]!.slice(0, 60)], mustNot: ['<br'] }, error: tooComplex },
      cost: 5,
    },
    {
      kind: 'empty-divs-800k',
      description: '800,000 empty <div> after an article',
      fileName: 'empty-divs-800k.html',
      write: bytesWriter(() => article('div flood').html.replace('</body>', `${'<div></div>'.repeat(800_000)}</body>`)),
      args: [],
      expect: { ok: nestedOk('div flood'), error: tooComplex },
      cost: 10,
    },
    {
      kind: 'frameset',
      description: 'a <frameset> page whose frames point at the probe server',
      fileName: 'frameset.html',
      write: bytesWriter(
        () =>
          `<!doctype html><html><head><title>Frames</title></head><frameset cols="50%,50%">` +
          `<frame src="${probe}/frame-a.html"><frame src="${probe}/frame-b.html">` +
          `<noframes><p>Your browser does not do frames.</p></noframes></frameset></html>`,
      ),
      args: [],
      expect: { error: noArticle },
      cost: 1,
    },
    {
      kind: 'invalid-utf8',
      description: 'invalid UTF-8 bytes in a page that declares UTF-8',
      fileName: 'invalid-utf8.html',
      write: bytesWriter(() => {
        const { html } = article('bad bytes');
        const [before, after] = html.split('</article>') as [string, string];
        const bad = Uint8Array.from([
          0x3c, 0x70, 0x3e, 0x41, 0xc3, 0x28, 0x42, 0xff, 0xfe, 0x43, 0xed, 0xa0, 0x80, 0x44,
        ]);
        return Buffer.concat([Buffer.from(before), bad, Buffer.from(`</p></article>${after}`)]);
      }),
      args: [],
      expect: { ok: { must: [proseParagraphs('bad bytes', 1)[0]!.slice(0, 60), '\ufffd'], mustNot: [] } },
      cost: 1,
    },
    {
      kind: 'single-word-20mb',
      description: 'a single 20 MiB word in an article (over the default 20 MiB cap with its markup)',
      fileName: 'single-word.html',
      write: bytesWriter(() =>
        article('one long word').html.replace('</article>', `<p>${'w'.repeat(20 * MiB)}</p></article>`),
      ),
      args: [],
      expect: { error: tooLarge },
      cost: 3,
    },
    {
      kind: 'attribute-10mb',
      description: 'a 10 MB attribute value on an article paragraph',
      fileName: 'attribute.html',
      write: bytesWriter(() =>
        article('huge attribute').html.replace(
          '<p>',
          `<p title="${'a'.repeat(10 * MiB)}" data-x="${'b'.repeat(1024)}">`,
        ),
      ),
      args: [],
      expect: {
        ok: { must: [proseParagraphs('huge attribute', 2)[1]!.slice(0, 60)], mustNot: ['aaaaaaaaaa'] },
        error: tooComplex,
      },
      cost: 3,
    },
    {
      kind: 'dangerous-urls',
      description: 'javascript:, vbscript: and data:text/html links and images in every spelling',
      fileName: 'dangerous-urls.html',
      write: bytesWriter(() => article('bad schemes').html.replace('</article>', `${dangerousLinksHtml()}</article>`)),
      args: [],
      expect: {
        ok: {
          must: DANGEROUS_URLS.map((_, index) => `link text ${index}`),
          mustNot: ['javascript', 'JaVaScRiPt', 'vbscript', 'data:text', 'alert('],
        },
      },
      cost: 1,
    },
    {
      kind: 'markdown-lookalike',
      // Literal `<script>` text is fine as escaped text; markdownProblems checks no raw HTML node exists.
      description: 'text that looks like Markdown or HTML must come out literally',
      fileName: 'lookalike.html',
      write: bytesWriter(() => article('lookalike').html.replace('</article>', `${lookalikeHtml()}</article>`)),
      args: [],
      expect: { ok: { must: [proseParagraphs('lookalike', 1)[0]!.slice(0, 60)], mustNot: [] } },
      cost: 1,
    },
    {
      kind: 'ansi-title',
      description: 'ANSI/OSC escape sequences in the title, byline and text',
      fileName: 'ansi.html',
      write: bytesWriter(() => ansiHtml()),
      args: [],
      expect: {
        ok: {
          must: ['Escaped title', proseParagraphs('terminal escapes', 1)[0]!.slice(0, 60)],
          mustNot: ['\u001b', '\u009b', '\u0007'],
        },
      },
      cost: 1,
    },
    {
      kind: 'active-content',
      description: 'scripts, handlers, srcdoc, link, refresh, @import and images pointing at the probe server',
      fileName: 'active.html',
      write: bytesWriter(() => activeContentHtml(probe)),
      args: [],
      expect: {
        ok: {
          must: [proseParagraphs('active content', 1)[0]!.slice(0, 60)],
          mustNot: ['EXECUTED', '<script', 'onerror', 'srcdoc', '@import', 'http-equiv'],
        },
      },
      cost: 1,
    },
  ];
}

/** URLs no output may keep, as an attacker would spell them. */
export const DANGEROUS_URLS: readonly string[] = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(2)',
  'java\tscript:alert(3)',
  'java&#x09;script:alert(4)',
  '&#106;avascript:alert(5)',
  ' \u0001javascript:alert(6)',
  'javascript&colon;alert(7)',
  'vbscript:msgbox(8)',
  'VBScript:msgbox(9)',
  'data:text/html,<script>alert(10)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=',
  'DATA:text/html,alert(12)',
];

function dangerousLinksHtml(): string {
  return DANGEROUS_URLS.map(
    (url, index) =>
      `<p>See <a href="${url.replace(/"/g, '&quot;')}">link text ${index}</a> and ` +
      `<img src="${url.replace(/"/g, '&quot;')}" alt="image alt ${index}"> here.</p>`,
  ).join('\n');
}

/** Lines of text that Markdown or HTML would give meaning to if not escaped. */
export const LOOKALIKE_LINES: readonly string[] = [
  '<script>alert("literal")</script>',
  '<!-- not a comment -->',
  '~~not struck~~',
  '*not emphasis* and _not either_',
  '1. not a list item',
  '# not a heading',
  '- not a bullet',
  '> not a quote',
  '[not a link](http://example.com/)',
  '`not code`',
  '| not | a table |',
  '<div onclick="x()">not a tag</div>',
  '***',
  'a\\b backslash',
  '&amp; stays an ampersand entity name',
];

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function lookalikeHtml(): string {
  return LOOKALIKE_LINES.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
}

/** Escape sequences a terminal would act on: OSC title set, OSC 8 hyperlink, CSI colour, 8-bit CSI, BEL. */
export const TERMINAL_ESCAPES = '\u001b]0;pwned\u0007\u001b]8;;http://evil.example/\u001b\\\u001b[31;1m\u009b2J\u0007';

function ansiHtml(): string {
  const { html } = articleHtml({
    title: `Escaped title ${TERMINAL_ESCAPES} end`,
    marker: 'terminal escapes',
    paragraphs: 4,
  });
  return html
    .replace('By Ada Writer', `By Ada ${TERMINAL_ESCAPES} Writer`)
    .replace('</article>', `<p>Body text with ${TERMINAL_ESCAPES} inside it.</p></article>`)
    .replace(
      '<head>',
      `<head><meta name="author" content="Eve ${TERMINAL_ESCAPES}"><meta property="og:site_name" content="Site ${TERMINAL_ESCAPES}">`,
    );
}

function activeContentHtml(probe: string): string {
  const beacon = (name: string) => `${probe}/${name}`;
  const { html } = articleHtml({ title: 'Active content', marker: 'active content', paragraphs: 5 });
  // Had any of this run, the title, the first paragraph and the probe server would all show it.
  const script =
    `document.title = 'EXECUTED'; document.querySelectorAll('p').forEach((p) => { p.textContent = 'EXECUTED'; });` +
    ` fetch('${beacon('script-fetch')}'); new Image().src = '${beacon('script-image')}';`;
  const head =
    `<meta http-equiv="refresh" content="0; url=${beacon('refresh')}">` +
    `<link rel="stylesheet" href="${beacon('link-stylesheet.css')}">` +
    `<link rel="preload" as="image" href="${beacon('link-preload.png')}">` +
    `<link rel="import" href="${beacon('link-import.html')}">` +
    `<script src="${beacon('script-src.js')}"></script>` +
    `<style>@import url("${beacon('css-import.css')}"); body { background: url(${beacon('css-background.png')}) }</style>`;
  const body =
    `<script>${script}</script>` +
    `<p>Handler image <img src="${beacon('img-src.png')}" onerror="${script.replace(/'/g, '&#39;')}" onload="${script.replace(/'/g, '&#39;')}" alt="probe image"></p>` +
    `<iframe srcdoc="<script>parent.document.title='EXECUTED';fetch('${beacon('srcdoc-fetch')}')</script><img src='${beacon('srcdoc-img.png')}'>"></iframe>` +
    `<iframe src="${beacon('iframe-src.html')}"></iframe>` +
    `<object data="${beacon('object-data')}"></object><embed src="${beacon('embed-src')}">` +
    `<video poster="${beacon('video-poster.png')}" src="${beacon('video-src.mp4')}"></video>` +
    `<svg><image href="${beacon('svg-image.png')}"></image><script>fetch('${beacon('svg-script')}')</script></svg>` +
    `<p style="background-image: url(${beacon('inline-style.png')})" onclick="fetch('${beacon('onclick')}')">Styled paragraph with a handler.</p>` +
    `<body onload="fetch('${beacon('body-onload')}')">`;
  return html.replace('<head>', `<head>${head}`).replace('</article>', `${body}</article>`);
}

/** A server on 127.0.0.1 that answers everything with 200 and records each request path. */
export interface ProbeServer {
  url: string;
  requests: string[];
  close: () => Promise<void>;
}

export async function startProbeServer(): Promise<ProbeServer> {
  const { createServer } = await import('node:http');
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('probe');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('probe server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What one CLI run produced. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  ms: number;
  /** True when the run was killed for taking longer than its budget. */
  killed: boolean;
}

export const BIN = new URL('../../bin/declutter.js', import.meta.url).pathname;

export interface RunOptions {
  cwd?: string;
  stdin?: Buffer | string;
  /** Run as this uid/gid (needs root): lets permission tests mean something when the suite runs as root. */
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
  /** Kill the run after this many ms; a hang is then reported, not waited out. */
  budgetMs?: number;
  /** Called once the child is running (e.g. to send it a signal later). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
  /** Run through `sh -c` with this prefix (e.g. `ulimit -f 1;`). */
  shellPrefix?: string;
}

/** Spawns the real CLI (bin/declutter.js, running dist/) and collects its bytes and exit status. */
export async function runDeclutter(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const { spawn } = await import('node:child_process');
  const started = performance.now();
  const quoted = [process.execPath, BIN, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const child =
    options.shellPrefix !== undefined
      ? spawn('/bin/sh', ['-c', `${options.shellPrefix} exec ${quoted}`], spawnOptions(options))
      : spawn(process.execPath, [BIN, ...args], spawnOptions(options));
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(options.stdin ?? '');
  options.onSpawn?.(child);
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, options.budgetMs ?? 30_000);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })),
  );
  clearTimeout(timer);
  return {
    code,
    signal,
    stdout: Buffer.concat(stdout),
    stderr: Buffer.concat(stderr),
    ms: performance.now() - started,
    killed,
  };
}

function spawnOptions(options: RunOptions): import('node:child_process').SpawnOptions {
  return {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  };
}

/** Terminal-driving bytes: C0 controls other than tab/newline, DEL, and C1 controls (UTF-8 encoded). */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Problems with a run's stderr: each line must be one clear message, never a stack trace or escape. */
export function stderrProblems(stderr: string): string[] {
  const problems: string[] = [];
  if (/^\s+at .+[(:]/m.test(stderr)) problems.push('stderr has a stack trace ("at ..." lines)');
  if (/\n\s*\^+\s*\n|Node\.js v\d+|Error: .*\n\s+at /.test(stderr))
    problems.push('stderr looks like an uncaught exception');
  if (TERMINAL_CONTROL.test(stderr.replace(/\r?\n/g, ''))) problems.push('stderr carries terminal control characters');
  return problems;
}

/** Lines of stderr that are not empty. */
export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '');
}

/** Judges a single-file run against what a hostile page may end in; an empty list means it passed. */
export function judgeRun(expect: HostileExpectation, run: CliRun): string[] {
  const stdout = run.stdout.toString('utf-8');
  const stderr = run.stderr.toString('utf-8');
  const problems = stderrProblems(stderr);
  if (run.killed) return [`did not finish within its time budget (killed after ${Math.round(run.ms)} ms)`, ...problems];
  if (run.code === 0 && expect.ok) {
    for (const must of expect.ok.must)
      if (!stdout.includes(must)) problems.push(`output lacks ${JSON.stringify(must.slice(0, 80))}`);
    for (const mustNot of expect.ok.mustNot) {
      if (stdout.includes(mustNot)) problems.push(`output has ${JSON.stringify(mustNot)}`);
    }
    if (TERMINAL_CONTROL.test(stdout.replace(/\n|\t/g, '')))
      problems.push('output carries terminal control characters');
    const warnings = stderrLines(stderr).filter((line) => !/warning/i.test(line));
    if (warnings.length > 0) problems.push(`stderr has non-warning lines: ${JSON.stringify(warnings.slice(0, 3))}`);
    return problems;
  }
  if (run.code !== 0 && expect.error && run.code === expect.error.exitCode) {
    const lines = stderrLines(stderr);
    if (lines.length !== 1)
      problems.push(`expected one stderr line, got ${lines.length}: ${JSON.stringify(lines.slice(0, 4))}`);
    if (!expect.error.message.test(stderr))
      problems.push(`stderr ${JSON.stringify(stderr.slice(0, 200))} does not match ${expect.error.message}`);
    if (stdout !== '') problems.push(`stdout is not empty on failure (${stdout.length} chars)`);
    return problems;
  }
  const wanted = [
    expect.ok ? 'exit 0 with clean output' : '',
    expect.error ? `exit ${expect.error.exitCode} (${expect.error.message})` : '',
  ]
    .filter(Boolean)
    .join(' or ');
  return [
    `exit ${run.code ?? run.signal}, expected ${wanted}; stderr: ${JSON.stringify(stderr.slice(0, 300))}; stdout: ${JSON.stringify(stdout.slice(0, 120))}`,
    ...problems,
  ];
}

/** Parses Markdown as a renderer would (CommonMark + GFM). */
export async function parseMarkdown(markdown: string): Promise<import('mdast').Root> {
  const [{ unified }, { default: remarkParse }, { default: remarkGfm }] = await Promise.all([
    import('unified'),
    import('remark-parse'),
    import('remark-gfm'),
  ]);
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

/** Schemes no link or image in the output may carry. */
export const DANGEROUS_SCHEME = /^(javascript|vbscript|data|livescript|mocha):/;

/** A URL as a browser would read its scheme: ASCII whitespace and controls dropped, lower-cased. */
export function normaliseScheme(url: string): string {
  return url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
}

/** What renders unsafely: raw HTML nodes, and links, images or definitions with a dangerous scheme. */
export async function markdownProblems(markdown: string): Promise<string[]> {
  const problems: string[] = [];
  const walk = (node: import('mdast').Nodes): void => {
    if (node.type === 'html') problems.push(`raw HTML node: ${JSON.stringify(node.value.slice(0, 80))}`);
    if (
      (node.type === 'link' || node.type === 'image' || node.type === 'definition') &&
      DANGEROUS_SCHEME.test(normaliseScheme(node.url))
    ) {
      problems.push(`${node.type} with a dangerous URL: ${JSON.stringify(node.url.slice(0, 80))}`);
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(await parseMarkdown(markdown));
  return problems;
}
