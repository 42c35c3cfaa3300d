// Discovers golden fixtures: fixtures/<kind>/<name>/<case-slug>/ with source.html|source.txt, expected.md, meta.json.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DeclutterOptions } from '../../src/index.js';
import { parseRuleSet } from '../../src/rules/load-rules.js';

export const FIXTURES_ROOT = new URL('../../fixtures/', import.meta.url).pathname;

/** The contents of a fixture's meta.json. */
export interface FixtureMeta {
  /** Page URL, passed as the `url` option. */
  url?: string;
  /** What the fixture is modelled on and what it checks. */
  description?: string;
  /** Extra library options (inputFormat, title, charset, …). */
  options?: Omit<DeclutterOptions, 'url' | 'userRules'>;
  /** Expected metadata fields (a subset is checked). */
  metadata?: Record<string, string>;
  /** Expected encoding name chosen by decode. */
  encoding?: string;
  /** Expected reason for it (`result.encodingSource`). */
  encodingSource?: string;
  /** Strings that must appear in the Markdown. */
  must?: string[];
  /** Strings that must not appear in the Markdown. */
  mustNot?: string[];
  /** Strings that must appear exactly once in the plain text (`--format text`): kept, and not twice. */
  textOnce?: string[];
  /** Rule ids this fixture exercises: each must change the output here. */
  rules?: string[];
  /** Warnings expected (substrings). */
  warnings?: string[];
  /** A Full-Text RSS site config in the fixture's folder (named after its host), passed as a user rule file. */
  siteConfig?: string;
  /** The site config's directives this fixture exercises: switching each off must change the output. */
  siteDirectives?: string[];
  /** How the config's body (or its removals) turned out, as traced: used, no-match or stale. */
  siteOutcome?: 'used' | 'no-match' | 'stale';
}

export interface Fixture {
  /** `kind/name/case`, for test names. */
  id: string;
  dir: string;
  sourcePath: string;
  expectedPath: string;
  meta: FixtureMeta;
}

/** Every fixture folder under fixtures/, sorted. A folder with a meta.json is a fixture. */
export function discoverFixtures(root = FIXTURES_ROOT): Fixture[] {
  const found: Fixture[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
    }
    const metaPath = join(dir, 'meta.json');
    if (!existsSync(metaPath)) return;
    const sourcePath = ['source.html', 'source.txt'].map((name) => join(dir, name)).find((path) => existsSync(path));
    if (!sourcePath) throw new Error(`fixture ${dir} has meta.json but no source.html or source.txt`);
    found.push({
      id: relative(root, dir),
      dir,
      sourcePath,
      expectedPath: join(dir, 'expected.md'),
      meta: JSON.parse(readFileSync(metaPath, 'utf-8')) as FixtureMeta,
    });
  };
  if (existsSync(root)) walk(root);
  return found;
}

/** The library options a fixture runs with (its site config, if it has one, as a user rule file). */
export function fixtureOptions(fixture: Fixture, extra: DeclutterOptions = {}): DeclutterOptions {
  const { siteConfig } = fixture.meta;
  return {
    ...(fixture.meta.url !== undefined ? { url: fixture.meta.url } : {}),
    ...(siteConfig !== undefined
      ? { userRules: [parseRuleSet(readFileSync(join(fixture.dir, siteConfig), 'utf-8'), siteConfig)] }
      : {}),
    ...fixture.meta.options,
    ...extra,
  };
}
