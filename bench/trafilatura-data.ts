// Loads the trafilatura-dev set: 499 varied pages (gzipped bytes) with "with" / "without" segments.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetError, DEFAULT_DATA_DIR, type BenchPage } from './aeb-data.js';
import type { Segments } from './segment-metric.js';

/** Beside the AEB set in shared/datasets (CI lays it out the same way). */
export const DEFAULT_TRAFILATURA_DIR = resolve(DEFAULT_DATA_DIR, '..', 'trafilatura-dev');

export interface TrafilaturaPage extends BenchPage, Segments {}

/**
 * Pages in cases.json order; the id is the file name without `.html.gz` (it names the page's site).
 * The url is the page's address when cases.json has one: 16 cases carry trafilatura's corpus key
 * instead (`hard::site.html`, `recall::…`, one `xhttps://…`), which the bench does not pass as an
 * address (the CLI equivalent of leaving out `--url`; their scores are the same either way today).
 */
export function loadTrafilaturaPages(dataDir: string): TrafilaturaPage[] {
  const casesPath = join(dataDir, 'cases.json');
  if (!existsSync(casesPath)) {
    throw new DatasetError(`no trafilatura-dev set at ${dataDir} (cases.json missing); pass --trafilatura-data DIR`);
  }
  const raw: unknown = JSON.parse(readFileSync(casesPath, 'utf-8'));
  if (!Array.isArray(raw)) throw new DatasetError(`${casesPath}: expected a list of cases`);
  const seen = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const where = `${casesPath}: case ${index}`;
    if (typeof entry !== 'object' || entry === null) throw new DatasetError(`${where} is not an object`);
    const { file, url, with: withSegments, without } = entry as Record<string, unknown>;
    if (typeof file !== 'string' || !file.endsWith('.html.gz'))
      throw new DatasetError(`${where}: file must name a .html.gz`);
    const id = file.slice(0, -'.html.gz'.length);
    if (seen.has(id)) throw new DatasetError(`${where}: ${file} is listed twice`);
    seen.add(id);
    const htmlPath = join(dataDir, 'pages', file);
    if (!existsSync(htmlPath)) throw new DatasetError(`${where}: no ${htmlPath}`);
    return {
      id,
      url: typeof url === 'string' && /^https?:\/\//.test(url) ? url : undefined,
      htmlPath,
      with: segmentList(withSegments, `${where}: "with"`),
      without: segmentList(without, `${where}: "without"`),
    };
  });
}

function segmentList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string' && item.trim() !== '')) {
    throw new DatasetError(`${where} must be a list of non-empty strings`);
  }
  return value;
}
