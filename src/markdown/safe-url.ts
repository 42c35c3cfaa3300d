// URL policy for links and images: an allowlist of schemes, made absolute against the page URL.

/** Schemes a Markdown reader may follow. Anything else (javascript:, vbscript:, data:, file:, …) is dropped. */
const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// The WHATWG URL parser removes ASCII tabs and newlines anywhere and C0 controls or spaces at both
// ends, so `java\tscript:` is `javascript:` to a browser: judge the URL the way the browser will read it.
const TAB_OR_NEWLINE = /[\t\n\r]/g;
const EDGE_CONTROLS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const ABOUT_RELATIVE = /^about:(?:blank)?(.*)$/i;

/**
 * Returns the URL to write into the Markdown, or `undefined` when it must not be written: an empty
 * URL, a scheme outside the allowlist, or one that does not parse. Fragment-only URLs stay as they
 * are (they point into this document); other relative URLs are resolved when an http(s) base is known.
 */
export function toSafeUrl(raw: string, baseUrl: string | undefined): string | undefined {
  const url = raw.replace(TAB_OR_NEWLINE, '').replace(EDGE_CONTROLS, '');
  if (url === '') return undefined;
  if (url.startsWith('#')) return url;
  if (baseUrl === undefined) {
    // With no page URL, Readability resolves relative links against about:blank, turning
    // `/a#b` into `about:/a#b`; undo that so the link stays the relative link the page had.
    const unresolved = ABOUT_RELATIVE.exec(url)?.[1];
    if (unresolved !== undefined && unresolved !== '') return toSafeUrl(unresolved, undefined);
  }
  if (SCHEME.test(url)) return parseAllowed(url, undefined);
  if (baseUrl !== undefined && /^https?:/i.test(baseUrl)) return parseAllowed(url, baseUrl);
  // No usable base: a relative URL stays relative. It has no scheme (checked above), and the
  // stringifier escapes every `&` that begins a character reference (`&colon;`), so it cannot turn
  // into one when a Markdown reader decodes it.
  return encodeUnsafe(url);
}

// What the URL parser would percent-encode anyway, plus `<`, `>` and `\`, which Markdown
// destinations cannot always hold.
const UNSAFE_IN_URL = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu;

function encodeUnsafe(url: string): string {
  return url.replace(UNSAFE_IN_URL, (character) => {
    try {
      return encodeURIComponent(character);
    } catch {
      return '%EF%BF%BD'; // a lone surrogate: U+FFFD, as the URL parser writes it
    }
  });
}

function parseAllowed(url: string, base: string | undefined): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return undefined;
  }
  return ALLOWED_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
}
