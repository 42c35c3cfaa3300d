// A fingerprint of everything besides the input bytes that shapes an output: options, rules, version.
// --skip-unchanged reconverts a page when this changes.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PageTask } from './task.js';

/**
 * The built-in rules directory (the same path as BUILT_IN_RULES_DIR in src/rules/load-rules.ts, which is
 * not imported here because loading that module pulls in jsdom, seconds the main thread of a batch does not need).
 */
export const BUILT_IN_RULES_DIR = new URL('../../rules/', import.meta.url).pathname;

export interface OptionsKeyInput {
  version: string;
  rulesDir: string;
  options: PageTask['options'];
  render: PageTask['render'];
}

export async function computeOptionsKey(input: OptionsKeyInput): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version: input.version, options: input.options, render: input.render }));
  // The built-in rules are part of the program, but they change between releases and in development.
  for (const file of await listFiles(input.rulesDir)) {
    hash.update(`\0${file}\0`);
    hash.update(await readFile(join(input.rulesDir, file)));
  }
  return hash.digest('hex');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) files.push(rel);
  }
  return files;
}
