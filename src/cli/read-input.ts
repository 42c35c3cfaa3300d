// Reads one input as bytes: a file path, or stdin for `-`.

import { readFile, stat } from 'node:fs/promises';
import { describeFsError, InputError, InputTooLargeError } from '../errors.js';

/** Reads a file's bytes, refusing directories, special files and files over `maxBytes` up front. */
export async function readFileBytes(path: string, maxBytes: number): Promise<Uint8Array> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputError(`${path}: ${describeFsError(error)}`, { cause: error });
  }
  if (info.isDirectory()) throw new InputError(`${path}: is a directory`);
  if (!info.isFile()) throw new InputError(`${path}: not a regular file`);
  if (info.size > maxBytes) {
    throw new InputTooLargeError(`${path}: ${info.size} bytes, over the ${maxBytes}-byte limit (--max-bytes)`);
  }
  try {
    return await readFile(path);
  } catch (error) {
    throw new InputError(`${path}: ${describeFsError(error)}`, { cause: error });
  }
}

/** Reads a stream to the end, failing as soon as it passes `maxBytes`. */
export async function readStreamBytes(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    total += buffer.byteLength;
    if (total > maxBytes) throw new InputTooLargeError(`stdin: over the ${maxBytes}-byte limit (--max-bytes)`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
