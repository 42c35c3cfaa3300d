// Stage 1: bytes → string, choosing the charset as a browser would, except where the bytes disprove the <meta>.

import chardet from 'chardet';
import type { DecodedInput, EncodingSource, PipelineContext } from '../types.js';
import { decodeBytes, resolveEncoding } from './charset-labels.js';
import { rejectBinary } from './binary-sniff.js';
import { prescanMetaCharset } from './meta-charset.js';

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

/**
 * Multi-byte East Asian charsets that chardet tells apart reliably on real text (their byte
 * patterns are distinctive). Single-byte guesses are not taken: on Western pages chardet confuses
 * windows-1252 with its neighbours, and windows-1252 is what browsers fall back to anyway.
 */
const DETECTABLE: Readonly<Record<string, string>> = {
  // The WHATWG gbk decoder is the GB18030 one; gbk is the name pages declare (gb2312 resolves to it).
  GB18030: 'gbk',
  Shift_JIS: 'shift_jis',
  'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr',
  Big5: 'big5',
};
/** chardet's 0–100 confidence below which a guess is ignored. */
const MIN_CONFIDENCE = 50;
/** Detection looks at this much of the page: enough text, bounded cost on huge pages. */
const DETECTION_SAMPLE_BYTES = 256 * 1024;

/**
 * Decodes page bytes: BOM → `charset` option → `<meta>` prescan (overruled by valid UTF-8 it would garble) → strict
 * UTF-8 → detection → windows-1252.
 * Bytes without a BOM that are binary data (an image, NULs) are refused rather than decoded to mojibake.
 */
export function decodeHtml(bytes: Uint8Array, ctx: PipelineContext): DecodedInput {
  const bom = BOMS.find((candidate) => candidate.bytes.every((byte, index) => bytes[index] === byte));
  if (bom) {
    const declared = prescanMetaCharset(bytes.subarray(bom.bytes.length), resolveEncoding).encoding;
    if (declared && declared !== bom.encoding && !(bom.encoding.startsWith('utf-16') && declared === 'utf-8')) {
      ctx.warnings.push(`byte order mark says ${bom.encoding} but <meta> says ${declared}; used ${bom.encoding}`);
    }
    return decodeAs(bytes.subarray(bom.bytes.length), bom.encoding, 'bom', ctx);
  }
  rejectBinary(bytes);

  if (ctx.options.charset !== undefined) {
    const encoding = resolveEncoding(ctx.options.charset);
    if (encoding) return decodeAs(bytes, encoding, 'option', ctx);
    ctx.warnings.push(`unknown charset "${ctx.options.charset}" given as an option; detecting the encoding`);
  }

  const prescan = prescanMetaCharset(bytes, resolveEncoding);
  for (const label of prescan.unknownLabels) {
    ctx.warnings.push(`unknown charset "${label}" declared in <meta>; ignored`);
  }
  if (prescan.encoding) {
    const utf8 = utf8OverDeclared(bytes, prescan.encoding);
    if (utf8 !== undefined) {
      ctx.warnings.push(
        `<meta> declares ${prescan.encoding}, but the bytes are UTF-8 (read as declared they come out garbled); decoded as UTF-8`,
      );
      return { text: utf8, encoding: 'utf-8', encodingSource: 'utf-8-over-meta' };
    }
    return decodeAs(bytes, prescan.encoding, 'meta', ctx);
  }

  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, encoding: 'utf-8', encodingSource: 'utf-8' };
  } catch {
    // Not UTF-8: a legacy charset.
  }
  const guessed = guessEncoding(bytes);
  if (guessed) return { text: guessed.text, encoding: guessed.encoding, encodingSource: 'detected' };
  return decodeAs(bytes, 'windows-1252', 'fallback', ctx);
}

/**
 * The UTF-8 text of a page whose `<meta>` names another charset when the declaration is wrong: scrapers and
 * editors save pages as UTF-8 and leave the old `<meta>` in place. It is wrong when the bytes are valid UTF-8 with
 * characters beyond ASCII and the declared charset reads them worse: with replacement characters, or as mojibake
 * (each multi-byte character split into two or more, "Ã©" for "é"). Text in a real legacy charset is practically
 * never valid UTF-8 (a lone "é" byte is not), so such pages keep their declared charset.
 */
function utf8OverDeclared(bytes: Uint8Array, declared: string): string | undefined {
  if (declared === 'utf-8' || !bytes.some((byte) => byte >= 0x80)) return undefined;
  let utf8: string;
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const asDeclared = decodeBytes(bytes, declared);
  const replaced = countReplacements(asDeclared) > countReplacements(utf8);
  const mojibake = asDeclared.length > utf8.length;
  return replaced || mojibake ? utf8 : undefined;
}

function decodeAs(bytes: Uint8Array, encoding: string, source: EncodingSource, ctx: PipelineContext): DecodedInput {
  const text = decodeBytes(bytes, encoding);
  if (text.includes('\uFFFD') && countReplacements(text) > countLiteralReplacements(bytes, encoding)) {
    ctx.warnings.push(`input has bytes that are not valid ${encoding}; they were replaced with U+FFFD`);
  }
  return { text, encoding, encodingSource: source };
}

/** A confident chardet guess among the multi-byte CJK charsets that also decodes cleanly. */
function guessEncoding(bytes: Uint8Array): { text: string; encoding: string } | undefined {
  const sample = bytes.subarray(0, DETECTION_SAMPLE_BYTES);
  const best = chardet.analyse(sample)[0];
  if (!best || best.confidence < MIN_CONFIDENCE) return undefined;
  const encoding = DETECTABLE[best.name];
  if (!encoding) return undefined;
  const text = decodeBytes(bytes, encoding);
  // A right guess decodes (nearly) every byte; a wrong one leaves a trail of replacement characters.
  const replaced = countReplacements(text);
  return replaced <= Math.max(2, text.length / 1000) ? { text, encoding } : undefined;
}

function countReplacements(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\uFFFD'); index !== -1; index = text.indexOf('\uFFFD', index + 1)) count++;
  return count;
}

/** U+FFFD written into a UTF-8 page on purpose is not a decoding problem. */
function countLiteralReplacements(bytes: Uint8Array, encoding: string): number {
  if (encoding !== 'utf-8') return 0;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const needle = Buffer.from([0xef, 0xbf, 0xbd]);
  let count = 0;
  for (let index = buffer.indexOf(needle); index !== -1; index = buffer.indexOf(needle, index + 3)) count++;
  return count;
}
