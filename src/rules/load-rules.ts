// Loads rule files (YAML or JSON) and validates them; the built-in sets live in rules/ at the package root.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { JSDOM } from 'jsdom';
import { parse as parseYaml } from 'yaml';
import { InvalidRuleError } from '../errors.js';
import { compileRuleSet, type CompiledRuleSet } from './compile-rules.js';
import type { RuleSet } from './rule-types.js';
import { validateRuleSet } from './validate-rules.js';

export const BUILT_IN_RULES_DIR = new URL('../../rules/', import.meta.url).pathname;
const RULE_FILE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Parses and validates the text of one rule file. */
export function parseRuleSet(text: string, source: string): RuleSet {
  let data: unknown;
  try {
    data = extname(source) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new InvalidRuleError(`${source}: not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${reason}`);
  }
  return validateRuleSet(data, source, isValidSelector);
}

/** Loads user rule sets from files or directories (recursively, .yaml/.yml/.json, sorted). */
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

/** The rule files a path stands for: the file itself, or a directory's .yaml/.yml/.json files, recursively and sorted. */
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
  }
  return files;
}

let builtIns: readonly CompiledRuleSet[] | undefined;

/**
 * The built-in rule sets, read and compiled once per process (they are immutable after loading).
 * Generic sets come from rules/generic/, site sets from rules/sites/ (one file per host).
 */
export function builtInRuleSets(): readonly CompiledRuleSet[] {
  builtIns ??= Object.freeze(
    ['generic', 'sites'].flatMap((folder) => {
      const dir = join(BUILT_IN_RULES_DIR, folder);
      if (!existsSync(dir)) return [];
      const files = readdirSync(dir)
        .filter((name) => RULE_FILE_EXTENSIONS.has(extname(name)) && statSync(join(dir, name)).isFile())
        .sort();
      return files.map((name) =>
        compileRuleSet(parseRuleSet(readFileSync(join(dir, name), 'utf-8'), join('rules', folder, name))),
      );
    }),
  );
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
