// The built-in site configs as the build compiled them: dist/site-configs/<name>.json, one per config,
// so a page loads only its own site's (a single file for all 2,040 would be parsed whole by the first page
// that needs one). Each records the sha256 of the text it was compiled from; index.json records the format
// and the stamps of the code that compiled them. A compiled config is used only while all of that still
// holds (built-in-sites.ts parses the file itself otherwise).

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUnchanged, stampFile, type FileStamp } from '../file-stamp.js';
import type { RuleSet } from '../rules/rule-types.js';

/** Bump when the compiled form changes. */
export const SITE_ARTEFACT_FORMAT = 1;

interface SiteArtefactIndex {
  format: typeof SITE_ARTEFACT_FORMAT;
  code: FileStamp[];
  configs: number;
}

interface CompiledSiteConfig {
  sha256: string;
  set: RuleSet;
}

export interface SiteArtefactEntry {
  name: string;
  sha256: string;
  set: RuleSet;
}

/** Writes the compiled configs into `dir` (emptied first), with the index last: a half-written folder has none. */
export function writeSiteArtefacts(
  dir: string,
  entries: readonly SiteArtefactEntry[],
  codeFiles: readonly string[],
): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const { name, sha256, set } of entries) {
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ sha256, set } satisfies CompiledSiteConfig));
  }
  const index: SiteArtefactIndex = {
    format: SITE_ARTEFACT_FORMAT,
    code: codeFiles.map(stampFile),
    configs: entries.length,
  };
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify(index)}\n`);
}

/** Whether each folder's index is current, worked out once per process and folder. */
const indexValid = new Map<string, boolean>();

/** The compiled rule set for config `name` if the artefact holds one made from text with this digest. */
export function readCompiledSiteConfig(dir: string, name: string, sha256: string): RuleSet | undefined {
  let valid = indexValid.get(dir);
  if (valid === undefined) {
    valid = readIndex(dir);
    indexValid.set(dir, valid);
  }
  if (!valid) return undefined;
  try {
    const compiled = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf-8')) as Partial<CompiledSiteConfig>;
    return compiled.sha256 === sha256 && compiled.set !== undefined ? compiled.set : undefined;
  } catch {
    return undefined;
  }
}

function readIndex(dir: string): boolean {
  try {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf-8')) as Partial<SiteArtefactIndex>;
    return index.format === SITE_ARTEFACT_FORMAT && Array.isArray(index.code) && index.code.every(isUnchanged);
  } catch {
    return false;
  }
}

/** How many compiled configs a folder holds (for the build's log). */
export function countSiteArtefacts(dir: string): number {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.json') && name !== 'index.json').length;
  } catch {
    return 0;
  }
}
