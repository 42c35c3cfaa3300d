// Splits a byte stream into lines with a cap on line length, so one giant line cannot exhaust memory.

export type Line = { ok: true; bytes: Buffer } | { ok: false; length: number };

/** Yields each `\n`-terminated line (a final unterminated one too); a line over `maxLineBytes` yields `{ ok: false }`. */
export async function* splitLines(source: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;
  for await (const raw of source) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    for (;;) {
      const newline = chunk.indexOf(0x0a);
      const piece = newline === -1 ? chunk : chunk.subarray(0, newline);
      size += piece.byteLength;
      if (size > maxLineBytes) {
        overflow = true;
        parts = [];
      } else if (!overflow) {
        parts.push(piece);
      }
      if (newline === -1) break;
      yield overflow ? { ok: false, length: size } : { ok: true, bytes: Buffer.concat(parts) };
      parts = [];
      size = 0;
      overflow = false;
      chunk = chunk.subarray(newline + 1);
    }
  }
  if (size > 0 || overflow) yield overflow ? { ok: false, length: size } : { ok: true, bytes: Buffer.concat(parts) };
}
