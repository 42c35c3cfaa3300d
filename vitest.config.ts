// Test runner settings: node environment, fixed property-test seed via env, generous timeouts for CLI spawns.
// The second reporter lists why tests were skipped (a bare clone has no ../shared; see test/support/requirements.ts).
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file per core. vitest's default is one fewer than the cores (a single worker on CI's two), which left
    // a core idle while the many tests that wait on child processes (CLI runs, the Dask cluster, crash tests) waited.
    maxWorkers: availableParallelism(),
    reporters: ['default', './test/support/skip-reasons-reporter.ts'],
  },
});
