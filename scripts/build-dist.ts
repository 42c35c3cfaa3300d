// The build steps after tsc: the built-in rules written as validated JSON into dist/.
//
// Run by `npm run build` (and so by `npm ci` through `prepare`). Start-up then skips YAML parsing and
// rule validation; see src/rules/built-in-artefact.ts for why the artefact can never be read stale.

import { writeFileSync } from 'node:fs';
import { createArtefact } from '../src/rules/built-in-artefact.js';
import { parseRuleSet, readBuiltInRuleFiles } from '../src/rules/load-rules.js';

const DIST_ARTEFACT = new URL('../dist/built-in-rules.json', import.meta.url);

const files = readBuiltInRuleFiles();
const artefact = createArtefact(
  files,
  files.map(({ text, source }) => parseRuleSet(text, source)),
);
writeFileSync(DIST_ARTEFACT, `${JSON.stringify(artefact)}\n`);
process.stderr.write(`build: ${artefact.sets.length} built-in rule sets → dist/built-in-rules.json\n`);
