// Reads the HTML response records of a WARC file (plain or gzipped) as stream items with provenance.

import { WARCParser } from 'warcio';
import type { StreamItem } from './records.js';
import { charsetOf } from '../fetch/fetch-page.js';

export interface ReadWarcOptions {
  /** How the file is named in the `warc_file` field. */
  warcFile: string;
  /** Payloads over this are reported as errors (and flagged truncated) rather than held in memory. */
  maxBytes: number;
}

const HTML_TYPES = /^\s*(?:text\/html|application\/xhtml\+xml)\b/i;

/** Yields one item per `response` record whose payload is HTML (or untyped); other records are skipped. */
export async function* readWarcResponses(
  source: AsyncIterable<Uint8Array>,
  options: ReadWarcOptions,
): AsyncGenerator<StreamItem> {
  const parser = new WARCParser(source);
  for await (const record of parser) {
    if (record.warcType !== 'response') continue;
    const contentType = record.httpHeaders?.headers.get('content-type') ?? null;
    if (contentType !== null && !HTML_TYPES.test(contentType)) continue;
    const url = record.warcTargetURI ?? null;
    const id = record.warcHeader('WARC-Record-ID') ?? null;
    const warcTruncated = record.warcHeader('WARC-Truncated');
    const extra = {
      warc_file: options.warcFile,
      offset: parser.offset,
      content_type: contentType,
      encoding: null as string | null,
      truncated: warcTruncated !== null && warcTruncated !== undefined,
    };
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    // contentReader undoes chunked transfer and Content-Encoding; the cap counts decoded bytes.
    for await (const chunk of record.contentReader) {
      size += chunk.byteLength;
      if (size > options.maxBytes) {
        tooLarge = true;
        continue; // keep reading so the parser lands on the next record
      }
      chunks.push(chunk);
    }
    if (tooLarge) {
      yield {
        id,
        url,
        error: `payload over the ${options.maxBytes}-byte limit (--max-bytes)`,
        extra: { ...extra, truncated: true },
      };
      continue;
    }
    yield {
      id,
      url,
      page: { bytes: Buffer.concat(chunks), charset: charsetOf(contentType ?? undefined) },
      extra,
    };
  }
}
