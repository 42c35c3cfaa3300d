// Fetches one page over http(s) with Node's fetch: manual redirects with a cap, one deadline for the
// whole exchange, and a size cap counted on the decoded body while it streams (Content-Length is a claim);
// a gzip body is inflated under the same cap.

import { DeclutterError, InputError, InputTooLargeError } from '../errors.js';
import { inflateIfGzip } from '../input/read-page.js';

export interface FetchPageOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  signal?: AbortSignal | undefined;
  /**
   * Checked on the URL and on every redirect target before it is requested: a reason to refuse it, or
   * undefined (follow-pages.ts keeps an article's further pages on its site this way).
   */
  refuseUrl?: ((url: string) => string | undefined) | undefined;
  /** Refuse a body whose Content-Type says it is not HTML (a further page of an article must be one). */
  htmlOnly?: boolean | undefined;
}

export interface FetchedPage {
  bytes: Uint8Array;
  /** The URL after redirects: the page's own address for resolving links. */
  url: string;
  contentType: string | undefined;
  /** The charset parameter of Content-Type, if any. */
  charset: string | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HTML_TYPE = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

export const DEFAULT_USER_AGENT = 'declutter (+https://github.com/declutter)';

export async function fetchPage(url: string, options: FetchPageOptions): Promise<FetchedPage> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const seen = new Set<string>();
  let current = checkUrl(url, url, options.refuseUrl);
  try {
    for (let hops = 0; ; hops += 1) {
      seen.add(current);
      const response = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': options.userAgent,
          accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1',
        },
      });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (location === null) throw new InputError(`${url}: HTTP ${response.status} redirect without a Location`);
        const next = checkUrl(new URL(location, current).href, url, options.refuseUrl);
        if (seen.has(next)) throw new InputError(`${url}: redirect loop at ${next}`);
        if (hops >= options.maxRedirects) throw new InputError(`${url}: more than ${options.maxRedirects} redirects`);
        current = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new InputError(`${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
      }
      const contentType = response.headers.get('content-type') ?? undefined;
      if (options.htmlOnly === true && contentType !== undefined && !HTML_TYPE.test(contentType)) {
        await response.body?.cancel();
        throw new InputError(`${url}: not an HTML page (Content-Type ${contentType.split(';')[0]?.trim()})`);
      }
      // fetch undoes Content-Encoding; a body that is still gzip (a saved `.html.gz`, or gzip sent twice)
      // is inflated here under the same cap.
      const bytes = inflateIfGzip(await readCapped(response, { url, maxBytes: options.maxBytes }), {
        label: url,
        maxDecompressedBytes: options.maxBytes,
      });
      return { bytes, url: current, contentType, charset: charsetOf(contentType) };
    }
  } catch (error) {
    if (error instanceof DeclutterError) throw error;
    if (timeout.aborted) {
      throw new DeclutterError(
        'timeout',
        `${url}: no complete answer within ${options.timeoutMs / 1000} s (--timeout)`,
      );
    }
    if (options.signal?.aborted) throw new InputError(`${url}: interrupted`);
    throw new InputError(`${url}: ${describeFetchError(error)}`, { cause: error });
  }
}

function checkUrl(candidate: string, original: string, refuseUrl: FetchPageOptions['refuseUrl'] = undefined): string {
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    throw new InputError(`${original}: not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(`${original}: only http and https URLs are supported (got ${parsed.protocol})`);
  }
  parsed.hash = '';
  const refused = refuseUrl?.(parsed.href);
  if (refused !== undefined) throw new InputError(`${original}: ${refused}`);
  return parsed.href;
}

/** Reads the (already content-decoded) body, stopping as soon as it passes the cap: a gzip bomb ends here. */
async function readCapped(response: Response, options: { url: string; maxBytes: number }): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > options.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new InputTooLargeError(`${options.url}: body over the ${options.maxBytes}-byte limit (--max-bytes)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** `text/html; charset="Shift_JIS"` → `Shift_JIS`. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = contentType?.match(/;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i);
  const value = (match?.[1] ?? match?.[2] ?? '').trim();
  return value === '' ? undefined : value;
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    default:
      if (typeof cause?.message === 'string') return cause.message;
      return error instanceof Error ? error.message : String(error);
  }
}
