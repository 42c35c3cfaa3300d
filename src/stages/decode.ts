// Stage 1: bytes → string, choosing the charset as a browser would, never trusting jsdom to guess.

import iconv from 'iconv-lite';
import type { DecodedInput, PipelineContext } from '../types.js';

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

/** Decodes page bytes: BOM → option → `<meta>` prescan → strict UTF-8 → detection → windows-1252. */
export function decodeHtml(bytes: Uint8Array, ctx: PipelineContext): DecodedInput {
  for (const bom of BOMS) {
    if (bom.bytes.every((byte, index) => bytes[index] === byte)) {
      return decodeWith(bytes.subarray(bom.bytes.length), bom.encoding, 'bom', ctx);
    }
  }
  if (ctx.options.charset) return decodeWith(bytes, ctx.options.charset, 'option', ctx);
  const declared = prescanMetaCharset(bytes);
  if (declared) return decodeWith(bytes, declared, 'meta', ctx);
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      encoding: 'utf-8',
      encodingSource: 'utf-8',
    };
  } catch {
    return decodeWith(bytes, 'windows-1252', 'fallback', ctx);
  }
}

function decodeWith(
  bytes: Uint8Array,
  label: string,
  source: DecodedInput['encodingSource'],
  ctx: PipelineContext,
): DecodedInput {
  const encoding = normaliseLabel(label);
  if (encoding === 'utf-8') {
    const text = new TextDecoder('utf-8').decode(bytes);
    if (text.includes('\uFFFD') && !hasLiteralReplacementChar(bytes)) {
      ctx.warnings.push('input has bytes that are not valid UTF-8; they were replaced with U+FFFD');
    }
    return { text, encoding, encodingSource: source };
  }
  return {
    text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding),
    encoding,
    encodingSource: source,
  };
}

function hasLiteralReplacementChar(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from([0xef, 0xbf, 0xbd]));
}

function normaliseLabel(label: string): string {
  const lower = label.trim().toLowerCase();
  if (['utf8', 'utf-8', 'unicode-1-1-utf-8'].includes(lower)) return 'utf-8';
  // WHATWG maps these labels to windows-1252, not to true Latin-1.
  if (['iso-8859-1', 'latin1', 'ascii', 'us-ascii', 'l1'].includes(lower)) return 'windows-1252';
  return iconv.encodingExists(lower) ? lower : 'windows-1252';
}

/** The WHATWG-style prescan of the first 1024 bytes for `<meta charset>` or `http-equiv`. */
export function prescanMetaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  const metaTags = head.match(/<meta\b[^>]*>/gi) ?? [];
  for (const tag of metaTags) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct?.[1]) return direct[1];
  }
  return undefined;
}
