// Regenerates rules/generic/consent-cmp.yaml from the installed @duckduckgo/autoconsent package's rule data.
//
//   npx tsx scripts/derive-consent-cmp-rules.ts          write the file
//   npx tsx scripts/derive-consent-cmp-rules.ts --check  exit 1 when the committed file is stale
//
// autoconsent (MPL-2.0) keeps, per consent platform, the selectors of its banner: `prehideSelectors` (what
// it hides before it acts), `detectCmp` / `detectPopup` `exists` / `visible` steps. We read them as data
// from the installed dependency (rules/rules.json, and the `prehideSelectors` of the platforms written as
// code, read off instances of the package's own classes); none of its code is copied into this repository.
//
// Which selectors are kept (see `isSafeSelector`): only those that are valid for jsdom, use no `:has()`,
// whose last compound (the element removed) names an id, class, attribute or custom element rather than a
// bare tag, is not html/body/main/article, and itself says what it is: a consent word (cookie, consent,
// gdpr, privacy, cmp, …) or the platform's own name (`.klaro`, `#didomi-host`). That drops `.modal`,
// `#cm`, `.message-overlay`, `div[role=dialog]`, buttons named only by their ancestors, and the like. Rules
// written for one site (a `urlPattern`, or the generated `auto_*` rules) and autoconsent's test pages are
// skipped. Every generated rule also carries `notHas` so a match that wraps the article is never removed.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { JSDOM } from 'jsdom';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import { splitSelectorList } from '../src/rules/selector-needs.js';

const require = createRequire(import.meta.url);
const PACKAGE = '@duckduckgo/autoconsent';
const OUTPUT = new URL('../rules/generic/consent-cmp.yaml', import.meta.url).pathname;

/** Words that say an element is about consent, in the class and id names platforms use. */
const CONSENT_WORDS = /cookie|consent|gdpr|privacy|cmp|ccpa|dsgvo|pecr|tracking/i;

/** Parts of platform names too generic to identify anything on their own. */
const GENERIC_NAME_PARTS = new Set(
  'cookie cookies consent banner notice popup modal manager element dialog message alert wrapper container overlay layer module button frame main page root widget window site test info tools legacy optin categories standalone desktop mobile compact'.split(
    ' ',
  ),
);

/** Subjects a generic removal must never take (see isSafeSelector). */
const NEVER_REMOVED_TAGS = new Set([
  'html',
  'body',
  'main',
  'article',
  'a',
  'button',
  'input',
  'label',
  'script',
  'style',
  'link',
]);

/** The article never sits inside a consent banner: a match that wraps it is the page, not the banner. */
const NOT_THE_ARTICLE = 'article, main, [role="main"], [itemprop="articleBody"]';

interface Source {
  name: string;
  selectors: string[];
}

/** One autoconsent rule (the fields we read) from rules/rules.json. */
interface DeclarativeRule {
  name: string;
  prehideSelectors?: string[];
  detectCmp?: Record<string, unknown>[];
  detectPopup?: Record<string, unknown>[];
  runContext?: { urlPattern?: string };
}

function declarativeSources(): Source[] {
  const data = JSON.parse(readFileSync(require.resolve(`${PACKAGE}/rules/rules.json`), 'utf-8')) as {
    autoconsent: DeclarativeRule[];
  };
  return data.autoconsent
    .map((rule) => ({
      name: rule.name,
      siteOnly: Boolean(rule.runContext?.urlPattern),
      selectors: [
        ...(rule.prehideSelectors ?? []),
        // Only plain selector strings: arrays are chains into iframes or shadow roots.
        ...[...(rule.detectCmp ?? []), ...(rule.detectPopup ?? [])].flatMap((step) =>
          [step.exists, step.visible].filter((value): value is string => typeof value === 'string'),
        ),
      ],
    }))
    .filter((source) => !source.siteOnly);
}

/**
 * The platforms autoconsent implements as classes (OneTrust, Cookiebot, Klaro, TrustArc, …) keep their
 * selectors on instances; the package constructs them itself when started with no configuration, which
 * needs a window, so give it an empty jsdom one.
 */
async function codeSources(): Promise<Source[]> {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', { url: 'https://example.invalid/' });
  Object.assign(globalThis, { window, document: window.document, location: window.location });
  const module = (await import(PACKAGE)) as {
    default: new (send: () => void) => {
      rules: { name: string; prehideSelectors?: string[]; runContext?: { urlPattern?: string } }[];
    };
  };
  const instance = new module.default(() => undefined);
  return instance.rules
    .filter((rule) => !rule.runContext?.urlPattern)
    .map((rule) => ({ name: rule.name, selectors: rule.prehideSelectors ?? [] }));
}

