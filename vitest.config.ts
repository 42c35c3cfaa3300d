// Test runner settings: node environment, fixed property-test seed via env, generous timeouts for CLI spawns.
// The second reporter lists why tests were skipped (a bare clone has no ../shared; see test/support/requirements.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/skip-reasons-reporter.ts'],
  },
});
