// Charset labels → WHATWG encoding names, and the decoder that handles each name correctly.

import iconv from 'iconv-lite';

/**
 * The WHATWG encoding name for a label (`latin1` → `windows-1252`, `gb2312` → `gbk`), or undefined
 * when the label names no encoding we can decode. Node's TextDecoder knows the WHATWG label table.
 */
export function resolveEncoding(label: string): string | undefined {
  const trimmed = label.trim().toLowerCase();
  // The spec decodes x-user-defined as its own byte map; a page declaring it wants the bytes as text,
  // and browsers' prescan turns it into windows-1252, which is what we do everywhere.
  if (trimmed === 'x-user-defined') return 'windows-1252';
  if (trimmed === '') return undefined;
  try {
    return new TextDecoder(trimmed).encoding;
  } catch {
    // RangeError: an unknown label, or one of the "replacement" labels (iso-2022-kr, hz-gb-2312, …)
    // whose content the spec refuses to decode.
    return undefined;
  }
}

// Where the WHATWG decoder is a superset of the iconv-lite codec with the same name.
const ICONV_NAMES: Readonly<Record<string, string>> = {
  gbk: 'gb18030',
  shift_jis: 'cp932',
  'euc-kr': 'cp949',
  big5: 'big5hkscs',
};

/** Decodes bytes in a WHATWG-named encoding; invalid sequences become U+FFFD, never an exception. */
export function decodeBytes(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') {
    return new TextDecoder(encoding).decode(bytes);
  }
  // iconv-lite first: Node 20's TextDecoder decodes windows-1252 as Latin-1 (0x80 → U+0080, not €).
  const iconvName = ICONV_NAMES[encoding] ?? encoding;
  if (iconv.encodingExists(iconvName)) {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), iconvName);
  }
  // The few that iconv-lite lacks (x-mac-cyrillic, iso-2022-jp) go to ICU through TextDecoder.
  return new TextDecoder(encoding).decode(bytes);
}
