// One process converting every record of a JSONL file through the library in a plain loop: no workers,
// no pool, no output files. The batch throughput runs time it as they time the bin, as a whole process
// (bash's `times`), so a batch is compared with the same pages converted in one process, background
// threads included.
//
// The bench's per-page figures time each call alone, and the bench child then waits for the other
// pipeline's turn: V8's helper threads finish that page's concurrent marking and sweeping while it waits,
// where no per-call figure sees it. A loop leaves no such gaps.
//
// The bench transpiles this file to plain JavaScript under .bench-cache/ (as the naive CLI), so no
// TypeScript loader runs in the timed process. declutter is loaded from dist/ when asked for, and only
// then: its jsdom fast paths change jsdom for the whole process, so the naive loop must never load it.

import { readFileSync } from 'node:fs';
import type * as Library from '../src/index.js';

interface PageRecord {
  url?: string;
  html: string;
}

/** Converts each page and returns how many gave a non-empty document. */
async function convertAll(pipeline: string, records: readonly PageRecord[]): Promise<number> {
  let converted = 0;
  if (pipeline === 'declutter') {
    const library = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof Library;
    const render: Library.RenderOptions = { format: 'markdown', frontMatter: false, explain: false };
    for (const record of records) {
      try {
        const result = library.declutter(
          Buffer.from(record.html, 'utf-8'),
          record.url === undefined ? {} : { url: record.url },
        );
        if (library.renderResult(result, render).trim() !== '') converted += 1;
      } catch {
        // A page declutter refuses counts as not converted, as in a batch.
      }
    }
  } else if (pipeline === 'naive') {
    const naive = await import('./naive-pipeline.js');
    for (const record of records) {
      try {
        if (naive.naiveConvert({ html: record.html, url: record.url, title: true }).markdown !== '') converted += 1;
      } catch {
        // As above: a page jsdom or Readability throws on is not converted.
      }
    }
  } else {
    throw new Error(`unknown pipeline ${pipeline}`);
  }
  return converted;
}

const [pipeline, path] = process.argv.slice(2);
if (pipeline === undefined || path === undefined) {
  process.stderr.write('usage: library-loop declutter|naive FILE.jsonl\n');
  process.exitCode = 2;
} else {
  const records = readFileSync(path, 'utf-8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as PageRecord);
  process.stdout.write(`converted=${await convertAll(pipeline, records)}\n`);
}
