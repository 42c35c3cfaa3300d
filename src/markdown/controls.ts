// Control characters: never written out, whatever the page holds.

import { withoutSoftHyphens } from './composed.js';

// C0 and C1 control characters other than tab and line feed: invisible in a page, and in a
// terminal they are commands. A vertical tab, form feed or carriage return is a line break, so a space.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
const BREAKING_CONTROL = /[\u000b\u000c\r]/g;

/** The text without control characters (tab and line feed stay). */
export function withoutControls(value: string): string {
  return value.replace(CONTROL, '').replace(BREAKING_CONTROL, ' ');
}

/**
 * The text on one line: control characters and soft hyphens gone, whitespace runs collapsed, ends trimmed (titles,
 * metadata).
 */
export function oneLineWithoutControls(value: string): string {
  return withoutSoftHyphens(withoutControls(value)).replace(/\s+/g, ' ').trim();
}
