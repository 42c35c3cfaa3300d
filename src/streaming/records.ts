// Stream records: the JSONL input record, what a stream item carries to a worker, and the output line.

import { charsetOf } from '../fetch/fetch-page.js';
import type { Line } from './lines.js';

/** One unit of a stream: a page to convert, or an input that is already an error record. */
export interface StreamItem {
  id: unknown;
  url: string | null;
  page?: { bytes: Uint8Array; charset: string | undefined };
  error?: string;
  /** Extra fields copied into the output record (WARC provenance). */
  extra?: Record<string, unknown>;
}

/** The output line: the fields every consumer can rely on, in a fixed order. */
export interface OutputRecord {
  id: unknown;
  url: string | null;
  title: string | null;
  lang: string | null;
  markdown: string | null;
  status: 'ok' | 'error';
  error: string | null;
  [extra: string]: unknown;
}

// The ASCII bytes String.prototype.trim removes: tab, LF, VT, FF, CR, space.
const ASCII_WHITESPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/**
 * Whether a JSONL line is blank (skipped), exactly as `bytes.toString('utf-8').trim() === ''` says, without
 * decoding a page-sized record just to find its first `{`: an ASCII byte that is not whitespace settles it;
 * only a line of whitespace with non-ASCII bytes in it (NBSP, U+2028, a BOM …) is decoded.
 */
export function isBlankLine(bytes: Uint8Array): boolean {
  let nonAscii = false;
  for (const byte of bytes) {
    if (byte >= 0x80) nonAscii = true;
    else if (!ASCII_WHITESPACE.has(byte)) return false;
  }
  return !nonAscii || Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf-8').trim() === '';
}

/** Parses one JSONL input line: `{id, url, html | html_b64, content_type}`. Bad lines become error items. */
export function parseJsonlLine(line: Line, maxBytes: number): StreamItem {
  if (!line.ok) return { id: null, url: null, error: `record is ${line.length} bytes, over the line limit` };
  let data: unknown;
  try {
    data = JSON.parse(line.bytes.toString('utf-8'));
  } catch (error) {
    return { id: null, url: null, error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { id: null, url: null, error: 'a record must be a JSON object' };
  }
  const record = data as Record<string, unknown>;
  const id = record.id ?? null;
  const url = typeof record.url === 'string' && record.url !== '' ? record.url : null;
  const contentType = typeof record.content_type === 'string' ? record.content_type : undefined;
  let page: StreamItem['page'];
  if (typeof record.html === 'string') {
    // A JSON string is already Unicode: its UTF-8 bytes are decoded as UTF-8, whatever <meta> says.
    page = { bytes: Buffer.from(record.html, 'utf-8'), charset: 'utf-8' };
  } else if (typeof record.html_b64 === 'string') {
    page = { bytes: Buffer.from(record.html_b64, 'base64'), charset: charsetOf(contentType) };
  } else {
    return { id, url, error: 'a record needs "html" (a string) or "html_b64" (base64 bytes)' };
  }
  if (page.bytes.byteLength > maxBytes) {
    return { id, url, error: `page is ${page.bytes.byteLength} bytes, over the ${maxBytes}-byte limit (--max-bytes)` };
  }
  return { id, url, page };
}

export function errorRecord(item: StreamItem, message: string): OutputRecord {
  return {
    id: item.id,
    url: item.url,
    title: null,
    lang: null,
    markdown: null,
    status: 'error',
    error: message,
    ...item.extra,
  };
}
