// Reads a Full-Text RSS site config (the .txt format of fivefilters/ftr-site-config, documented at
// help.fivefilters.org/full-text-rss/site-patterns.html) into a rule set of declutter's format.
//
// One directive per line, `name: value`, `#` starts a comment line; a directive may repeat. The DOM
// directives become pre-phase rules with ids `site/<host>/<directive>`, one rule per directive holding all
// of its lines: strip (remove, XPath), strip_id_or_class (remove, any element whose id or class contains
// the text), strip_image_src (remove, any <img> whose src contains the text), dissolve (unwrap, XPath),
// strip_attr (remove-attribute, XPath). The rest is kept on the set (site-config-types.ts) for the stages
// that use it. Directives declutter does not act on are listed with their line and the reason, for
// `rules check`; so are lines whose XPath jsdom rejects, which are left out.

import { basename } from 'node:path';
import { InvalidRuleError } from '../errors.js';
import type { Rule, RuleSet } from '../rules/rule-types.js';
import { EMBEDDED_POST } from '../stages/readability-embedded-posts.js';
import type { IgnoredDirective, Replacement, SiteDirectives, SiteTest, XPathLine } from './site-config-types.js';

/** The directives that hold XPath lines, and the field each fills. */
const XPATH_FIELDS = [
  ['body', 'body'],
  ['title', 'title'],
  ['author', 'author'],
  ['date', 'date'],
  ['single_page_link', 'singlePageLink'],
  ['next_page_link', 'nextPageLink'],
] as const satisfies ReadonlyArray<readonly [string, keyof SiteDirectives]>;

/** Why each directive declutter reads but does not act on is left alone. */
const IGNORED: Readonly<Record<string, string>> = {
  tidy: 'declutter parses with an HTML5 parser and has no Tidy step',
  parser: 'declutter always parses with jsdom (an HTML5 parser)',
  http_header: 'declutter sends its own request headers (--user-agent)',
  login_uri: 'declutter does not log in to sites',
  login_username_field: 'declutter does not log in to sites',
  login_password_field: 'declutter does not log in to sites',
  login_extra_fields: 'declutter does not log in to sites',
  requires_login: 'declutter does not log in to sites',
  not_logged_in_xpath: 'declutter does not log in to sites',
  native_ad_clue: 'declutter does not classify native advertising',
  if_page_contains: "page links are only reported (the result's pageLinks), never followed",
  autodetect_next_page: 'only next_page_link finds further pages',
  single_page_link_in_feed: 'declutter reads pages, not feeds',
  skip_json_ld: 'declutter reads metadata from JSON-LD only through Readability',
  insert_detected_image: 'declutter keeps the images of the article container and inserts none',
  wrap_in: 'declutter does not rewrap elements',
  move_into: 'declutter does not move elements',
  convert_double_br_tags: 'Readability already turns double line breaks into paragraphs',
  src_lazy_load_attr: 'declutter does not rewrite image sources',
  footnotes: 'declutter does not rewrite footnotes',
  strip_comments: 'HTML comments are always dropped before parsing',
  skip_id_or_class: 'not part of the documented format',
  post_strip_attr: 'not part of the documented format',
};

/** The directives that become DOM rules, each under the id `site/<host>/<directive>`. */
export const SITE_RULE_DIRECTIVES: readonly string[] = [
  'strip',
  'strip_id_or_class',
  'strip_image_src',
  'dissolve',
  'strip_attr',
];

/** What the reader needs from outside: whether jsdom accepts an XPath expression. */
export interface SiteConfigChecks {
  isValidXPath: (expression: string) => boolean;
}

/**
 * The config's name from its file name (`example.com.txt` → `example.com`), or undefined when it is not a
 * host name with at least one dot (so LICENSE.txt or notes.txt beside the configs are not taken for one).
 */
