// The HTML standard's prescan of the first 1024 bytes for <meta charset> / http-equiv Content-Type.

const PRESCAN_BYTES = 1024;
const SPACE = new Set(['\t', '\n', '\f', '\r', ' ']);

export interface PrescanResult {
  /** The WHATWG encoding the first usable declaration names, if any. */
  encoding: string | undefined;
  /** Declared labels that named no known encoding (skipped, as the standard says). */
  unknownLabels: string[];
}

/**
 * Follows https://html.spec.whatwg.org/#prescan-a-byte-stream-to-determine-its-encoding: skips
 * comments and other tags, reads each <meta>'s attributes with the spec's attribute algorithm, and
 * takes the first declaration that resolves. UTF-16 declared in a meta means UTF-8 (a page that can
 * be read as ASCII to find its meta is not UTF-16), x-user-defined means windows-1252.
 */
export function prescanMetaCharset(bytes: Uint8Array, resolve: (label: string) => string | undefined): PrescanResult {
  // latin1 maps each byte to one code unit, so indexes stay byte offsets.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PRESCAN_BYTES)).toString(
    'latin1',
  );
  const unknownLabels: string[] = [];
  const scanner = { text: head, pos: 0 };
  while (scanner.pos < head.length) {
    const rest = head.slice(scanner.pos, scanner.pos + 6).toLowerCase();
    if (rest.startsWith('<!--')) {
      // The closing "-->" may share its dashes with the opening "<!--" ("<!-->" is a whole comment).
      const end = head.indexOf('-->', scanner.pos + 2);
      if (end === -1) break;
      scanner.pos = end + 3;
    } else if (rest.startsWith('<meta') && (SPACE.has(rest[5] ?? '') || rest[5] === '/')) {
      scanner.pos += 6;
      const encoding = readMetaDeclaration(scanner, resolve, unknownLabels);
      if (encoding) return { encoding, unknownLabels };
    } else if (/^<\/?[a-z]/.test(rest)) {
      scanner.pos += rest[1] === '/' ? 2 : 1;
      while (scanner.pos < head.length && !SPACE.has(head[scanner.pos] ?? '') && head[scanner.pos] !== '>') {
        scanner.pos++;
      }
      while (readAttribute(scanner)) {
        // Attributes of other tags are skipped so that a quoted ">" cannot end the tag early.
      }
    } else if (/^<[!/?]/.test(rest)) {
      const end = head.indexOf('>', scanner.pos);
      if (end === -1) break;
      scanner.pos = end + 1;
    } else {
      scanner.pos++;
    }
  }
  return { encoding: undefined, unknownLabels };
}

interface Scanner {
  readonly text: string;
  pos: number;
}

function readMetaDeclaration(
  scanner: Scanner,
  resolve: (label: string) => string | undefined,
  unknownLabels: string[],
): string | undefined {
  const seen = new Set<string>();
  let gotPragma = false;
  let needPragma: boolean | undefined;
  let label: string | undefined;
  for (let attribute = readAttribute(scanner); attribute; attribute = readAttribute(scanner)) {
    if (seen.has(attribute.name)) continue;
    seen.add(attribute.name);
    if (attribute.name === 'http-equiv' && attribute.value === 'content-type') gotPragma = true;
    else if (attribute.name === 'content' && label === undefined) {
      const fromContent = extractCharsetFromContent(attribute.value);
      if (fromContent !== undefined) {
        label = fromContent;
        needPragma = true;
      }
    } else if (attribute.name === 'charset') {
      label = attribute.value;
      needPragma = false;
    }
  }
  if (needPragma === undefined || label === undefined || (needPragma && !gotPragma)) return undefined;
  const encoding = resolve(label);
  if (!encoding) {
    unknownLabels.push(label.trim());
    return undefined;
  }
  return encoding === 'utf-16le' || encoding === 'utf-16be' ? 'utf-8' : encoding;
}

/** The standard's "get an attribute": lowercased name and value, or undefined at `>` or the end. */
function readAttribute(scanner: Scanner): { name: string; value: string } | undefined {
  const { text } = scanner;
  const at = (): string | undefined => text[scanner.pos];
  while (SPACE.has(at() ?? '') || at() === '/') scanner.pos++;
  if (at() === undefined || at() === '>') return undefined;
  let name = '';
  for (;;) {
    const char = at();
    if (char === undefined) return undefined;
    if (char === '=' && name !== '') break;
    if (SPACE.has(char)) {
      while (SPACE.has(at() ?? '')) scanner.pos++;
      if (at() !== '=') return { name, value: '' };
      break;
    }
    if (char === '/' || char === '>') return { name, value: '' };
    name += char.toLowerCase();
    scanner.pos++;
  }
  scanner.pos++; // past "="
  while (SPACE.has(at() ?? '')) scanner.pos++;
  const quote = at();
  if (quote === undefined) return undefined;
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, scanner.pos + 1);
    if (end === -1) return undefined;
    const value = text.slice(scanner.pos + 1, end).toLowerCase();
    scanner.pos = end + 1;
    return { name, value };
  }
  if (quote === '>') return { name, value: '' };
  let value = '';
  for (let char = at(); char !== undefined && char !== '>' && !SPACE.has(char); char = at()) {
    value += char.toLowerCase();
    scanner.pos++;
  }
  return at() === undefined ? undefined : { name, value };
}

/** The standard's "extract a character encoding from a meta element" for a content attribute. */
export function extractCharsetFromContent(content: string): string | undefined {
  const lower = content.toLowerCase();
  let pos = 0;
  for (;;) {
    const found = lower.indexOf('charset', pos);
    if (found === -1) return undefined;
    pos = found + 7;
    while (SPACE.has(lower[pos] ?? '')) pos++;
    if (lower[pos] !== '=') continue;
    pos++;
    while (SPACE.has(lower[pos] ?? '')) pos++;
    const first = lower[pos];
    if (first === undefined) return undefined;
    if (first === '"' || first === "'") {
      const end = lower.indexOf(first, pos + 1);
      return end === -1 ? undefined : lower.slice(pos + 1, end);
    }
    let end = pos;
    while (end < lower.length && !SPACE.has(lower[end] ?? '') && lower[end] !== ';') end++;
    return lower.slice(pos, end);
  }
}
