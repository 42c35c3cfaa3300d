// --follow-pages: a site config's single_page_link / next_page_link followed for URL inputs, against a server
// on 127.0.0.1 serving the multi-page articles of fixtures/follow-pages/ (their config: 127.0.0.1.txt).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { joinArticlePages, convertArticlePage } from '../src/pages/article-pages.js';
import { fetchPage } from '../src/fetch/fetch-page.js';
import { refuseOffSite } from '../src/fetch/follow-pages.js';
import { assertBuilt, ROOT, runBin, startServer, type TestServer } from './cli-support.js';

const PAGES = join(ROOT, 'fixtures', 'follow-pages');
const CONFIG = join(PAGES, '127.0.0.1.txt');

let server: TestServer;
let requested: string[] = [];

beforeAll(async () => {
  assertBuilt();
  server = await startServer((request, response) => {
    const path = request.url ?? '/';
    requested.push(path);
    switch (path) {
      case '/fail-2.html':
        response.writeHead(500, { 'content-type': 'text/html' }).end('<p>Internal error</p>');
        return;
      case '/lead.jpg':
        response.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(64, 0xff));
        return;
      case '/away-2.html':
        // A redirect off the site: refused like a link off the site would be.
        response.writeHead(302, { location: 'http://127.0.0.2/away-2.html' }).end();
        return;
    }
    try {
      const html = readFileSync(join(PAGES, path.replace(/^\/+/, '').replace(/[^\w.-]/g, '')));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } catch {
      response.writeHead(404, { 'content-type': 'text/html' }).end('not found');
    }
  });
});
afterAll(() => server.close());
beforeEach(() => {
  requested = [];
});

const run = (path: string, ...flags: string[]) => runBin(['--rules', CONFIG, ...flags, `${server.url}${path}`]);

/** Where each string starts in `text` (-1 when missing). */
const positions = (text: string, parts: readonly string[]) => parts.map((part) => text.indexOf(part));

const NET_MAKERS = [
  'Before the first boats come in, Jonas Eide',
  'The work is slower than it looks.',
  'The harbour board has offered the families a lease',
];

describe('--follow-pages through the CLI', () => {
  it('joins a 3-page article in order, with the title once and the repeated standfirst and lead photo once', async () => {
    const result = await run('/article-1.html', '--follow-pages', '2', '--explain');
    expect(result.code).toBe(0);
    const found = positions(result.stdout, NET_MAKERS);
    expect(found.every((at) => at >= 0)).toBe(true);
    expect([...found].sort((a, b) => a - b)).toEqual(found);
    expect(result.stdout.match(/The net makers of Skarvik harbour/g)).toHaveLength(1);
    expect(result.stdout.match(/net-makers-lead\.jpg/g)).toHaveLength(1);
    expect(result.stdout.match(/Three families still mend the fishing fleet's nets by hand/g)).toHaveLength(1);
    expect(result.stdout).toMatch(/^# The net makers of Skarvik harbour\n/);
    expect(result.stdout).not.toMatch(/Next page|Previous page/);
    expect(requested).toEqual(['/article-1.html', '/article-2.html', '/article-3.html']);
    expect(result.stderr).toMatch(/\[pre\] site\/127\.0\.0\.1\/next_page_link appended: page 2: \S+\/article-2\.html/);
    expect(result.stderr).toMatch(
      /next_page_link appended: page 3: \S+\/article-3\.html: 3 blocks appended, 2 left out/,
    );
    expect(result.stderr).not.toMatch(/warning/);
  });

  it('fetches at most N more pages, and says where the article goes on', async () => {
    const result = await run('/article-1.html', '--follow-pages', '1');
    expect(result.code).toBe(0);
    expect(requested).toEqual(['/article-1.html', '/article-2.html']);
    expect(result.stdout).toContain(NET_MAKERS[1]);
    expect(result.stdout).not.toContain(NET_MAKERS[2]);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /warning: .*article-1\.html: the article goes on at \S+\/article-3\.html; .*--follow-pages 1/,
      ),
    ]);
  });

  it('swaps in the one-page version when the site offers one', async () => {
    const result = await run('/longread-1.html', '--follow-pages', '3', '--explain');
    expect(result.code).toBe(0);
    expect(requested).toEqual(['/longread-1.html', '/longread-all.html']);
    expect(result.stdout).toContain('The tide gauge at the end of the north mole');
    expect(result.stdout).toContain('The volunteer, a retired teacher named Aud Lien');
    expect(result.stdout.match(/What the tide gauge remembers/g)).toHaveLength(1);
    expect(result.stdout).not.toContain('Read on one page');
    expect(result.stderr).toMatch(/site\/127\.0\.0\.1\/single_page_link followed: \S+\/longread-all\.html/);
  });

  it('stops at a loop, keeping each page once', async () => {
    const result = await run('/loop-1.html', '--follow-pages', '5', '--explain');
    expect(result.code).toBe(0);
    expect(requested).toEqual(['/loop-1.html', '/loop-2.html']);
    expect(result.stdout.match(/will raise fares by eight per cent/g)).toHaveLength(1);
    expect(result.stdout).toContain('A second vessel, promised for the summer timetable');
    expect(result.stderr).toMatch(/next_page_link stopped: page 3: \S+\/loop-1\.html was fetched already \(a loop\)/);
  });

  it('refuses a next page on another host, and a redirect off the site', async () => {
    const cross = await run('/cross-1.html', '--follow-pages', '2', '--explain');
    expect(cross.code).toBe(0);
    expect(cross.stdout).toContain('Repairs to the east quay will start three weeks late');
    expect(cross.stderr).toMatch(
      /warning: .*page 2 at http:\/\/127\.0\.0\.2\/partner\/quay-repairs-2\.html not followed: another host/,
    );
    expect(cross.stderr).toMatch(/next_page_link refused: page 2: http:\/\/127\.0\.0\.2\//);
    const away = await run('/away-1.html', '--follow-pages', '2');
    expect(away.code).toBe(0);
    expect(away.stdout).toContain('The harbour board approved a new ice plant');
    expect(away.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/warning: .*page 2 at \S+\/away-2\.html failed: .*another host \(127\.0\.0\.2\)/),
    ]);
  });

  it('keeps page 1 and warns in one line when page 2 fails', async () => {
    const result = await run('/fail-1.html', '--follow-pages', '2');
    expect(result.code).toBe(0);
    expect(requested).toEqual(['/fail-1.html', '/fail-2.html']);
    expect(result.stdout).toContain('The harbour board approved a new ice plant');
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /warning: .*page 2 at \S+\/fail-2\.html failed: HTTP 500.*; kept the 1 page\(s\) before it$/,
      ),
    ]);
  });

  it('is off by default: the first page only', async () => {
    const result = await run('/article-1.html', '--explain');
    expect(result.code).toBe(0);
    expect(requested).toEqual(['/article-1.html']);
    expect(result.stdout).toContain(NET_MAKERS[0]);
    expect(result.stdout).not.toContain(NET_MAKERS[1]);
    // The link is still reported, as before.
    expect(result.stderr).toMatch(/next_page_link page-link .*article-2\.html/);
  });

  it('ignores the flag for a file input, and says so once with --explain', async () => {
    const result = await runBin([
      '--rules',
      CONFIG,
      '--follow-pages',
      '2',
      '--explain',
      '--url',
      `${server.url}/article-1.html`,
      join(PAGES, 'article-1.html'),
    ]);
    expect(result.code).toBe(0);
    expect(requested).toEqual([]);
    expect(result.stdout).toContain(NET_MAKERS[0]);
    expect(result.stdout).not.toContain(NET_MAKERS[1]);
    expect(result.stderr.match(/for URL inputs only/g)).toHaveLength(1);
  });

  it('refuses the flag in batch mode with a usage error', async () => {
    const result = await runBin(['--follow-pages', '2', join(PAGES, 'article-1.html'), join(PAGES, 'loop-1.html')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--follow-pages works on one URL input/);
  });
});

