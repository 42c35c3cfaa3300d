// Decides whether decoded input is an HTML page or an already-scraped text dump.

import type { InputFormat } from '../types.js';

/** HTML when the text opens with markup or carries a few structural tags; text otherwise. */
export function sniffInputFormat(text: string): InputFormat {
  const head = text.slice(0, 4096).trimStart();
  if (/^<(!doctype\s+html|html|head|body|\?xml|!--)/i.test(head)) return 'html';
  const tags = head.match(
    /<\/?(html|head|body|div|p|article|section|span|a|meta|title|h[1-6]|ul|li|table|br)\b[^>]*>/gi,
  );
  return (tags?.length ?? 0) >= 2 ? 'html' : 'text';
}
