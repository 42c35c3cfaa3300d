// `npx tsx bench/ab.ts OLD_TREE [NEW_TREE] [--rounds N] [--limit N] [--set aeb|trafilatura|all]`:
// declutter in two work trees (two commits) on the same pages (AEB unless --set says otherwise, each
// set converted as the bench converts it), interleaved, and the ratio of their CPU; how each speed
// lever in BENCHMARKS.md was measured.
//
// Each tree's bench worker runs in its own child process and converts the same page in turn (the
// order alternating per page), so the machine's load hits both alike; the figure to read is the
// ratio, not either CPU time. It also counts the pages whose Markdown differs between the two, which
// must be 0 for a lever that claims to change only speed. A tree needs its own node_modules (a
// symlink to this one's will do) and dist/rules artefact (`npm run build`).

import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSet, pageJobs, parseSets } from './bench-sets.js';
import { request, startWorker } from './run-pages.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '1' },
    limit: { type: 'string' },
    data: { type: 'string' },
    set: { type: 'string', default: 'aeb' },
  },
});
const [oldTree, newTree = resolve(import.meta.dirname, '..')] = positionals;
if (oldTree === undefined) {
  process.stderr.write(
    'usage: npx tsx bench/ab.ts OLD_TREE [NEW_TREE] [--rounds N] [--limit N] [--data DIR] [--set aeb|trafilatura|all]\n',
  );
  process.exit(2);
}

/** A bench worker running `tree`'s own declutter (its src/ through its bench/pipeline-worker.ts). */
function startTree(tree: string): ChildProcess {
  return startWorker('declutter', resolve(tree, 'bench', 'pipeline-worker.ts'));
}

// --data is the AEB folder, as in the bench; --limit applies to each set.
const limit = Number(values.limit ?? Infinity);
const pages = pageJobs(
  parseSets(values.set).map((name) => loadSet(name, { dataDir: name === 'aeb' ? values.data : undefined, limit })),
);
const rounds = Number(values.rounds);
const before = startTree(oldTree);
const after = startTree(newTree);
try {
  for (const { page, convert } of pages.slice(0, 3)) {
    await request(before, page, convert);
    await request(after, page, convert);
  }
  let beforeMs = 0;
  let afterMs = 0;
  const differing: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [index, { page, convert }] of pages.entries()) {
      const first = index % 2 === 0 ? before : after;
      const second = first === before ? after : before;
      const firstReply = await request(first, page, convert);
      const secondReply = await request(second, page, convert);
      const [old, current] = first === before ? [firstReply, secondReply] : [secondReply, firstReply];
      beforeMs += old.cpuMs;
      afterMs += current.cpuMs;
      if (round === 0 && old.markdown !== current.markdown) differing.push(page.id);
    }
  }
  const runs = pages.length * rounds;
  process.stdout.write(
    `${pages.length} pages × ${rounds}: old ${(beforeMs / runs).toFixed(1)} CPU ms/page, ` +
      `new ${(afterMs / runs).toFixed(1)}, new/old ${(afterMs / beforeMs).toFixed(3)}; ` +
      `pages whose Markdown differs: ${differing.length}\n` +
      differing.map((id) => `  ${id}\n`).join(''),
  );
} finally {
  before.kill();
  after.kill();
}
