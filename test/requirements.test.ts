// The "requires data set X / tool Y" helper: on a bare clone a missing one skips with its reason, under CI it fails.

import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, ROOT } from './cli-support.js';
import { isCi, judgeRequirements, requires, sharedData, systemTool } from './support/requirements.js';

// Run by the test below as a vitest run of its own, with ../shared standing in a temporary folder.
if (process.env.DECLUTTER_REQUIREMENTS_PROBE === '1') {
  describe('probe', () => {
    requires(sharedData('datasets/probe-set', { file: 'truth.json' })).it('reads the probe data set', () => {
      expect(true).toBe(true);
    });
    requires(sharedData('datasets/probe-set')).describe('a suite over the probe data set', () => {
      it('runs', () => expect(true).toBe(true));
    });
  });
} else {
  describe('judgeRequirements', () => {
    const present = { what: 'a', missing: undefined };
    const absent = { what: '../shared/datasets/x', missing: '../shared/datasets/x is not beside this work tree' };

    it('runs when everything is there, CI or not', () => {
      expect(judgeRequirements([present], {})).toEqual({ run: true });
      expect(judgeRequirements([present], { CI: 'true' })).toEqual({ run: true });
      expect(judgeRequirements([], { CI: 'true' })).toEqual({ run: true });
    });

    it('skips with the reason on a bare clone, and fails with it under CI', () => {
      expect(judgeRequirements([present, absent], {})).toEqual({
        run: false,
        skip: true,
        reason: '../shared/datasets/x is not beside this work tree; CI=true runs this',
      });
      expect(judgeRequirements([absent], { CI: 'true' })).toMatchObject({ run: false, skip: false });
      expect(judgeRequirements([absent], { CI: '1' })).toMatchObject({ skip: false });
      expect(judgeRequirements([absent], { CI: 'false' })).toMatchObject({ skip: true });
    });

    it('reads CI the way CI services set it', () => {
      expect([isCi({}), isCi({ CI: '' }), isCi({ CI: '0' }), isCi({ CI: 'false' })]).toEqual([
        false,
        false,
        false,
        false,
      ]);
      expect([isCi({ CI: 'true' }), isCi({ CI: '1' }), isCi({ CI: 'TRUE' })]).toEqual([true, true, true]);
    });
  });

  describe('systemTool', () => {
    it('finds a tool that answers and names the Debian package of one that is missing', () => {
      expect(systemTool(process.execPath, { debian: 'nodejs' }).missing).toBeUndefined();
      const missing = systemTool('declutter-no-such-tool', { debian: 'no-such-package' });
      expect(missing.missing).toBe(
        'declutter-no-such-tool is not installed (`declutter-no-such-tool`, Debian package "no-such-package")',
      );
    });
  });

  describe('a test run without ../shared', () => {
    const runProbe = (sharedDir: string, env: Record<string, string>) => {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, DECLUTTER_REQUIREMENTS_PROBE: '1' };
      delete childEnv.CI;
      const result = spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/requirements.test.ts'],
        { cwd: ROOT, env: { ...childEnv, DECLUTTER_SHARED_DIR: sharedDir, NO_COLOR: '1', ...env }, encoding: 'utf-8' },
      );
      return { code: result.status, output: `${result.stdout}${result.stderr}` };
    };

    it('skips with one line saying why, passes, and fails under CI=true', async () => {
      const bare = await makeTempDir('declutter-no-shared-');
      const skipped = runProbe(bare, {});
      expect(skipped.code, skipped.output).toBe(0);
      expect(skipped.output).toContain('Skipped, and why:');
      expect(skipped.output).toContain(
        'test/requirements.test.ts: ../shared/datasets/probe-set is not beside this work tree; CI=true runs this (2 tests)',
      );

      const ci = runProbe(bare, { CI: 'true' });
      expect(ci.code, ci.output).toBe(1);
      expect(ci.output).toContain('../shared/datasets/probe-set is not beside this work tree: CI=true needs it');
    });

    it('runs the tests when the data is there, and names a half-copied data set', async () => {
      const shared = await makeTempDir('declutter-shared-');
      await mkdir(join(shared, 'datasets', 'probe-set'), { recursive: true });
      const half = runProbe(shared, {});
      expect(half.code, half.output).toBe(0);
      expect(half.output).toContain('../shared/datasets/probe-set has no truth.json; CI=true runs this');

      await writeFile(join(shared, 'datasets', 'probe-set', 'truth.json'), '{}');
      const full = runProbe(shared, { CI: 'true' });
      expect(full.code, full.output).toBe(0);
      expect(full.output).not.toContain('Skipped');
      expect(full.output).toMatch(/Tests\s+2 passed/);
    });
  });
}
