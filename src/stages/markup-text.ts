// Text that structured data (JSON-LD) carries with markup in it, as the words a reader sees.

import { withoutControls } from '../markdown/controls.js';

const BLOCK_TAG = /<\/?(?:p|div|br|h[1-6]|li|ul|ol|blockquote|figure|figcaption|section|table|tr)\b[^>]*>/gi;
const ANY_TAG = /<\/?[a-z][^>]*>/gi;
const ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Markup to plain lines: block tags break lines, other tags go, the common entities are decoded. */
export function plainText(value: string): string {
  return withoutControls(
    value
      .replace(BLOCK_TAG, '\n')
      .replace(ANY_TAG, '')
      .replace(ENTITY, (entity, decimal?: string, hex?: string, name?: string) => {
        if (name !== undefined) return NAMED[name.toLowerCase()] ?? entity;
        const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }),
  ).trim();
}
