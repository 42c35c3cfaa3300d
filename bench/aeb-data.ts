// Loads the AEB dataset: ground truth, the gzipped HTML pages and published prediction files.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The dataset sits in shared/ beside the work tree (CI lays it out the same way). */
export const DEFAULT_DATA_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'shared',
  'datasets',
  'scrapinghub-aeb',
);

/** What the bench workers need of a page of any set: its id, its address and its gzipped bytes. */
export interface BenchPage {
  id: string;
  url: string | undefined;
  htmlPath: string;
}

export interface AebPage extends BenchPage {
  truth: string;
}

export type Predictions = ReadonlyMap<string, string>;

export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Pages in ground-truth order, each with its truth and the path of its `.html.gz`. */
export function loadPages(dataDir: string): AebPage[] {
  const truthPath = join(dataDir, 'ground-truth.json');
  if (!existsSync(truthPath)) {
    throw new DatasetError(`no AEB dataset at ${dataDir} (ground-truth.json missing); pass --data DIR`);
  }
  const truth = parseEntries(readFileSync(truthPath, 'utf-8'), truthPath);
  return [...truth].map(([id, entry]) => {
    const htmlPath = join(dataDir, 'html', `${id}.html.gz`);
    if (!existsSync(htmlPath)) throw new DatasetError(`page ${id} has no ${htmlPath}`);
    return { id, url: entry.url, truth: entry.articleBody, htmlPath };
  });
}

export function readPageBytes(page: BenchPage): Uint8Array {
  return gunzipSync(readFileSync(page.htmlPath));
}

export interface PublishedOutput {
  name: string;
  version: string | undefined;
  predictions: Predictions;
}

/** Every `published-output/*.json`, optionally wrapped as `{version, output}` (see the README). */
export function loadPublishedOutputs(dataDir: string): PublishedOutput[] {
  const folder = join(dataDir, 'published-output');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(folder, file);
      const raw: unknown = JSON.parse(readFileSync(path, 'utf-8'));
      const wrapped = isRecord(raw) && isRecord(raw.output);
      const version = wrapped && typeof raw.version === 'string' ? raw.version : undefined;
      const entries = parseEntries(wrapped ? raw.output : raw, path);
      const predictions = new Map([...entries].map(([id, entry]) => [id, entry.articleBody]));
      return { name: basename(file, '.json'), version, predictions };
    });
}

interface Entry {
  articleBody: string;
  url: string | undefined;
}

function parseEntries(source: unknown, path: string): Map<string, Entry> {
  const raw: unknown = typeof source === 'string' ? JSON.parse(source) : source;
  if (!isRecord(raw)) throw new DatasetError(`${path}: expected an object of pages`);
  const entries = new Map<string, Entry>();
  for (const [id, value] of Object.entries(raw)) {
    if (!isRecord(value)) throw new DatasetError(`${path}: page ${id} is not an object`);
    const body = value.articleBody ?? '';
    if (typeof body !== 'string') throw new DatasetError(`${path}: page ${id} articleBody is not a string`);
    entries.set(id, { articleBody: body, url: typeof value.url === 'string' ? value.url : undefined });
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The two halves for honest tuning: read leaks on `tune`, confirm a gain on `check` (never tuned on). */
export type PageHalf = 'tune' | 'check';

/**
 * Splits pages by a hash of their id, so the halves are stable, unordered and about equal in size.
 * A mechanism found by reading `tune` pages must also raise `check`: that is our stand-in for the
 * real pages nobody here has seen.
 */
export function selectHalf<Page extends BenchPage>(pages: readonly Page[], half: PageHalf | undefined): Page[] {
  if (half === undefined) return [...pages];
  return pages.filter((page) => halfOf(page.id) === half);
}

export function parseHalf(value: string | undefined): PageHalf | undefined {
  if (value === undefined) return undefined;
  if (value === 'tune' || value === 'check') return value;
  throw new DatasetError(`--half must be "tune" or "check", not "${value}"`);
}

export function halfOf(id: string): PageHalf {
  const firstByte = createHash('sha256').update(id).digest()[0] ?? 0;
  return firstByte % 2 === 0 ? 'tune' : 'check';
}
