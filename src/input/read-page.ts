// Reads one page file as bytes with size caps; `.gz` files are decompressed while streaming, and gzip bytes
// from elsewhere (stdin, a URL) are inflated under the same cap.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { describeFsError, InputError, InputTooLargeError } from '../errors.js';

export interface ReadPageOptions {
  /** Cap on the bytes on disk (and on the decompressed bytes of a plain file). */
  maxBytes: number;
  /** Cap on the decompressed bytes of a `.gz` file. */
  maxDecompressedBytes: number;
}

export interface ReadPage {
  bytes: Uint8Array;
  /** sha256 (hex) of the bytes on disk. */
  sha256: string;
}

export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/** Reads a page file; rejects directories, special files and anything over its cap. */
export async function readPageFile(path: string, options: ReadPageOptions): Promise<ReadPage> {
  const info = await stat(path).catch((error: unknown) => {
    throw new InputError(`${path}: ${describeFsError(error)}`, { cause: error });
  });
  if (info.isDirectory()) throw new InputError(`${path}: is a directory`);
  if (!info.isFile()) throw new InputError(`${path}: not a regular file`);
  if (info.size > options.maxBytes) {
    throw new InputTooLargeError(`${path}: ${info.size} bytes, over the ${options.maxBytes}-byte limit (--max-bytes)`);
  }
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let total = 0;
  const gzip = isGzipPath(path);
  const cap = gzip ? options.maxDecompressedBytes : options.maxBytes;
  const file = createReadStream(path);
  file.on('data', (chunk) => hash.update(chunk));
  // The cap is counted on the decompressed stream, so a small gzip bomb stops at the cap.
  const stream = gzip ? file.pipe(createGunzip()) : file;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > cap) {
        throw new InputTooLargeError(
          `${path}: over the ${cap}-byte ${gzip ? 'decompressed-size limit (--max-bytes)' : 'limit (--max-bytes)'}`,
        );
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputTooLargeError) throw error;
    throw new InputError(`${path}: ${describeFsError(error)}`, { cause: error });
  } finally {
    file.destroy();
    stream.destroy();
  }
  return { bytes: Buffer.concat(chunks), sha256: hash.digest('hex') };
}

/** True when the bytes start with the gzip signature (1f 8b). */
export function isGzipBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates bytes that are gzip (by their signature, whatever the name or headers said), with the same
 * cap on the decompressed size as a `.gz` file: inflation stops at the cap, so a gzip bomb costs nothing.
 * Other bytes are returned as they are. `label` names the input in errors (`stdin`, a URL).
 */
export function inflateIfGzip(bytes: Uint8Array, options: { label: string; maxDecompressedBytes: number }): Uint8Array {
  if (!isGzipBytes(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: options.maxDecompressedBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputTooLargeError(
        `${options.label}: over the ${options.maxDecompressedBytes}-byte decompressed-size limit (--max-bytes)`,
      );
    }
    throw new InputError(`${options.label}: ${describeFsError(error)}`, { cause: error });
  }
}
