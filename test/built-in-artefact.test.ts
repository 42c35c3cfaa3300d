// The built-in rules precompiled at build time: the same sets as the YAML gives, never read when stale.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createArtefact, readArtefact } from '../src/rules/built-in-artefact.js';
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

/** A copy of rules/ with its artefact, as the build would write it, in a scratch directory. */
function scratchRules(): { rulesDir: string; artefactPath: string } {
  scratch = mkdtempSync(join(tmpdir(), 'declutter-artefact-'));
  const rulesDir = join(scratch, 'rules');
  cpSync(BUILT_IN_RULES_DIR, rulesDir, { recursive: true });
  const files = readBuiltInRuleFiles(rulesDir);
  const artefactPath = join(scratch, 'built-in-rules.json');
  writeFileSync(artefactPath, JSON.stringify(createArtefact(files, parseAll(rulesDir))));
  return { rulesDir, artefactPath };
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

  it('is ignored when missing or not JSON', () => {
    const { rulesDir, artefactPath } = scratchRules();
    writeFileSync(artefactPath, '{"format": 1, "digest": ');
    expect(readArtefact(artefactPath, readBuiltInRuleFiles(rulesDir))).toBeUndefined();
    expect(readArtefact(join(rulesDir, 'missing.json'), readBuiltInRuleFiles(rulesDir))).toBeUndefined();
    expect(loadBuiltInRuleSets({ rulesDir, artefactPath })).toStrictEqual(parseAll(BUILT_IN_RULES_DIR));
  });

  it('in dist/ (after npm run build), while current, holds what the YAML gives', () => {
    // The CLI reads this copy. After a rule edit without a rebuild it is stale and skipped at run time
    // (the test above), so only a current copy is compared.
    const files = readBuiltInRuleFiles();
    const fromDist = existsSync(DIST_ARTEFACT) ? readArtefact(DIST_ARTEFACT, files) : undefined;
    if (fromDist !== undefined) expect(fromDist).toStrictEqual(parseAll(BUILT_IN_RULES_DIR));
  });
});
