// A page's address without its fragment: one page, however a link points into it.

/** `url` without its `#fragment`; an address that does not parse is returned as it is. */
export function withoutHash(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}
