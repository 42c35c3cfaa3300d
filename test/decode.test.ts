// decode: BOM → charset option → <meta> prescan → strict UTF-8 → chardet (CJK only) → windows-1252.

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.js';
import { decodeBytes, resolveEncoding } from '../src/stages/charset-labels.js';
import { decodeHtml } from '../src/stages/decode.js';
import { extractCharsetFromContent, prescanMetaCharset } from '../src/stages/meta-charset.js';
import type { DeclutterOptions, PipelineContext } from '../src/types.js';

function context(options: DeclutterOptions = {}): PipelineContext {
  return { options: resolveOptions(options), baseUrl: undefined, trace: [], timings: {}, warnings: [] };
}

const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const prescan = (text: string): string | undefined => prescanMetaCharset(ascii(text), resolveEncoding).encoding;

describe('charset labels', () => {
  it('maps labels the way the Encoding Standard does', () => {
    expect(resolveEncoding('ISO-8859-1')).toBe('windows-1252');
    expect(resolveEncoding(' latin1 ')).toBe('windows-1252');
    expect(resolveEncoding('us-ascii')).toBe('windows-1252');
    expect(resolveEncoding('gb2312')).toBe('gbk');
    expect(resolveEncoding('x-sjis')).toBe('shift_jis');
    expect(resolveEncoding('ks_c_5601-1987')).toBe('euc-kr');
    expect(resolveEncoding('UTF8')).toBe('utf-8');
    expect(resolveEncoding('x-user-defined')).toBe('windows-1252');
  });

  it('knows no encoding for unknown and "replacement" labels', () => {
    expect(resolveEncoding('x-klingon')).toBeUndefined();
    expect(resolveEncoding('iso-2022-kr')).toBeUndefined();
    expect(resolveEncoding('')).toBeUndefined();
  });

  it('decodes windows-1252 with € and curly quotes (not as Latin-1)', () => {
    expect(decodeBytes(Uint8Array.from([0x80, 0x20, 0x93, 0x71, 0x94, 0x20, 0x92]), 'windows-1252')).toBe('€ “q” ’');
  });

  it('decodes GBK bytes as GB18030 (the standard gbk decoder) and Shift_JIS with its extensions', () => {
    expect(decodeBytes(iconv.encode('图书馆', 'gbk'), 'gbk')).toBe('图书馆');
    expect(decodeBytes(Uint8Array.from([0x87, 0x40]), 'shift_jis')).toBe('①');
  });
});

describe('<meta> prescan', () => {
  it('finds <meta charset> in its usual spellings', () => {
    expect(prescan('<meta charset="utf-8">')).toBe('utf-8');
    expect(prescan("<META CHARSET='Windows-1251'>")).toBe('windows-1251');
    expect(prescan('<meta charset=gb2312>')).toBe('gbk');
    expect(prescan('<meta name="x" charset = "shift_jis" />')).toBe('shift_jis');
  });

  it('reads http-equiv Content-Type, but only with the pragma', () => {
    expect(prescan('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">')).toBe('iso-8859-2');
    expect(prescan('<meta content="text/html;charset=\'euc-jp\'" http-equiv=content-type>')).toBe('euc-jp');
    expect(prescan('<meta content="text/html; charset=iso-8859-2">')).toBeUndefined();
  });

  it('treats a UTF-16 declaration as UTF-8 and x-user-defined as windows-1252', () => {
    expect(prescan('<meta charset="utf-16le">')).toBe('utf-8');
    expect(prescan('<meta charset="x-user-defined">')).toBe('windows-1252');
  });

  it('skips comments, other tags and quoted ">" on the way', () => {
    expect(prescan('<!-- <meta charset="koi8-r"> --><meta charset="utf-8">')).toBe('utf-8');
    expect(prescan('<!--><meta charset="koi8-r">')).toBe('koi8-r');
    expect(prescan('<div title="a > <meta charset=koi8-r>"><meta charset="iso-8859-5">')).toBe('iso-8859-5');
    expect(prescan('<metadata charset="koi8-r">')).toBeUndefined();
  });

  it('looks only at the first 1024 bytes', () => {
    expect(prescan(`${' '.repeat(1020)}<meta charset="koi8-r">`)).toBeUndefined();
    expect(prescan(`${' '.repeat(990)}<meta charset="koi8-r">`)).toBe('koi8-r');
  });

  it('skips an unknown label and reports it, taking a later declaration', () => {
    const result = prescanMetaCharset(ascii('<meta charset="x-klingon"><meta charset="utf-8">'), resolveEncoding);
    expect(result).toEqual({ encoding: 'utf-8', unknownLabels: ['x-klingon'] });
  });

  it('extracts a charset from a content attribute as the standard says', () => {
    expect(extractCharsetFromContent('text/html; charset=UTF-8')).toBe('utf-8');
    expect(extractCharsetFromContent('text/html; charset = "koi8-r"; x')).toBe('koi8-r');
    expect(extractCharsetFromContent('text/html; charset="koi8-r')).toBeUndefined();
    expect(extractCharsetFromContent('text/html; charsetx; charset=big5')).toBe('big5');
    expect(extractCharsetFromContent('text/html')).toBeUndefined();
  });
});

