// `npx tsx bench/ab.ts OLD_TREE [NEW_TREE] [--rounds N] [--limit N]`: declutter in two work trees
// (two commits) on the same AEB pages, interleaved, and the ratio of their CPU; how each speed lever
// in BENCHMARKS.md was measured.
//
// Each tree's bench worker runs in its own child process and converts the same page in turn (the
// order alternating per page), so the machine's load hits both alike; the figure to read is the
// ratio, not either CPU time. It also counts the pages whose Markdown differs between the two, which
// must be 0 for a lever that claims to change only speed. A tree needs its own node_modules (a
// symlink to this one's will do) and dist/rules artefact (`npm run build`).

import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, loadPages, type AebPage } from './aeb-data.js';
import type { RunReply, RunRequest } from './pipeline-worker.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '1' }, limit: { type: 'string' }, data: { type: 'string' } },
});
const [oldTree, newTree = resolve(import.meta.dirname, '..')] = positionals;
if (oldTree === undefined) {
  process.stderr.write('usage: npx tsx bench/ab.ts OLD_TREE [NEW_TREE] [--rounds N] [--limit N] [--data DIR]\n');
  process.exit(2);
}

function startWorker(tree: string): ChildProcess {
  return fork(resolve(tree, 'bench', 'pipeline-worker.ts'), ['declutter'], {
    execArgv: ['--import', 'tsx/esm'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function convert(child: ChildProcess, page: AebPage): Promise<RunReply> {
  return new Promise((settle, reject) => {
    const onReply = (reply: RunReply): void => {
      child.off('exit', onExit);
      settle(reply);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onReply);
      reject(new Error(`bench worker exited (code ${String(code)}) before replying`));
    };
    child.once('message', onReply);
    child.once('exit', onExit);
    const request: RunRequest = { type: 'run', page };
    child.send(request);
  });
}

const pages = loadPages(values.data ?? DEFAULT_DATA_DIR).slice(0, Number(values.limit ?? Infinity));
const rounds = Number(values.rounds);
const before = startWorker(oldTree);
const after = startWorker(newTree);
try {
  for (const page of pages.slice(0, 3)) {
    await convert(before, page);
    await convert(after, page);
  }
  let beforeMs = 0;
  let afterMs = 0;
  let differing = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [index, page] of pages.entries()) {
      const first = index % 2 === 0 ? before : after;
      const second = first === before ? after : before;
      const firstReply = await convert(first, page);
      const secondReply = await convert(second, page);
      const [old, current] = first === before ? [firstReply, secondReply] : [secondReply, firstReply];
      beforeMs += old.cpuMs;
      afterMs += current.cpuMs;
      if (round === 0 && old.markdown !== current.markdown) differing++;
    }
  }
  const runs = pages.length * rounds;
  process.stdout.write(
    `${pages.length} pages × ${rounds}: old ${(beforeMs / runs).toFixed(1)} CPU ms/page, ` +
      `new ${(afterMs / runs).toFixed(1)}, new/old ${(afterMs / beforeMs).toFixed(3)}; ` +
      `pages whose Markdown differs: ${differing}\n`,
  );
} finally {
  before.kill();
  after.kill();
}
