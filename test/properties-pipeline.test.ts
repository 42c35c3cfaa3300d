// Property tests of the whole pipeline: never crashes, never emits a script URL, raw HTML or a terminal
// escape, keeps text literal through Markdown, and is stable when fed its own output as a text dump.

import fc from 'fast-check';
import { toString as mdastToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { declutter, DeclutterError, type DeclutterOptions, type DeclutterResult } from '../src/index.js';
import { composeText } from '../src/markdown/composed.js';
import {
  DANGEROUS_URLS,
  LOOKALIKE_LINES,
  markdownProblems,
  parseMarkdown,
  proseParagraphs,
  TERMINAL_ESCAPES,
} from './support/hostile-pages.js';
import type { Nodes } from 'mdast';

const SEED = Number(process.env.FC_SEED ?? 42);
// jsdom keeps ~2 MB per parsed page alive, so the HTML properties share one cached run per input.
const HTML_RUNS = 400;
const PROPERTY_TIMEOUT = 240_000;

const EXPECTED_CODES = new Set(['no-article', 'too-large', 'input']);

// --- generators -------------------------------------------------------------------------------

const TAGS = [
  'p',
  'div',
  'span',
  'article',
  'section',
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'h1',
  'h2',
  'h3',
  'h6',
  'a',
  'img',
  'ul',
  'ol',
  'li',
  'table',
  'tr',
  'td',
  'th',
  'thead',
  'pre',
  'code',
  'em',
  'strong',
  'b',
  'i',
  'blockquote',
  'figure',
  'figcaption',
  'script',
  'style',
  'iframe',
  'noscript',
  'template',
  'svg',
  'math',
  'br',
  'hr',
  'form',
  'input',
  'textarea',
  'select',
  'object',
  'embed',
  'video',
  'source',
  'frameset',
  'frame',
  'base',
  'meta',
  'link',
  'title',
  'dl',
  'dt',
  'dd',
  'sup',
  'del',
  'details',
  'summary',
  'button',
  'label',
] as const;
const VOID = new Set(['img', 'br', 'hr', 'input', 'embed', 'source', 'frame', 'base', 'meta', 'link']);

const hostileUrl = fc.oneof(
  fc.constantFrom(...DANGEROUS_URLS),
  fc.constantFrom(
    'https://example.org/a',
    '/relative/path',
    '#frag',
    'mailto:a@example.org',
    '',
    '//cdn.example/x.png',
  ),
  fc.webUrl(),
  fc.string({ maxLength: 20 }),
);

const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...LOOKALIKE_LINES,
      TERMINAL_ESCAPES,
      '&lt;b&gt;',
      '&amp;',
      '&#0;',
      '&#x1b;[31m',
      '\u0000',
      '\u202e',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(...proseParagraphs('generated', 3)) },
);

const attribute = fc.tuple(
  fc.constantFrom(
    'href',
    'src',
    'srcset',
    'poster',
    'action',
    'onerror',
    'onclick',
    'style',
    'class',
    'id',
    'title',
    'alt',
    'srcdoc',
    'hidden',
    'data-x',
    'lang',
    'http-equiv',
    'content',
  ),
  fc.oneof(hostileUrl, hostileText),
);

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** HTML from a small grammar: elements with hostile attributes, text that is sometimes escaped and sometimes raw. */
const fragment: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText.map((text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')),
    hostileText,
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(attribute, { maxLength: 3 }), fc.array(tie('node'), { maxLength: 4 }))
      .map(([tag, attributes, children]) => {
        const attrs = attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
        return VOID.has(tag) ? `<${tag}${attrs}>` : `<${tag}${attrs}>${children.join('')}</${tag}>`;
      }),
  ),
})).node;

/** Whole pages: sometimes bare fragments, mostly an article backbone with fragments spliced in. */
const page = fc.oneof(
  { weight: 1, arbitrary: fragment },
  {
    weight: 3,
    arbitrary: fc
      .tuple(hostileText, fc.array(fragment, { minLength: 1, maxLength: 6 }), fc.nat(2))
      .map(([title, fragments, variant]) => {
        const prose = proseParagraphs(`page ${variant}`, 3).map((text) => `<p>${text}</p>`);
        const body = [...prose.slice(0, 1), ...fragments, ...prose.slice(1)].join('\n');
        const wrapped =
          variant === 0 ? `<article>${body}</article>` : variant === 1 ? `<div class="content">${body}</div>` : body;
        return `<!doctype html><html><head><title>${title.replace(/</g, '&lt;')}</title></head><body>${wrapped}</body></html>`;
      }),
  },
);

// --- running ------------------------------------------------------------------------------------

type Outcome = { ok: true; result: DeclutterResult } | { ok: false; error: unknown };

const cache = new Map<string, Outcome>();