describe('decodeHtml', () => {
  const cafe = 'Caf\u00e9 cr\u00e8me for \u20ac2.40 \u2014 \u201cquoted\u201d';

  it('uses the BOM over everything, warning when a <meta> disagrees', () => {
    const ctx = context({ charset: 'koi8-r' });
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<meta charset="windows-1252">${cafe}`)]);
    const result = decodeHtml(bytes, ctx);
    expect(result).toMatchObject({ encoding: 'utf-8', encodingSource: 'bom' });
    expect(result.text).toBe(`<meta charset="windows-1252">${cafe}`);
    expect(ctx.warnings).toEqual([expect.stringContaining('byte order mark says utf-8 but <meta> says windows-1252')]);
  });

  it('decodes UTF-16 with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cafe, 'utf16le')]);
    expect(decodeHtml(bytes, context())).toMatchObject({ text: cafe, encoding: 'utf-16le', encodingSource: 'bom' });
  });

  it('takes the charset option over <meta>', () => {
    const bytes = iconv.encode(`<meta charset="utf-8">${cafe}`, 'windows-1252');
    expect(decodeHtml(bytes, context({ charset: 'latin1' }))).toMatchObject({
      text: `<meta charset="utf-8">${cafe}`,
      encoding: 'windows-1252',
      encodingSource: 'option',
    });
  });

  it('warns about an unknown charset option and detects instead', () => {
    const ctx = context({ charset: 'nonsense-8' });
    expect(decodeHtml(Buffer.from(cafe), ctx)).toMatchObject({ text: cafe, encodingSource: 'utf-8' });
    expect(ctx.warnings).toEqual([expect.stringContaining('unknown charset "nonsense-8"')]);
  });

  it('reads undeclared UTF-8 as UTF-8 and undeclared windows-1252 as windows-1252', () => {
    expect(decodeHtml(Buffer.from(`<p>${cafe}</p>`), context())).toMatchObject({
      encoding: 'utf-8',
      encodingSource: 'utf-8',
    });
    const legacy = decodeHtml(iconv.encode(`<p>${cafe}</p>`, 'windows-1252'), context());
    expect(legacy).toMatchObject({ text: `<p>${cafe}</p>`, encoding: 'windows-1252', encodingSource: 'fallback' });
  });

  it('replaces invalid bytes in declared UTF-8 and warns once', () => {
    const ctx = context();
    const bytes = Buffer.concat([Buffer.from('<meta charset="utf-8">a'), Buffer.from([0xff, 0xc3]), Buffer.from(' b')]);
    const result = decodeHtml(bytes, ctx);
    expect(result.text).toBe('<meta charset="utf-8">a\uFFFD\uFFFD b');
    expect(ctx.warnings).toEqual(['input has bytes that are not valid utf-8; they were replaced with U+FFFD']);
  });

  it('does not warn about a U+FFFD the page really contains', () => {
    const ctx = context();
    decodeHtml(Buffer.from('<meta charset="utf-8">a \uFFFD b'), ctx);
    expect(ctx.warnings).toEqual([]);
  });

  it('reads UTF-8 bytes as UTF-8 when the <meta> names a charset that would garble them, and says so', () => {
    const russian = 'Библиотека продлила часы работы — теперь и по субботам.';
    for (const [declared, text] of [
      ['iso-8859-1', cafe],
      ['windows-1251', russian],
      ['shift_jis', cafe],
      ['gb2312', russian],
    ] as const) {
      const ctx = context();
      const page = `<meta charset="${declared}"><p>${text}</p>`;
      expect(decodeHtml(Buffer.from(page), ctx), declared).toMatchObject({
        text: page,
        encoding: 'utf-8',
        encodingSource: 'utf-8-over-meta',
      });
      expect(ctx.warnings, declared).toEqual([expect.stringContaining('but the bytes are UTF-8')]);
    }
  });

  it('keeps the declared charset for real legacy bytes, ASCII-only pages and a charset the caller gave', () => {
    const latin = decodeHtml(iconv.encode(`<meta charset="iso-8859-1"><p>${cafe}</p>`, 'windows-1252'), context());
    expect(latin).toMatchObject({ text: `<meta charset="iso-8859-1"><p>${cafe}</p>`, encodingSource: 'meta' });
    const cyrillic = 'Библиотека продлила часы работы — теперь и по субботам.';
    const legacy = decodeHtml(
      iconv.encode(`<meta charset="windows-1251"><p>${cyrillic}</p>`, 'windows-1251'),
      context(),
    );
    expect(legacy).toMatchObject({ encoding: 'windows-1251', encodingSource: 'meta' });
    expect(legacy.text).toContain(cyrillic);
    expect(decodeHtml(Buffer.from('<meta charset="iso-8859-1"><p>plain</p>'), context())).toMatchObject({
      encoding: 'windows-1252',
      encodingSource: 'meta',
    });
    expect(
      decodeHtml(Buffer.from(`<meta charset="utf-8"><p>${cafe}</p>`), context({ charset: 'windows-1252' })),
    ).toMatchObject({ encoding: 'windows-1252', encodingSource: 'option' });
  });

  it('does not take a CJK guess on a short Western page', () => {
    // Accented capitals in windows-1252 pair up like double-byte characters; too little to be sure.
    const bytes = iconv.encode('<p>\u00c9T\u00c9 \u00c0 PARIS: \u00c7A VA</p>', 'windows-1252');
    expect(decodeHtml(bytes, context())).toMatchObject({ encoding: 'windows-1252', encodingSource: 'fallback' });
  });

  it('detects undeclared EUC-KR and Big5 prose', () => {
    const korean =
      '서울시는 올해 가을부터 도서관 운영 시간을 늘리기로 했다. 시민들은 주말에도 책을 빌릴 수 있게 되었다. '.repeat(8);
    expect(decodeHtml(iconv.encode(`<p>${korean}</p>`, 'euc-kr'), context())).toMatchObject({
      text: `<p>${korean}</p>`,
      encoding: 'euc-kr',
      encodingSource: 'detected',
    });
    const chinese = '臺北市立圖書館今年秋天延長開放時間，市民週末也可以借閱書籍，館方表示反應熱烈。'.repeat(8);
    expect(decodeHtml(iconv.encode(`<p>${chinese}</p>`, 'big5'), context())).toMatchObject({
      text: `<p>${chinese}</p>`,
      encoding: 'big5',
      encodingSource: 'detected',
    });
  });
});

describe('binary input', () => {
  const ctx = () => ({
    options: resolveOptions({}),
    baseUrl: undefined,
    trace: [],
    timings: {},
    warnings: [],
  });

  it.each([
    ['a PNG image', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['NUL bytes', Uint8Array.from(Buffer.from('<p>text\u0000more</p>'))],
    ['control bytes', Uint8Array.from({ length: 400 }, (_, index) => (index % 10 === 0 ? 0x01 : 0x61))],
  ])('refuses %s with an InputError naming it binary', (_name, bytes) => {
    expect(() => decodeHtml(bytes, ctx())).toThrow(/binary data/);
  });

  it('still decodes UTF-16 with its BOM, NULs and all', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, ...Buffer.from('<p>héllo</p>', 'utf16le')]);
    expect(decodeHtml(bytes, ctx()).text).toBe('<p>héllo</p>');
  });

  it('keeps text with an ESC or a stray form feed', () => {
    expect(decodeHtml(Uint8Array.from(Buffer.from('<p>a\u001b[1mb\fc</p>')), ctx()).text).toContain('a');
  });
});