/** The last compound of a selector: what it selects (text after the final combinator outside brackets). */
function subjectOf(selector: string): string {
  let depth = 0;
  let start = 0;
  for (let index = 0; index < selector.length; index++) {
    const char = selector[index];
    if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (depth === 0 && (char === ' ' || char === '>' || char === '+' || char === '~')) start = index + 1;
  }
  return selector.slice(start).trim();
}

function nameParts(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part.length >= 4 && !GENERIC_NAME_PARTS.has(part));
}

const probe = new JSDOM('<p>').window.document;

/**
 * The structural half of the filter: valid for jsdom, no `:has()`, and a subject (the element removed) that
 * names an id, class, attribute or custom element and is not the page frame, a link, a button or a field.
 */
export function isStructurallySafe(selector: string): boolean {
  try {
    probe.querySelector(selector);
  } catch {
    return false;
  }
  if (/:has\(/i.test(selector)) return false;
  const subject = subjectOf(selector);
  const tag = /^[a-z][a-z0-9-]*/i.exec(subject)?.[0]?.toLowerCase() ?? '';
  // Never the page's frame, and never links, buttons or form fields: an article may link to a cookie policy.
  if (NEVER_REMOVED_TAGS.has(tag)) return false;
  return /[#.[]/.test(subject) || tag.includes('-');
}

/** True for a selector safe to remove on any page (the filter described at the top of this file). */
export function isSafeSelector(selector: string, platform: string): boolean {
  if (!isStructurallySafe(selector)) return false;
  const subject = subjectOf(selector).toLowerCase();
  return CONSENT_WORDS.test(subject) || nameParts(platform).some((part) => subject.includes(part));
}

/**
 * Drops selectors already covered by a shorter one in the same list: `#x.open`, `#x:not(.y)` and `#x .z`
 * select only elements that `#x` removes anyway (not `#x + .z`, a sibling).
 */
function withoutRedundant(selectors: readonly string[]): string[] {
  return selectors.filter(
    (selector) =>
      !selectors.some((other) => {
        if (other === selector || !selector.startsWith(other)) return false;
        const rest = selector.slice(other.length);
        return /^[\s>:.[#]/.test(rest) && !/^\s*[+~]/.test(rest);
      }),
  );
}

export async function renderConsentCmpRules(): Promise<string> {
  // package.json is not in the package's exports; it sits two levels above rules/rules.json.
  const manifest = join(dirname(require.resolve(`${PACKAGE}/rules/rules.json`)), '..', 'package.json');
  const version = (JSON.parse(readFileSync(manifest, 'utf-8')) as { version: string }).version;
  const sources = [...(await codeSources()), ...declarativeSources()].filter(
    (source) => !/^test page/i.test(source.name),
  );
  // One rule for every platform: most platforms' own markup is already dropped by Readability or caught by
  // consent/text-banner, so per-platform rules could not each show a page they change (rule-coverage test).
  const names = new Set<string>();
  const selectors = new Set<string>();
  for (const source of sources) {
    for (const selector of source.selectors.flatMap(splitSelectorList)) {
      if (!isSafeSelector(selector, source.name)) continue;
      selectors.add(selector);
      names.add(source.name);
    }
  }
  const rules = [
    {
      id: 'consent/cmp',
      phase: 'pre',
      action: 'remove',
      selector: withoutRedundant([...selectors].sort()).join(', '),
      when: { notHas: NOT_THE_ARTICLE },
      why: `Banners and preference centres of ${names.size} consent platforms (OneTrust, Cookiebot, Didomi, Quantcast, TrustArc, Usercentrics, iubenda, Borlabs, Complianz, CookieYes, Osano, Klaro, …), removed before Readability whatever their language.`,
    },
  ];
  const header = [
    `# Generated by scripts/derive-consent-cmp-rules.ts from ${PACKAGE} ${version} (its rule data, MPL-2.0).`,
    '# Do not edit by hand: run `npx tsx scripts/derive-consent-cmp-rules.ts` after updating the package.',
    '# test/consent-cmp-rules.test.ts fails when this file no longer matches the installed package.',
    '',
  ].join('\n');
  const body = stringify(
    {
      id: 'consent/cmp',
      description: `Consent-platform banners by their platform's own selectors (from ${PACKAGE}).`,
      rules,
    },
    { lineWidth: 110 },
  );
  // Formatted as the repository formats YAML, so `prettier --check .` and the staleness check agree.
  const options = (await resolveConfig(OUTPUT)) ?? {};
  return format(header + body, { ...options, filepath: OUTPUT });
}

async function main(): Promise<void> {
  const rendered = await renderConsentCmpRules();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(OUTPUT, 'utf-8');
    } catch {
      // missing counts as stale
    }
    if (committed !== rendered) {
      process.stderr.write(`${OUTPUT} is stale: run npx tsx scripts/derive-consent-cmp-rules.ts\n`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(OUTPUT, rendered);
  process.stderr.write(`wrote ${OUTPUT}\n`);
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) await main();