/** Runs declutter once per distinct input and options, so several properties can share the runs. */
function run(input: string | Uint8Array, options: DeclutterOptions = {}): Outcome {
  const key = typeof input === 'string' ? `${JSON.stringify(options)}\u0000${input}` : undefined;
  const cached = key !== undefined ? cache.get(key) : undefined;
  if (cached) return cached;
  let outcome: Outcome;
  try {
    outcome = { ok: true, result: declutter(input, options) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (key !== undefined) {
    if (cache.size > 2000) cache.clear();
    cache.set(key, outcome);
  }
  return outcome;
}

/** The only failures allowed: a DeclutterError saying there is no article, the page is too big or too deep. */
function unexpectedFailure(outcome: Outcome): string | undefined {
  if (outcome.ok) return undefined;
  const { error } = outcome;
  if (!(error instanceof DeclutterError)) return `threw a non-DeclutterError: ${String(error)}`;
  if (!EXPECTED_CODES.has(error.code)) return `threw ${error.code}: ${error.message}`;
  return undefined;
}

const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function paragraphs(tree: Nodes): string[] {
  const found: string[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'paragraph') found.push(mdastToString(node));
    else if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return found;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const params = (numRuns: number) => ({ seed: SEED, numRuns });

// --- properties ---------------------------------------------------------------------------------

describe('declutter() on arbitrary HTML', () => {
  it('never throws anything but an expected DeclutterError', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(page, (html) => {
        const failure = unexpectedFailure(run(html));
        if (failure) throw new Error(failure);
      }),
      params(HTML_RUNS),
    );
  });

  it(
    'emits no raw HTML and no javascript:/vbscript:/data: URL, as a Markdown parser reads it',
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      await fc.assert(
        fc.asyncProperty(page, async (html) => {
          const outcome = run(html);
          if (!outcome.ok) return;
          expect(await markdownProblems(outcome.result.markdown)).toEqual([]);
        }),
        params(HTML_RUNS),
      );
    },
  );

  it('emits no terminal control characters in Markdown, text or metadata', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(page, (html) => {
        const outcome = run(html);
        if (!outcome.ok) return;
        const { markdown, text, metadata } = outcome.result;
        const fields = Object.values(metadata as object) as unknown[];
        for (const value of [markdown, text, ...fields]) {
          expect(typeof value === 'string' ? value : '').not.toMatch(TERMINAL_CONTROL);
        }
      }),
      params(HTML_RUNS),
    );
  });
});

describe('declutter() on arbitrary bytes', () => {
  it('never throws anything but an expected DeclutterError', { timeout: PROPERTY_TIMEOUT }, () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc
        .tuple(
          fc.constantFrom('<!doctype html><p>', '\ufeff<html>', '<meta charset="shift_jis">', '\u00ef\u00bb\u00bf'),
          fc.uint8Array({ maxLength: 1024 }),
        )
        .map(([prefix, tail]) => Uint8Array.from([...Buffer.from(prefix, 'latin1'), ...tail])),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        const failure = unexpectedFailure(run(input));
        if (failure) throw new Error(failure);
      }),
      params(300),
    );
  });
});

describe('text through Markdown', () => {
  // Paragraphs of printable text with no blank line inside: what a text dump's paragraph is.
  const printable = fc
    .string({
      unit: fc.oneof(
        fc.constantFrom(...'*_~`#>-+=|[](){}<>!\\&;:/.1234567890 \t'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      ),
      minLength: 1,
      maxLength: 60,
    })
    .map(collapse)
    .filter((text) => text !== '' && !TERMINAL_CONTROL.test(text));
  const dump = fc.array(fc.oneof(printable, fc.constantFrom(...LOOKALIKE_LINES)), { minLength: 1, maxLength: 6 });

  it('a text dump renders back to exactly its own paragraphs', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(dump, async (paras) => {
        const outcome = run(paras.join('\n\n'), { inputFormat: 'text', title: false, rules: false });
        if (!outcome.ok) throw outcome.error;
        expect(await markdownProblems(outcome.result.markdown)).toEqual([]);
        // Up to Unicode's composed form: prose comes out in NFC (src/markdown/composed.ts).
        expect(paragraphs(await parseMarkdown(outcome.result.markdown)).map(collapse)).toEqual(paras.map(composeText));
      }),
      params(1000),
    );
  });

  it(
    'page text renders back literally: each paragraph of an article survives as the same visible text',
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      const inserted = fc.array(fc.oneof(printable, fc.constantFrom(...LOOKALIKE_LINES)), {
        minLength: 1,
        maxLength: 4,
      });
      await fc.assert(
        fc.asyncProperty(inserted, async (texts) => {
          const prose = proseParagraphs('round trip', 3).map((text) => `<p>${text}</p>`);
          const extra = texts.map(
            (text) => `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`,
          );
          const html = `<html><body><article>${prose[0]!}${extra.join('')}${prose.slice(1).join('')}</article></body></html>`;
          const outcome = run(html, { title: false });
          if (!outcome.ok) throw outcome.error;
          const rendered = paragraphs(await parseMarkdown(outcome.result.markdown)).map(collapse);
          for (const text of texts) expect(rendered).toContain(composeText(text));
        }),
        params(200),
      );
    },
  );

  it(
    'declutter on its own Markdown output, as a text dump, keeps every character of it',
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      // The Markdown of a page, read back as a text dump (title off), must render to the same text:
      // each block of the first output comes back as one paragraph whose visible text is that block.
      await fc.assert(
        fc.asyncProperty(page, async (html) => {
          const first = run(html, { title: false });
          if (!first.ok) return;
          const blocks = first.result.markdown
            .split(/\n{2,}/)
            .map(collapse)
            .filter(Boolean);
          const second = run(first.result.markdown, { inputFormat: 'text', title: false });
          if (!second.ok) throw second.error;
          // A code block's text keeps its code points; read back as a dump it is prose, written in NFC.
          expect(paragraphs(await parseMarkdown(second.result.markdown)).map(collapse)).toEqual(
            blocks.map(composeText),
          );
        }),
        params(200),
      );
    },
  );
});
