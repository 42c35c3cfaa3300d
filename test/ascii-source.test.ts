// scripts/ascii-source.ts: the bundle made plain ASCII only where the rewrite provably means the same.

import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { toAsciiSource } from '../scripts/ascii-source.js';

const isAscii = (text: string): boolean => /^[\u0000-\u007f]*$/u.test(text);
/** What an expression evaluates to (a regex: its flags and what it matches, as its source is rewritten). */
const evaluate = (expression: string): unknown =>
  runInNewContext(`(() => { const tag = (s, ...v) => JSON.stringify([s, s.raw, v]);
    const x = 'X';
    const value = (${expression});
    return value instanceof RegExp
      ? [value.flags, ['é', 'a–b', '😀', '»x', 'ü', '\\\\é', 'a-', 'next', '\\uD83D'].map((s) => value.test(s))]
      : value; })()`);

describe('toAsciiSource', () => {
  it.each([
    ['a regex with non-ASCII in a class', String.raw`/[,.;:|–—-]$/u`],
    ['a regex without the u flag', String.raw`/(next|»([^\|]|$))/i`],
    ['an astral character in a u regex', String.raw`/😀/u`],
    ['an astral character in a non-u regex', String.raw`/😀/`],
    ['a string', `"crédit ©"`],
    ['String.raw with a substitution', 'String.raw`cr\u00e9dit\\s*${x}é\\d`'],
    ['String.raw as a RegExp source', 'new RegExp(String.raw`\\s*[©|]\\s*(?:à|º)`, "u")'],
    ['an untagged template', '`é${`ü${x}`}»`'],
    ['a template inside a substitution of braces', '`a${ { k: `é` }.k }b`'],
  ])('%s: ASCII and the same value', (_name, expression) => {
    const { code, left } = toAsciiSource(expression);
    expect(left).toBe(0);
    expect(isAscii(code), code).toBe(true);
    expect(evaluate(code)).toEqual(evaluate(expression));
  });

  it('leaves what it cannot show to mean the same: another tag, an escaped character, comments', () => {
    for (const expression of ['tag`é${x}`', String.raw`/\é/`, '"\\é"', '1 /* é */']) {
      const { code, left } = toAsciiSource(expression);
      expect(code, expression).toBe(expression);
      expect(left, expression).toBe(1);
      expect(evaluate(code)).toEqual(evaluate(expression));
    }
  });

  it('changes nothing in a script that is ASCII already', () => {
    const code = 'const a = /x/u; const b = `t${1}`;';
    expect(toAsciiSource(code)).toEqual({ code, left: 0 });
  });
});
