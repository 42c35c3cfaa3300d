// Loads rule files (YAML or JSON) and validates them; the built-in sets live in rules/ at the package root.

import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
// Before jsdom: it replaces helpers jsdom's modules take when they load.
import '../stages/jsdom-fast-paths.js';
import { JSDOM } from 'jsdom';
import { InvalidRuleError } from '../errors.js';
import { looksLikeSiteConfig, parseSiteConfig, siteConfigHost } from '../sites/parse-site-config.js';
import {
  BUILT_IN_ARTEFACT_PATH,
  BUILT_IN_RULES_DIR,
  readArtefact,
  readBuiltInRuleFiles,
  RULE_FILE_EXTENSIONS,
} from './built-in-artefact.js';
import { compileRuleSet, type CompiledRuleSet } from './compile-rules.js';
import { parseRuleFileText } from './rule-file-syntax.js';
import type { RuleSet } from './rule-types.js';
import { inspectRuleSet, validateRuleSet } from './validate-rules.js';
import { isValidXPath } from './xpath/check-xpath.js';

export { BUILT_IN_ARTEFACT_PATH, BUILT_IN_RULES_DIR, readBuiltInRuleFiles };

/** Full-Text RSS site configs (src/sites/parse-site-config.ts). */
const SITE_CONFIG_EXTENSION = '.txt';

/** A Full-Text RSS site config, told apart by the extension (`.txt`) or, for a file with another, by its content. */
function isSiteConfigFile(text: string, source: string): boolean {
  const extension = extname(source).toLowerCase();
  return extension === SITE_CONFIG_EXTENSION || (!RULE_FILE_EXTENSIONS.has(extension) && looksLikeSiteConfig(text));
}

/**
 * Parses and validates the text of one rule file: declutter's format (YAML or JSON; the InvalidRuleError
 * lists every problem), or a Full-Text RSS site config.
 */
export function parseRuleSet(text: string, source: string): RuleSet {
  if (isSiteConfigFile(text, source)) return parseSiteConfig(text, source, { isValidXPath });
  return validateRuleSet(parseRuleFileText(text, source), source, isValidSelector, isValidXPath);
}

/** Every problem of one rule file's text, and its set as far as it could be read (for `rules check`). */
export function inspectRuleFile(text: string, source: string): { set: RuleSet | undefined; problems: string[] } {
  if (isSiteConfigFile(text, source)) {
    try {
      return { set: parseSiteConfig(text, source, { isValidXPath }), problems: [] };
    } catch (error) {
      if (error instanceof InvalidRuleError) return { set: undefined, problems: [...error.problems] };
      throw error;
    }
  }
  let data: unknown;
  try {
    data = parseRuleFileText(text, source);
  } catch (error) {
    if (error instanceof InvalidRuleError) return { set: undefined, problems: [...error.problems] };
    throw error;
  }
  return inspectRuleSet(data, source, isValidSelector, isValidXPath);
}

/** Loads user rule sets from files or directories (recursively, .yaml/.yml/.json and site-config .txt, sorted). */
export async function loadRuleFiles(paths: readonly string[]): Promise<RuleSet[]> {
  const sets: RuleSet[] = [];
  for (const path of paths) {
    for (const file of await listRuleFiles(path)) {
      let text: string;
      try {
        text = await readFile(file, 'utf-8');
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'unreadable';
        throw new InvalidRuleError(`${file}: cannot read rule file (${code})`);
      }
      sets.push(parseRuleSet(text, file));
    }
  }
  return sets;
}

/**
 * The rule files a path stands for: the file itself, or a directory's .yaml/.yml/.json files and its .txt
 * files named after a host (site configs; a LICENSE.txt beside them is not one), recursively and sorted.
 */
export async function listRuleFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InvalidRuleError(`${path}: no such rule file or directory`);
  }
  if (!info.isDirectory()) return [path];
  const files: string[] = [];
  for (const entry of (await readdir(path)).sort()) {
    const child = join(path, entry);
    if ((await stat(child)).isDirectory()) files.push(...(await listRuleFiles(child)));
    else if (RULE_FILE_EXTENSIONS.has(extname(entry))) files.push(child);
    else if (extname(entry) === SITE_CONFIG_EXTENSION && siteConfigHost(entry) !== undefined) files.push(child);
  }
  return files;
}

/**
 * The built-in rule sets, validated: from the build's artefact while it matches the rule files on disk,
 * else parsed from the files themselves (YAML parsing and selector validation cost ~150 ms at start-up).
 */
export function loadBuiltInRuleSets(
  locations: { rulesDir: string; artefactPath: string } = {
    rulesDir: BUILT_IN_RULES_DIR,
    artefactPath: BUILT_IN_ARTEFACT_PATH,
  },
): RuleSet[] {
  const files = readBuiltInRuleFiles(locations.rulesDir);
  return readArtefact(locations.artefactPath, files) ?? files.map(({ text, source }) => parseRuleSet(text, source));
}

let builtIns: readonly CompiledRuleSet[] | undefined;

/** The built-in rule sets, loaded and compiled once per process (they are immutable after loading). */
export function builtInRuleSets(): readonly CompiledRuleSet[] {
  builtIns ??= Object.freeze(loadBuiltInRuleSets().map(compileRuleSet));
  return builtIns;
}

let selectorDocument: Document | undefined;

function isValidSelector(selector: string): boolean {
  selectorDocument ??= new JSDOM('<p>').window.document;
  try {
    // On a real document: an empty fragment lets unknown pseudo-classes such as `:nope` through.
    selectorDocument.querySelector(selector);
    return true;
  } catch {
    return false;
  }
}
