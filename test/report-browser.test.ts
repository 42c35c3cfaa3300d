// --report in a real browser (Debian chromium through playwright-core): marks with their rule ids, the keyboard
// and the toggle work, the Content-Security-Policy stops a planted script and image (a probe server on 127.0.0.1
// counts requests: none may arrive), and a screenshot of the page shows the marks in their colours.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { declutter } from '../src/index.js';
import { buildBatchIndex } from '../src/report/batch-index.js';
import { FAMILIES } from '../src/report/families.js';
import { articlePage, makeTempDir, startServer, type TestServer } from './cli-support.js';
import { plantActiveContent } from './support/planted-page.js';

const CHROMIUM = process.env.DECLUTTER_CHROMIUM ?? '/usr/bin/chromium';
const chromiumMissing = !existsSync(CHROMIUM);
// CI installs chromium (.ci/run) and must run this test; elsewhere a missing browser skips it with a reason.
const skipReason =
  chromiumMissing && process.env.CI !== 'true'
    ? `no Debian chromium at ${CHROMIUM} (apt-get install chromium): browser test of --report skipped`
    : undefined;

// The flags that work on this project's machines (no network but loopback, running as root): docs in env notes.
const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const CGTN = join(FIXTURES, 'sites/cgtn.com/article');
const ONETRUST = join(FIXTURES, 'rules/consent/cmp-onetrust');
const SCREENSHOTS = process.env.DECLUTTER_SCREENSHOT_DIR ?? join(tmpdir(), 'declutter-report-screenshots');

