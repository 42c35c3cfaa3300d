// A vitest reporter that lists why tests were skipped, one line per file and reason, after the run
// (vitest's default reporter counts skipped tests but does not say why).

import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { relative } from 'node:path';

export default class SkipReasonsReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: readonly TestModule[]): void {
    const lines = new Map<string, number>();
    for (const testModule of testModules) {
      const file = relative(this.vitest?.config.root ?? process.cwd(), testModule.moduleId);
      for (const test of testModule.children.allTests('skipped')) {
        const result = test.result();
        const note = result.state === 'skipped' ? result.note : undefined;
        if (note === undefined || note === '') continue;
        const line = `${file}: ${note}`;
        lines.set(line, (lines.get(line) ?? 0) + 1);
      }
    }
    if (lines.size === 0) return;
    const log = (text: string): void => (this.vitest ? this.vitest.logger.log(text) : console.log(text));
    log('');
    log(' Skipped, and why:');
    for (const [line, count] of [...lines].sort(([a], [b]) => a.localeCompare(b))) {
      log(`   ${line}${count > 1 ? ` (${count} tests)` : ''}`);
    }
  }
}