export function siteConfigHost(source: string): string | undefined {
  const name = basename(source)
    .replace(/\.txt$/i, '')
    .toLowerCase();
  return /^\.?[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(name) ? name : undefined;
}

/** Parses one site config; the file name (`source`) names the host. Throws InvalidRuleError when it cannot. */
export function parseSiteConfig(text: string, source: string, checks: SiteConfigChecks): RuleSet {
  const host = siteConfigHost(source);
  if (host === undefined) {
    throw new InvalidRuleError(
      `${source}: a Full-Text RSS site config is named after its host (example.com.txt, or .example.com.txt for its subdomains)`,
    );
  }
  const site: SiteDirectives = { host };
  const ignored: IgnoredDirective[] = [];
  const xpaths = new Map<string, XPathLine[]>();
  const contains = new Map<string, { value: string; line: number }[]>();
  const finds: { value: string; line: number }[] = [];
  const replaces: { value: string; line: number }[] = [];
  const replacements: Replacement[] = [];
  const tests: SiteTest[] = [];
  const ignore = (directive: string, line: number, reason: string): void => {
    ignored.push({ directive, line, reason });
  };

  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const parsed = parseLine(raw);
    if (parsed === undefined) return;
    if (parsed === 'malformed') {
      ignore(raw.trim().slice(0, 40), line, 'not a `directive: value` line');
      return;
    }
    const { name, argument, value } = parsed;
    switch (name) {
      case 'body':
      case 'title':
      case 'author':
      case 'date':
      case 'strip':
      case 'dissolve':
      case 'strip_attr':
      case 'single_page_link':
      case 'next_page_link': {
        if (value === '') return ignore(name, line, 'no value');
        if (!checks.isValidXPath(value))
          return ignore(
            name,
            line,
            'not an XPath expression jsdom can run (syntax, or a function name or argument count)',
          );
        const list = xpaths.get(name) ?? [];
        list.push({ xpath: value, line });
        xpaths.set(name, list);
        return;
      }
      case 'strip_id_or_class':
      case 'strip_image_src': {
        // Full-Text RSS drops quotes from these values (they would break its XPath); so do we.
        const cleaned = value.replace(/["']/g, '').trim();
        if (cleaned === '') return ignore(name, line, 'no value');
        const list = contains.get(name) ?? [];
        list.push({ value: cleaned, line });
        contains.set(name, list);
        return;
      }
      case 'find_string':
        finds.push({ value, line });
        return;
      case 'replace_string':
        if (argument !== undefined) {
          if (argument === '') return ignore(name, line, 'nothing to find');
          replacements.push({ find: argument, replace: value, line });
        } else {
          replaces.push({ value, line });
        }
        return;
      case 'prune':
      case 'autodetect_on_failure': {
        const flag = yesNo(value);
        if (flag === undefined) return ignore(name, line, 'expected yes or no');
        if (name === 'prune') site.prune = flag;
        // With `no`, Full-Text RSS gives nothing when body fails; declutter never does worse than the generic path.
        else if (!flag) ignore(name, line, 'declutter always falls back to the whole page when body fails');
        return;
      }
      case 'test_url':
        if (value === '') return ignore(name, line, 'no value');
        tests.push({ url: value, contains: [], line });
        return;
      case 'test_contains': {
        const test = tests.at(-1);
        if (test === undefined) return ignore(name, line, 'no test_url before it');
        if (value !== '') test.contains.push(value);
        return;
      }
      default:
        ignore(name, line, IGNORED[name] ?? 'not a directive of the format');
    }
  });

  // find_string / replace_string lines pair up in order.
  finds.forEach((find, index) => {
    const replace = replaces[index];
    if (replace === undefined) ignore('find_string', find.line, 'no replace_string for it');
    else if (find.value === '') ignore('find_string', find.line, 'nothing to find');
    else replacements.push({ find: find.value, replace: replace.value, line: find.line });
  });
  for (const extra of replaces.slice(finds.length)) ignore('replace_string', extra.line, 'no find_string for it');

  for (const [directive, field] of XPATH_FIELDS) {
    const lines = xpaths.get(directive);
    if (lines) site[field] = lines;
  }
  if (replacements.length > 0) site.replace = replacements.sort((a, b) => a.line - b.line);
  if (tests.length > 0) site.tests = tests;
  if (ignored.length > 0) site.ignored = ignored.sort((a, b) => a.line - b.line);

  const rules: Rule[] = [];
  const id = (directive: string): string => `site/${host}/${directive}`;
  const why = (directive: string, lines: readonly { line: number }[]): string =>
    `${directive} in the Full-Text RSS site config for ${host} (line${lines.length > 1 ? 's' : ''} ${lines.map((l) => l.line).join(', ')})`;
  const strip = xpaths.get('strip');
  if (strip) {
    rules.push({ id: id('strip'), phase: 'pre', action: 'remove', why: why('strip', strip), xpath: strip.map(xp) });
  }
  const idOrClass = contains.get('strip_id_or_class');
  if (idOrClass) {
    rules.push({
      id: id('strip_id_or_class'),
      phase: 'pre',
      action: 'remove',
      why: why('strip_id_or_class', idOrClass),
      // As written (`s`), as Full-Text RSS's `contains(@class, …)` compares; the flag also lets css-select take the
      // list instead of jsdom's engine (src/stages/compiled-selectors.ts).
      selector: idOrClass.map(({ value }) => `[class*=${cssString(value)} s], [id*=${cssString(value)} s]`).join(', '),
      // A part of a name matches more than its author meant: `social`, written for share bars, also names the block
      // a site wraps a quoted tweet in (`social-media-embed`), and the tweets an article quotes are its text.
      when: { notHas: EMBEDDED_POST },
    });
  }
  const imageSrc = contains.get('strip_image_src');
  if (imageSrc) {
    rules.push({
      id: id('strip_image_src'),
      phase: 'pre',
      action: 'remove',
      why: why('strip_image_src', imageSrc),
      selector: imageSrc.map(({ value }) => `img[src*=${cssString(value)} s]`).join(', '),
    });
  }
  const dissolve = xpaths.get('dissolve');
  if (dissolve) {
    rules.push({
      id: id('dissolve'),
      phase: 'pre',
      action: 'unwrap',
      why: why('dissolve', dissolve),
      xpath: dissolve.map(xp),
    });
  }
  const stripAttr = xpaths.get('strip_attr');
  if (stripAttr) {
    rules.push({
      id: id('strip_attr'),
      phase: 'pre',
      action: 'remove-attribute',
      why: why('strip_attr', stripAttr),
      xpath: stripAttr.map(xp),
    });
  }
  return {
    source,
    id: `site/${host}`,
    description: host.startsWith('.')
      ? `Full-Text RSS site config for the subdomains of ${host.slice(1)}`
      : `Full-Text RSS site config for ${host}`,
    rules,
    site,
  };
}

/** Directives of the format that no YAML rule file has at the top level. */
const TELLING_DIRECTIVES =
  /^(body|strip|strip_id_or_class|strip_image_src|title|author|date|dissolve|strip_attr|single_page_link|next_page_link|find_string|replace_string|test_url|prune|tidy)\b/;

/**
 * Whether a file of another extension than .txt is a site config: every line that is not blank or a
 * comment is `directive: value`, at least one names a directive of the format, and none is indented
 * (a YAML rule file has indented lines under `rules:`) or starts a YAML list.
 */
export function looksLikeSiteConfig(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  return (
    lines.length > 0 &&
    lines.every((line) => /^[a-z_]+(\(.*\))?\s*:/i.test(line)) &&
    lines.some((line) => TELLING_DIRECTIVES.test(line))
  );
}

function xp({ xpath }: XPathLine): string {
  return xpath;
}

type ParsedLine = { name: string; argument: string | undefined; value: string };

/** `name: value` or `name(argument): value`; undefined for blank and comment lines. */
function parseLine(raw: string): ParsedLine | 'malformed' | undefined {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line)?.[0];
  if (name === undefined) return 'malformed';
  let rest = line.slice(name.length);
  let argument: string | undefined;
  if (rest.startsWith('(')) {
    // The argument may hold `)` and `:` (HTML, a header value); it ends at the first `):`.
    const end = rest.indexOf('):');
    if (end < 0) return 'malformed';
    argument = rest.slice(1, end);
    rest = rest.slice(end + 1);
  }
  const colon = /^\s*:/.exec(rest);
  if (!colon) return 'malformed';
  return { name: name.toLowerCase(), argument, value: rest.slice(colon[0].length).trim() };
}

function yesNo(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  if (lower === 'yes' || lower === 'true' || lower === '1') return true;
  if (lower === 'no' || lower === 'false' || lower === '0') return false;
  return undefined;
}

function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`).replace(/[\n\r\f]/g, ' ')}"`;
}