function familyColour(key: string): [number, number, number] {
  const hex = FAMILIES.find((family) => family.key === key)?.colour ?? '#000000';
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

/** Pixels of a PNG within a small distance of a colour, and the share of pixels that are not plain white. */
function pixelCounts(png: Buffer, colour: [number, number, number]): { matching: number; nonWhite: number } {
  const image = PNG.sync.read(png);
  let matching = 0;
  let nonWhite = 0;
  for (let at = 0; at < image.data.length; at += 4) {
    const [r, g, b] = [image.data[at] ?? 0, image.data[at + 1] ?? 0, image.data[at + 2] ?? 0];
    if (Math.abs(r - colour[0]) + Math.abs(g - colour[1]) + Math.abs(b - colour[2]) <= 24) matching++;
    if (r < 245 || g < 245 || b < 245) nonWhite++;
  }
  return { matching, nonWhite: nonWhite / (image.width * image.height) };
}

async function fixture(dir: string): Promise<{ bytes: Buffer; url: string }> {
  const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf-8')) as { url: string };
  return { bytes: await readFile(join(dir, 'source.html')), url: meta.url };
}

describe('the --report page in Debian chromium', () => {
  let browser: Browser | undefined;
  let probe: TestServer;
  const requests: string[] = [];
  let dir: string;

  beforeAll(async () => {
    probe = await startServer((request, response) => {
      requests.push(request.url ?? '');
      response.writeHead(404).end();
    });
    dir = await makeTempDir('declutter-report-browser-');
    if (skipReason !== undefined) {
      process.stderr.write(`${skipReason}\n`);
      return;
    }
    if (chromiumMissing)
      throw new Error(`CI=true but no chromium at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  });

  afterAll(async () => {
    await browser?.close();
    await probe.close();
  });

  /** Writes a report and opens it; collects the console's messages (CSP violations are logged there). */
  async function open(html: string, name: string): Promise<{ page: Page; console: string[] }> {
    const path = join(dir, name);
    await writeFile(path, html);
    const context = await (browser as Browser).newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(message.text()));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    // Long enough for anything that slipped through (a lazy image, a refresh, a timer) to reach the probe.
    await page.waitForTimeout(800);
    return { page, console };
  }

  function needsBrowser(context: TestContext): void {
    if (skipReason !== undefined) context.skip(skipReason);
  }

  it('marks the consent banner and the repeated captions of the CGTN page with their rule ids', async (context) => {
    needsBrowser(context);
    const { bytes, url } = await fixture(CGTN);
    const { page, console } = await open(declutter(bytes, { url, report: true }).report ?? '', 'cgtn.html');
    const consent = page.locator('.dcl-page [data-rules~="consent/text-banner"]');
    await expect.poll(() => consent.count()).toBe(1);
    expect(await consent.innerText()).toContain('By continuing to browse our site');
    expect(await consent.getAttribute('title')).toMatch(/consent\/text-banner: removed .*\nwhy: /s);
    const captions = page.locator('.dcl-page [data-rules~="captions/adjacent-blocks"]');
    expect(await captions.count()).toBe(2);
    for (const text of await captions.allInnerTexts())
      expect(text).toContain('Zelenskyy talks during his press conference');
    expect(await page.locator('.dcl-page [data-rules~="related/heading-block"]').innerText()).toContain(
      'Search Trends',
    );
    // The outline is the family's colour (and a label names the rule, for readers who do not see colour).
    const outline = await consent.evaluate((element) => getComputedStyle(element).outlineColor);
    expect(outline).toBe(`rgb(${familyColour('consent').join(', ')})`);
    expect(await consent.locator('.dcl-label').innerText()).toContain('consent/text-banner · removed');
    // The Markdown is beside the page; our own stylesheet and script ran without a CSP complaint.
    expect(await page.locator('pre.dcl-markdown').innerText()).toContain('# Zelenskyy lobbies allies');
    expect(console.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);

    // Keyboard: n steps from one change to the next, p back; the status names the rule.
    await page.keyboard.press('n');
    const first = await page.evaluate(() => document.activeElement?.id);
    expect(first).toBe('dcl-m1');
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dcl-m2');
    expect(await page.locator('#dcl-status').innerText()).toMatch(/^2 of 5: captions\//);
    await page.keyboard.press('p');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dcl-m1');

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-cgtn.png') });
    const pane = await page.locator('section.dcl-pane').first().screenshot();
    const counts = pixelCounts(pane, familyColour('captions'));
    expect(counts.nonWhite, 'the page pane is blank').toBeGreaterThan(0.05);
    expect(counts.matching, 'too few pixels of the captions colour: the marks did not render').toBeGreaterThan(4000);

    // The toggle hides what the rules removed; what Readability kept stays.
    await page.locator('#dcl-hide-removed').check();
    expect(await consent.isVisible()).toBe(false);
    expect(await captions.first().isVisible()).toBe(false);
    expect(await page.locator('.dcl-page').innerText()).toContain('Zelenskyy said on Sunday that he had held');
    await page.context().close();
  });

  it('marks a consent platform’s banner (OneTrust) and outlines the container Readability chose', async (context) => {
    needsBrowser(context);
    const { bytes, url } = await fixture(ONETRUST);
    const { page } = await open(declutter(bytes, { url, report: true }).report ?? '', 'onetrust.html');
    const banner = page.locator('.dcl-page [data-rules~="consent/cmp"]');
    expect(await banner.count()).toBe(1);
    expect(await banner.innerText()).toContain('Your privacy');
    expect(await page.locator('.dcl-page .dcl-article').count()).toBe(1);
    expect(await page.locator('.dcl-page .dcl-article').innerText()).toContain('Crews on the island ferry routes');
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-rules'))).toBe('consent/cmp');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-onetrust.png') });
    const pane = await page.locator('section.dcl-pane').first().screenshot();
    const counts = pixelCounts(pane, familyColour('consent'));
    expect(counts.nonWhite, 'the page pane is blank').toBeGreaterThan(0.05);
    expect(counts.matching, 'too few pixels of the consent colour: the marks did not render').toBeGreaterThan(4000);
    await page.context().close();
  });

  it('loads and runs nothing planted in the page; the CSP blocks a script and an image that get past the rewrite', async (context) => {
    needsBrowser(context);
    const { bytes, url } = await fixture(CGTN);
    const planted = plantActiveContent(bytes.toString('utf-8'), probe.url);
    const report = declutter(planted, { url, report: true }).report ?? '';
    requests.length = 0;
    const { page } = await open(report, 'planted.html');
    expect(await page.locator('.dcl-page').innerText()).toContain('Planted image');
    expect(requests, 'requests reached the probe server').toEqual([]);
    await page.context().close();

    // As if something got past the rewrite: a script and an image inserted into the report itself.
    const injected = report.replace(
      '</main>',
      `<img src="${probe.url}/injected-image.png" alt="x"><script src="${probe.url}/injected-script.js"></script>` +
        `<script>fetch('${probe.url}/injected-inline')</script><div style="background:url(${probe.url}/injected-style.png)">x</div></main>`,
    );
    const { page: second, console } = await open(injected, 'injected.html');
    expect(requests, 'requests reached the probe server').toEqual([]);
    const violations = console.filter((line) => /Content Security Policy/i.test(line));
    expect(violations.some((line) => /script/i.test(line) && line.includes('injected-script.js'))).toBe(true);
    expect(violations.some((line) => /img-src|image/i.test(line) && line.includes('injected-image.png'))).toBe(true);
    await second.context().close();
  });

  it('sorts the batch index by the column heading clicked, and again the other way', async (context) => {
    needsBrowser(context);
    const trace = (...ids: string[]): { ruleId: string }[] => ids.map((ruleId) => ({ ruleId }));
    const index = buildBatchIndex({
      pages: [
        { href: 'pages/a.html', input: 'a.html', title: 'Alpha', trace: trace('consent/cmp') },
        { href: 'pages/b.html', input: 'b.html', title: 'Beta', trace: trace('consent/cmp', 'ui/labels', 'ui/labels') },
        { href: 'pages/c.html', input: 'c.html', title: 'Gamma', trace: trace('ui/labels', 'edges/tail') },
      ],
      failed: [],
    });
    const { page, console } = await open(index, 'index.html');
    const pages = page.locator('table.sortable').nth(1);
    const order = (): Promise<string[]> => pages.locator('tbody tr td:first-child').allInnerTexts();
    expect(await order()).toEqual(['a.html', 'b.html', 'c.html']);
    await pages.getByRole('button', { name: 'changes' }).click();
    expect(await order()).toEqual(['a.html', 'c.html', 'b.html']);
    await pages.getByRole('button', { name: 'changes' }).click();
    expect(await order()).toEqual(['b.html', 'c.html', 'a.html']);
    await pages.getByRole('button', { name: 'title' }).click();
    expect(await order()).toEqual(['a.html', 'b.html', 'c.html']);
    // The rules table: by pages, then by name the other way.
    const rules = page.locator('table.sortable').first();
    const ruleOrder = (): Promise<string[]> => rules.locator('tbody tr td:first-child').allInnerTexts();
    await rules.getByRole('button', { name: 'pages' }).click();
    expect((await ruleOrder())[0]).toBe('edges/tail');
    await rules.getByRole('button', { name: 'rule' }).click();
    await rules.getByRole('button', { name: 'rule' }).click();
    expect(await ruleOrder()).toEqual(['ui/labels', 'edges/tail', 'consent/cmp']);
    expect(await page.getAttribute('a[href="pages/b.html"]', 'href')).toBe('pages/b.html');
    expect(console.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
    await page.context().close();
  });

  it('with --report-images shows the page’s images, and still nothing else: the probe sees the image only', async (context) => {
    needsBrowser(context);
    // A page whose every URL is the probe's: with images on, nothing may reach past 127.0.0.1.
    const planted = plantActiveContent(articlePage('Ferry timetable changes'), probe.url);
    requests.length = 0;
    const report = declutter(planted, { url: `${probe.url}/article`, report: { images: true } }).report ?? '';
    const { page } = await open(report, 'images.html');
    // The counter works: the planted image (an http URL) is requested, and nothing but images is.
    expect(requests).toContain('/planted-image.png');
    expect(requests.filter((path) => !/\.png$/.test(path))).toEqual([]);
    await page.context().close();
  });
});
