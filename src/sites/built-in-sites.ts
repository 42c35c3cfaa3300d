// The built-in Full-Text RSS site configs (rules/ftr-site-config/): found by host, loaded one at a time.
//
// 2,040 small files, so nothing is read for them at start-up. The folder's listing, read once per process
// (about a millisecond), is the host index: a page whose host has no file costs a few set lookups. A page
// whose host has one loads that config once per process: its rule set as the build compiled it
// (dist/site-configs/, see site-artefact.ts) while the file still has the bytes it was compiled from,
// else parsed from the file itself, so an edited or added file is never met with a stale compilation.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileRuleSet, type CompiledRuleSet } from '../rules/compile-rules.js';
import { isValidXPath } from '../rules/xpath/check-xpath.js';
import { parseSiteConfig, siteConfigHost } from './parse-site-config.js';
import { readCompiledSiteConfig } from './site-artefact.js';
import { siteConfigCandidates } from './site-hosts.js';

/** Where the site configs ship, unchanged from upstream (with their licence and the upstream commit). */
export const SITE_CONFIG_DIR = fileURLToPath(new URL('../../rules/ftr-site-config/', import.meta.url));
/** Where the build writes their compiled form (absent when run from src/). */
export const SITE_ARTEFACT_DIR = fileURLToPath(new URL('../site-configs/', import.meta.url));

/** The config names (file names without .txt) in a folder of site configs, sorted. */
export function listSiteConfigNames(dir: string = SITE_CONFIG_DIR): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.endsWith('.txt') && siteConfigHost(entry) !== undefined)
    .map((entry) => entry.slice(0, -'.txt'.length))
    .sort();
}

let names: ReadonlySet<string> | undefined;
const loaded = new Map<string, CompiledRuleSet | null>();

/** The names of the built-in site configs (read once per process). */
export function builtInSiteConfigNames(): ReadonlySet<string> {
  names ??= new Set(listSiteConfigNames());
  return names;
}

/** The built-in site config for a page's host, compiled, or undefined when none applies. */
export function builtInSiteSetFor(host: string): CompiledRuleSet | undefined {
  const available = builtInSiteConfigNames();
  const name = siteConfigCandidates(host).find((candidate) => available.has(candidate));
  return name === undefined ? undefined : loadBuiltInSiteSet(name);
}

/** One built-in site config by name; undefined when its file cannot be read or parsed (it is then skipped). */
export function loadBuiltInSiteSet(name: string): CompiledRuleSet | undefined {
  const known = loaded.get(name);
  if (known !== undefined) return known ?? undefined;
  let compiled: CompiledRuleSet | null = null;
  try {
    const text = readFileSync(join(SITE_CONFIG_DIR, `${name}.txt`), 'utf-8');
    const source = `rules/ftr-site-config/${name}.txt`;
    const set =
      readCompiledSiteConfig(SITE_ARTEFACT_DIR, name, digestSiteConfig(text)) ??
      parseSiteConfig(text, source, { isValidXPath });
    compiled = compileRuleSet(set);
  } catch {
    // A config that cannot be read is as if it were not there: the page gets the generic path.
  }
  loaded.set(name, compiled);
  return compiled ?? undefined;
}

/** sha256 of a config file's text: the compiled form is used only for exactly the text it was made from. */
export function digestSiteConfig(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
