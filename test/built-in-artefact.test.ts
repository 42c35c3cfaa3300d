// The built-in rules precompiled at build time: the same sets as the YAML gives, never read when stale.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createArtefact, digestRuleSources, readArtefact } from '../src/rules/built-in-artefact.js';
import {
  BUILT_IN_RULES_DIR,
  loadBuiltInRuleSets,
  parseRuleSet,
  readBuiltInRuleFiles,
} from '../src/rules/load-rules.js';

const DIST_ARTEFACT = fileURLToPath(new URL('../dist/built-in-rules.json', import.meta.url));

const parseAll = (rulesDir: string) =>
  readBuiltInRuleFiles(rulesDir).map(({ text, source }) => parseRuleSet(text, source));

let scratch: string | undefined;
afterEach(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A copy of rules/ with its artefact, as the build would write it, and a stand-in validator module. */
function scratchRules(): { rulesDir: string; artefactPath: string; validator: string } {
  scratch = mkdtempSync(join(tmpdir(), 'declutter-artefact-'));
  const rulesDir = join(scratch, 'rules');
  cpSync(BUILT_IN_RULES_DIR, rulesDir, { recursive: true });
  const validator = join(scratch, 'validate-rules.js');
  writeFileSync(validator, 'export const version = 1;\n');
  const files = readBuiltInRuleFiles(rulesDir);
  const artefactPath = join(scratch, 'built-in-rules.json');
  writeFileSync(artefactPath, JSON.stringify(createArtefact(files, parseAll(rulesDir), [validator])));
  return { rulesDir, artefactPath, validator };
}

describe('the built-in rules artefact', () => {
  it('holds exactly the sets parsed from the YAML, as plain JSON', () => {
    const { rulesDir, artefactPath } = scratchRules();
    const fromArtefact = readArtefact(artefactPath, readBuiltInRuleFiles(rulesDir));
    expect(fromArtefact).toBeDefined();
    // toStrictEqual: JSON has no undefined fields, so a validated set must not carry any either.
    expect(fromArtefact).toStrictEqual(parseAll(BUILT_IN_RULES_DIR));
  });

  it('is ignored once a rule file changes, appears or goes, and the YAML is parsed instead', () => {
    const { rulesDir, artefactPath } = scratchRules();
    const captions = join(rulesDir, 'generic', 'captions.yaml');
    writeFileSync(captions, readFileSync(captions, 'utf-8').replace(/^id: .*$/m, 'id: edited-captions'));
    expect(readArtefact(artefactPath, readBuiltInRuleFiles(rulesDir))).toBeUndefined();
    expect(loadBuiltInRuleSets({ rulesDir, artefactPath }).map((set) => set.id)).toContain('edited-captions');

    const { rulesDir: added, artefactPath: addedArtefact } = scratchRules();
    writeFileSync(join(added, 'generic', 'zz-new.yaml'), 'id: zz-new\nrules: []\n');
    expect(loadBuiltInRuleSets({ rulesDir: added, artefactPath: addedArtefact }).at(-1)?.id).toBe('zz-new');
  });

  it('is ignored once the code that validated it changed (tsc without the rest of the build)', () => {
    const { rulesDir, artefactPath, validator } = scratchRules();
    expect(readArtefact(artefactPath, readBuiltInRuleFiles(rulesDir))).toBeDefined();
    writeFileSync(validator, 'export const version = 2; // a new validator\n');
    expect(readArtefact(artefactPath, readBuiltInRuleFiles(rulesDir))).toBeUndefined();
  });

  it('is ignored when missing or not JSON', () => {
    const { rulesDir, artefactPath } = scratchRules();
    writeFileSync(artefactPath, '{"format": 1, "digest": ');
    expect(readArtefact(artefactPath, readBuiltInRuleFiles(rulesDir))).toBeUndefined();
    expect(readArtefact(join(rulesDir, 'missing.json'), readBuiltInRuleFiles(rulesDir))).toBeUndefined();
    expect(loadBuiltInRuleSets({ rulesDir, artefactPath })).toStrictEqual(parseAll(BUILT_IN_RULES_DIR));
  });

  it('in dist/ (after npm run build), while the YAML is unchanged, is read and holds what the YAML gives', () => {
    // The CLI reads this copy. After a rule edit without a rebuild it is stale and skipped at run time
    // (tested above), so it is only checked while its digest still matches the rule files.
    if (!existsSync(DIST_ARTEFACT)) return;
    const files = readBuiltInRuleFiles();
    const { digest } = JSON.parse(readFileSync(DIST_ARTEFACT, 'utf-8')) as { digest: string };
    if (digest !== digestRuleSources(files)) return;
    expect(readArtefact(DIST_ARTEFACT, files)).toStrictEqual(parseAll(BUILT_IN_RULES_DIR));
  });
});
