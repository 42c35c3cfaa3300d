// The built-in rules as validated JSON, written at build time so start-up skips YAML parsing and validation.
//
// The YAML files under rules/ stay the source of truth. The artefact records a digest of their exact
// bytes, and it is only used while the files on disk still have that digest: an edited, added or
// removed rule file makes the loader fall back to parsing the YAML, so a stale artefact is never read.
// It also records the size and mtime of the code that validated the rules (dist/rules/), so a `tsc`
// run that changes the validator without the rest of the build does not meet an artefact it did not make.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUnchanged, stampFile, type FileStamp } from '../file-stamp.js';
import type { RuleSet } from './rule-types.js';

// These live here, not in load-rules.ts, so reading the artefact does not load jsdom (the selector check there).
export const BUILT_IN_RULES_DIR = new URL('../../rules/', import.meta.url).pathname;
/** Where the build writes the validated built-in rules (dist/built-in-rules.json; absent when run from src/). */
export const BUILT_IN_ARTEFACT_PATH = fileURLToPath(new URL('../built-in-rules.json', import.meta.url));
export const RULE_FILE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Bump when the artefact's shape or the validated form of a rule set changes. */
export const ARTEFACT_FORMAT = 1;

export interface RuleSourceFile {
  /** The name shown in messages and `rules list`, e.g. `rules/generic/captions.yaml`. */
  source: string;
  text: string;
}

export interface BuiltInRulesArtefact {
  format: typeof ARTEFACT_FORMAT;
  /** sha256 over the source names and texts, in load order. */
  digest: string;
  /** The modules that parsed and validated the sets. */
  code: FileStamp[];
  sets: RuleSet[];
}

/** The digest of the rule files as they are on disk, in the order they are loaded. */
export function digestRuleSources(files: readonly RuleSourceFile[]): string {
  const hash = createHash('sha256');
  hash.update(`format ${ARTEFACT_FORMAT}\0`);
  for (const { source, text } of files) hash.update(`${source}\0${text.length}\0${text}\0`);
  return hash.digest('hex');
}

export function createArtefact(
  files: readonly RuleSourceFile[],
  sets: readonly RuleSet[],
  codeFiles: readonly string[],
): BuiltInRulesArtefact {
  return { format: ARTEFACT_FORMAT, digest: digestRuleSources(files), code: codeFiles.map(stampFile), sets: [...sets] };
}

/**
 * The rule sets from the artefact at `path`, or undefined when there is none, it cannot be read, or it was
 * built from other rule files than `files` or by other code (the caller then parses the YAML itself).
 */
export function readArtefact(path: string, files: readonly RuleSourceFile[]): RuleSet[] | undefined {
  let artefact: Partial<BuiltInRulesArtefact>;
  try {
    artefact = JSON.parse(readFileSync(path, 'utf-8')) as Partial<BuiltInRulesArtefact>;
  } catch {
    return undefined;
  }
  if (artefact.format !== ARTEFACT_FORMAT || artefact.digest !== digestRuleSources(files)) return undefined;
  if (!Array.isArray(artefact.code) || !artefact.code.every(isUnchanged)) return undefined;
  return Array.isArray(artefact.sets) ? artefact.sets : undefined;
}

/** The built-in rule files in load order: rules/generic/, then rules/sites/ (one file per host), each sorted. */
export function readBuiltInRuleFiles(rulesDir: string = BUILT_IN_RULES_DIR): RuleSourceFile[] {
  return ['generic', 'sites'].flatMap((folder) => {
    const dir = join(rulesDir, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => RULE_FILE_EXTENSIONS.has(extname(name)) && statSync(join(dir, name)).isFile())
      .sort()
      .map((name) => ({ source: join('rules', folder, name), text: readFileSync(join(dir, name), 'utf-8') }));
  });
}
