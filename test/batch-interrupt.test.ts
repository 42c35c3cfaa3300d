// Ctrl-C during a batch: in-flight writes finish or roll back, the summary is printed, exit 130.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { articlePage, assertBuilt, BIN, makeTempDir } from './cli-support.js';

beforeAll(() => assertBuilt());

it('stops on SIGINT with a summary, exit 130, no temp files, and only complete, recorded outputs', async () => {
  const root = await makeTempDir();
  await mkdir(join(root, 'in'));
  for (let n = 0; n < 40; n += 1) {
    await writeFile(join(root, 'in', `page-${String(n).padStart(2, '0')}.html`), articlePage(`Page ${n}`));
  }
  const child = spawn(process.execPath, [BIN, 'in', '-o', 'out', '-v', '--jobs', '1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let signalled = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Interrupt as soon as the first page is written: the rest are in flight or not started.
    if (!signalled && /^ok /m.test(stderr)) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(signalled).toBe(true);
  expect(code).toBe(130);
  expect(stderr).toMatch(/declutter: \d+ converted, 0 failed, \d+ not started \(interrupted\)/);

  const files = await readdir(join(root, 'out'));
  expect(files.filter((name) => name.includes('declutter-tmp'))).toEqual([]);
  const outputs = files.filter((name) => name.endsWith('.md'));
  expect(outputs.length).toBeGreaterThan(0);
  expect(outputs.length).toBeLessThan(40);
  const manifest = JSON.parse(await readFile(join(root, 'out', '.declutter-manifest.json'), 'utf-8')) as {
    files: Record<string, { sha256: string }>;
  };
  expect(Object.keys(manifest.files).sort()).toEqual(outputs.sort());
  for (const name of outputs) {
    const bytes = await readFile(join(root, 'out', name));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.files[name]?.sha256);
  }
});