describe('the article pages joined', () => {
  const options = (path: string) => ({ url: `http://127.0.0.1/${path}`, userRules: [] });
  it('keeps a short block a later page repeats in its text, drops a long one', () => {
    const first = convertArticlePage(
      '<html><head><title>Interview</title></head><body><article><h1>Interview</h1><p>Did you expect to win the race this year, after the injury that kept you off the water all spring?</p><p>Yes.</p><p>A long answer about training through the winter on the fjord, every morning before work, for months.</p></article></body></html>',
      options('a'),
    );
    const second = convertArticlePage(
      '<html><head><title>Interview</title></head><body><article><h1>Interview</h1><p>And would you race again next year, with the new boat the club has ordered from the yard in Bergen?</p><p>Yes.</p><p>A long answer about training through the winter on the fjord, every morning before work, for months.</p></article></body></html>',
      options('b'),
    );
    const { result, counts } = joinArticlePages(first, [second], { titleHeading: true });
    expect(result.markdown.match(/^Yes\.$/gm)).toHaveLength(2);
    expect(result.markdown.match(/A long answer about training/g)).toHaveLength(1);
    expect(result.markdown.match(/^# Interview$/gm)).toHaveLength(1);
    // Readability already drops an <h1> that repeats the title; the long answer is the one repeat left out.
    expect(counts).toEqual([{ appended: 2, repeated: 1 }]);
  });
});

describe('fetching a further page', () => {
  it('refuses a body that is not HTML, and a URL the caller refuses, before asking for it', async () => {
    const limits = { timeoutMs: 5000, maxBytes: 1_000_000, maxRedirects: 5, userAgent: 'declutter-test/1' };
    await expect(fetchPage(`${server.url}/lead.jpg`, { ...limits, htmlOnly: true })).rejects.toThrow(
      /not an HTML page \(Content-Type image\/jpeg\)/,
    );
    await expect(fetchPage(`${server.url}/lead.jpg`, limits)).resolves.toMatchObject({ contentType: 'image/jpeg' });
    requested = [];
    await expect(
      fetchPage(`${server.url}/article-2.html`, { ...limits, refuseUrl: () => 'not on the site' }),
    ).rejects.toThrow(/article-2\.html: not on the site/);
    expect(requested).toEqual([]);
  });
});

describe('which links stay on the site', () => {
  const origin = new URL('https://www.example.com/news/a');
  it('follows the page host and the hosts the config covers, nothing else', () => {
    expect(refuseOffSite('https://www.example.com/news/a?page=2', origin, 'example.com')).toBeUndefined();
    expect(refuseOffSite('https://example.com/news/a?page=2', origin, 'example.com')).toBeUndefined();
    expect(refuseOffSite('https://print.example.com/a', origin, '.example.com')).toBeUndefined();
    expect(refuseOffSite('https://print.example.com/a', origin, 'example.com')).toMatch(/another host/);
    expect(refuseOffSite('https://example.com.evil.test/a', origin, 'example.com')).toMatch(/another host/);
    expect(refuseOffSite('http://www.example.com/news/a?page=2', origin, 'example.com')).toMatch(/plain http/);
    expect(refuseOffSite('https://www.example.com:8443/a', origin, 'example.com')).toMatch(/another port/);
  });
});
