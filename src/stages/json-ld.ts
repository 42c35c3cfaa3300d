// The page's JSON-LD blocks: read before Readability removes the scripts, each parsed once and only when asked.

import { elementsWithTags } from './elements-by-tag.js';

/** JSON-LD nests objects (`@graph`, `mainEntity`, lists); deeper than this is no description of the page itself. */
const MAX_DEPTH = 6;

export interface JsonLdBlocks {
  /** The blocks' texts as the page holds them. */
  readonly texts: readonly string[];
  /** Every object of every block whose text `worth` matches (all when absent), each block parsed at most once. */
  objects(worth?: RegExp): Generator<Record<string, unknown>>;
}

/** The page's `<script type="application/ld+json">` blocks; a block that is no valid JSON yields no objects. */
export function readJsonLd(document: Document): JsonLdBlocks {
  const texts = elementsWithTags(document, ['script'])
    .filter((script) => (script.getAttribute('type') ?? '').trim().toLowerCase() === 'application/ld+json')
    .map((script) => script.textContent ?? '');
  const parsed = new Map<number, unknown>();
  function* objects(worth?: RegExp): Generator<Record<string, unknown>> {
    for (const [index, text] of texts.entries()) {
      if (worth && !worth.test(text)) continue;
      if (!parsed.has(index)) parsed.set(index, parseOrNothing(text));
      yield* objectsIn(parsed.get(index), 0);
    }
  }
  return { texts, objects };
}

function parseOrNothing(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a broken JSON-LD block is the page's mistake; the extraction stands
  }
}

function* objectsIn(data: unknown, depth: number): Generator<Record<string, unknown>> {
  if (depth > MAX_DEPTH || typeof data !== 'object' || data === null) return;
  if (Array.isArray(data)) {
    for (const item of data) yield* objectsIn(item, depth + 1);
    return;
  }
  const record = data as Record<string, unknown>;
  yield record;
  for (const value of Object.values(record)) yield* objectsIn(value, depth + 1);
}
