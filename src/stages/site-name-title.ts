// The page's title without the site's name: "Storm hits coast | The Daily Bugle" → "Storm hits coast".

// Pages put their site's name before or after the headline in <title> and og:title, joined by a separator
// ("Storm hits coast | The Daily Bugle", "Bugle Online – Storm hits coast"). Readability keeps what the metadata
// gives. The name goes only on evidence: the part split off at the separator must be the site's name as the page
// states it (og:site_name, JSON-LD publisher, which Readability reads) or its host ("dailybugle.com",
// "dailybugle"). A title whose parts are all headline ("Paris: the return of the tram") has no such part and
// stays whole, as does one that would be left with nothing but a word or two of punctuation.

/** Separators between a headline and a site name, always with spaces around them (a hyphenated word is no split). */
const SEPARATOR = /\s+[|\-–—·»:/•~]{1,2}\s+/gu;

/** Letters and digits only, lower-case: "Tages-Anzeiger" and "tagesanzeiger" are one name. */
function nameKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The keys a site-name part of the title may have: the stated name, the host, the host without its suffix. */
function siteNameKeys(siteName: string | undefined, url: string | undefined): Set<string> {
  const keys = new Set<string>();
  if (siteName !== undefined && nameKey(siteName) !== '') keys.add(nameKey(siteName));
  let host: string | undefined;
  try {
    host = url === undefined ? undefined : new URL(url).hostname.replace(/^www\d*\./, '');
  } catch {
    host = undefined;
  }
  if (host) {
    keys.add(nameKey(host));
    const labels = host.split('.');
    // "dailybugle.com" → "dailybugle"; "bbc.co.uk" → "bbc": the label before the public suffix, roughly.
    const suffixLength = labels.length > 2 && (labels.at(-2) ?? '').length <= 3 ? 2 : 1;
    const name = labels.slice(0, -suffixLength).join('');
    if (name.length >= 3) keys.add(nameKey(name));
  }
  return keys;
}

/** A title's headline must keep at least this many letters or digits once the site's name is gone. */
const MIN_HEADLINE_CHARACTERS = 8;

/** The title with the site-name part taken off its end or start, when the page gives evidence for it. */
export function withoutSiteName(
  title: string | undefined,
  { siteName, url }: { siteName: string | undefined; url: string | undefined },
): string | undefined {
  if (title === undefined) return undefined;
  const separators = [...title.matchAll(SEPARATOR)];
  const first = separators[0];
  const last = separators.at(-1);
  if (!first || !last || first.index === undefined || last.index === undefined) return title;
  const keys = siteNameKeys(siteName, url);
  if (keys.size === 0) return title;
  const candidates = [
    { name: title.slice(last.index + last[0].length), headline: title.slice(0, last.index) },
    { name: title.slice(0, first.index), headline: title.slice(first.index + first[0].length) },
  ];
  for (const { name, headline } of candidates) {
    if (keys.has(nameKey(name)) && nameKey(headline).length >= MIN_HEADLINE_CHARACTERS) return headline.trim();
  }
  return title;
}
