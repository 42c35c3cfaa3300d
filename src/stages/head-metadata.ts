// Which <meta> and <link> elements of a page's <head> anything after parsing reads.
//
// Readability reads a <meta> only when its content is set and its `property` or `name` is one of its
// metadata patterns, every one of which contains author, creator, description, published_time,
// pub-date, title or site_name (Readability 0.6.0's _getArticleMetadata); findBaseUrl reads the
// og:url <meta> and the canonical <link>. Nothing reads the other links (icons, alternates, feeds:
// stylesheets and resource hints are dropped anyway) or the other metas (viewport, robots, og:image,
// twitter:card, verification tokens …), which are a twentieth of an AEB page's elements.

const READ_META = /author|creator|description|published_time|pub-date|title|site_name|og:url|&/i;
const READ_LINK = /canonical|&/i;

/**
 * Whether a <meta> or <link> in <head> with these attributes (names lower-cased, values as written) may
 * be read. A value holding a character reference counts, as it might spell one of the words.
 */
export function headElementIsRead(name: string, attributes: ReadonlyMap<string, string>): boolean {
  if (name === 'link') return READ_LINK.test(attributes.get('rel') ?? '');
  if (name === 'meta') return READ_META.test(`${attributes.get('property') ?? ''} ${attributes.get('name') ?? ''}`);
  return true;
}

/**
 * Elements the HTML parser keeps in <head> when they appear there (the "in head" insertion mode).
 * Anything else there, or text, or an end tag other than </head>, makes the parser close the head
 * early and put what follows in the body.
 */
export const HEAD_CONTENT: ReadonlySet<string> = new Set([
  'base',
  'basefont',
  'bgsound',
  'link',
  'meta',
  'noframes',
  'noscript',
  'script',
  'style',
  'template',
  'title',
]);
