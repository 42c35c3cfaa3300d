// Refreshes rules/ftr-site-config/ from a local copy of fivefilters/ftr-site-config (a git checkout or a
// plain folder): the site configs, global.txt and the set's README are copied byte for byte, configs gone
// upstream are removed, and UPSTREAM records where they came from. LICENSE (the set's dedication, written
// down by us: upstream has no licence file) stays as it is.
//
//   npx tsx scripts/refresh-site-configs.ts ~/src/ftr-site-config
//   npx tsx scripts/refresh-site-configs.ts ../shared/datasets/ftr-site-config --commit SHA --date YYYY-MM-DD
//
// A git checkout gives its HEAD commit and date itself; for a plain folder pass --commit (and --date), or
// the folder's SOURCE.txt (as in ../shared/datasets) is read. Then `npm run build` compiles them.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { siteConfigHost } from '../src/sites/parse-site-config.js';

const TARGET = fileURLToPath(new URL('../rules/ftr-site-config/', import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { commit: { type: 'string' }, date: { type: 'string' } },
});
const [sourceArg] = positionals;
if (sourceArg === undefined) {
  process.stderr.write(
    'usage: npx tsx scripts/refresh-site-configs.ts SOURCE_DIR [--commit SHA] [--date YYYY-MM-DD]\n',
  );
  process.exit(2);
}
const source = resolve(sourceArg);

/** The site configs of a folder: `.txt` files named after a host (LICENSE.txt, SOURCE.txt are not). */
function configNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt') && siteConfigHost(name) !== undefined)
    .sort();
}

function upstreamOf(dir: string): { commit: string; date: string; how: string } {
  if (values.commit !== undefined) {
    return { commit: values.commit, date: values.date ?? 'unknown date', how: 'given with --commit' };
  }
  if (existsSync(join(dir, '.git'))) {
    const git = (...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf-8' }).trim();
    return {
      commit: git('rev-parse', 'HEAD'),
      date: git('show', '-s', '--format=%cs', 'HEAD'),
      how: 'HEAD of the git checkout',
    };
  }
  const note = join(dir, 'SOURCE.txt');
  const match = existsSync(note) ? /commit ([0-9a-f]{40})(?: \(([\d-]+)\))?/.exec(readFileSync(note, 'utf-8')) : null;
  if (match?.[1] !== undefined) {
    return {
      commit: match[1],
      date: match[2] ?? 'unknown date',
      how: 'as named by the SOURCE.txt of the folder it came from',
    };
  }
  throw new Error(`${dir} is not a git checkout and has no SOURCE.txt naming a commit: pass --commit SHA`);
}

const upstream = upstreamOf(source);
const incoming = configNames(source);
if (incoming.length === 0) throw new Error(`${source} holds no site configs (*.txt named after hosts)`);
const existing = new Set(configNames(TARGET));
let added = 0;
let changed = 0;
for (const name of incoming) {
  const from = join(source, name);
  const to = join(TARGET, name);
  if (!existing.has(name)) added++;
  else if (!readFileSync(from).equals(readFileSync(to))) changed++;
  copyFileSync(from, to);
  existing.delete(name);
}
for (const name of existing) rmSync(join(TARGET, name));
// The set's README, and global.txt (Full-Text RSS's defaults for every site), shipped with the set though
// declutter does not apply the latter (its generic rules play that part; see rules/README.md).
for (const name of ['README.md', 'global.txt']) {
  if (existsSync(join(source, name))) copyFileSync(join(source, name), join(TARGET, name));
}

writeFileSync(
  join(TARGET, 'UPSTREAM'),
  `fivefilters/ftr-site-config
https://github.com/fivefilters/ftr-site-config
commit ${upstream.commit} (${upstream.date})
${incoming.length} site configs, global.txt and README.md, copied unchanged by scripts/refresh-site-configs.ts;
commit ${upstream.how}.
`,
);
process.stderr.write(
  `refresh: ${incoming.length} site configs from ${source} (commit ${upstream.commit.slice(0, 12)}): ` +
    `${added} added, ${changed} changed, ${existing.size} removed. Run \`npm run build\` to compile them.\n`,
);
