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

/** One page through the pipeline: true when it gave a non-empty document. */
type ConvertRecord = (record: PageRecord) => boolean;

/** Loads only the pipeline asked for (see the top of this file). */
async function loadPipeline(pipeline: string): Promise<ConvertRecord> {
  if (pipeline === 'declutter') {
    const library = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof Library;
    const render: Library.RenderOptions = { format: 'markdown', frontMatter: false, explain: false };
    return (record) => {
      const options = record.url === undefined ? {} : { url: record.url };
      const result = library.declutter(Buffer.from(record.html, 'utf-8'), options);
      return library.renderResult(result, render).trim() !== '';
    };
  }
  if (pipeline === 'naive') {
    const naive = await import('./naive-pipeline.js');
    return (record) => naive.naiveConvert({ html: record.html, url: record.url, title: true }).markdown !== '';
  }
  throw new Error(`unknown pipeline ${pipeline}`);
}

/** Converts each page and returns how many gave a non-empty document. */
async function convertAll(pipeline: string, records: readonly PageRecord[]): Promise<number> {
  const convert = await loadPipeline(pipeline);
  let converted = 0;
  for (const record of records) {
    try {
      if (convert(record)) converted += 1;
    } catch {
      // A page the pipeline refuses or throws on counts as not converted, as in a batch.
    }
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
