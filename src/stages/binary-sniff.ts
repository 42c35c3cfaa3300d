// Refuses bytes that are binary data (an image, an archive, an executable) rather than a page or text.

import { InputError } from '../errors.js';

/** File signatures worth naming in the error; anything else binary is "binary data". */
const SIGNATURES: ReadonlyArray<{ name: string; bytes: readonly number[] }> = [
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'a ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip data', bytes: [0x1f, 0x8b] },
  { name: 'an executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

const SAMPLE_BYTES = 8192;
/** Above this share of control bytes in the sample, the input is not text in any charset. */
const MAX_CONTROL_SHARE = 0.01;

/**
 * Throws an InputError when the first bytes are binary: a known file signature, a NUL byte, or more
 * than 1 % of the WHATWG "binary data bytes" (C0 controls other than tab, newlines, form feed, ESC).
 * UTF-16 input (which is full of NULs) is recognised by its BOM before this check runs.
 */
export function rejectBinary(bytes: Uint8Array): void {
  const signature = SIGNATURES.find((candidate) => candidate.bytes.every((byte, index) => bytes[index] === byte));
  if (signature) throw new InputError(`input is binary data (${signature.name}), not a web page or text`);
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) throw new InputError('input is binary data (it contains NUL bytes), not a web page or text');
    if (byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f)) controls++;
  }
  if (sample.length > 0 && controls / sample.length > MAX_CONTROL_SHARE) {
    throw new InputError('input is binary data (control bytes), not a web page or text');
  }
}
