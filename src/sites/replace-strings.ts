// find_string / replace_string: literal replacements in the page's decoded text, before it is parsed.
//
// On the text, never on the bytes: a replacement written in UTF-8 must find its text in a windows-1252 or
// Shift_JIS page too. Bounded: each pair replaces at most MAX_OCCURRENCES times, and no replacement may
// take the page past MAX_GROWTH times its size (plus a little), so a config cannot blow a page up.

import type { PipelineContext } from '../types.js';
import type { Replacement } from './site-config-types.js';

export const MAX_OCCURRENCES = 10_000;
const MAX_GROWTH = 2;
const GROWTH_ALLOWANCE = 64 * 1024;

/** The text with every pair applied in file order; each pair that changed something is traced under `<siteId>/replace_string`. */
export function replaceStrings(
  text: string,
  replacements: readonly Replacement[],
  siteId: string,
  ctx: PipelineContext,
): string {
  const ruleId = `${siteId}/replace_string`;
  const limit = Math.min(text.length * MAX_GROWTH + GROWTH_ALLOWANCE, ctx.options.maxBytes);
  let current = text;
  for (const { find, replace } of replacements) {
    if (find === '') continue;
    const parts: string[] = [];
    let from = 0;
    let count = 0;
    let length = current.length;
    let stopped = '';
    for (let at = current.indexOf(find); at >= 0; at = current.indexOf(find, from)) {
      if (count === MAX_OCCURRENCES) {
        stopped = `; stopped after ${MAX_OCCURRENCES} replacements`;
        break;
      }
      length += replace.length - find.length;
      if (length > limit) {
        stopped = '; stopped: the page would grow past its bound';
        break;
      }
      parts.push(current.slice(from, at), replace);
      from = at + find.length;
      count++;
    }
    if (count === 0) continue;
    parts.push(current.slice(from));
    current = parts.join('');
    ctx.trace.push({
      ruleId,
      site: siteId,
      phase: 'pre',
      action: 'replace',
      selector: preview(find),
      preview: `${count}× → ${JSON.stringify(preview(replace))}${stopped}`,
    });
  }
  return current;
}

function preview(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ');
  return collapsed.length > 60 ? `${collapsed.slice(0, 59)}…` : collapsed;
}
