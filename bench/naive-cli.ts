// The naive pipeline as a one-page CLI (file → Markdown on stdout), the start-up comparison's baseline.
// The bench transpiles it to plain JS first, so both CLIs start as compiled JavaScript.

import { readFileSync } from 'node:fs';
import { naiveConvert } from './naive-pipeline.js';

const path = process.argv[2];
if (path === undefined) {
  process.stderr.write('usage: naive-cli FILE\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${naiveConvert({ html: readFileSync(path, 'utf-8'), url: undefined }).markdown}\n`);
}
