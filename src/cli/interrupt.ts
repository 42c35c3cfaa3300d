// Ctrl-C for long runs: the first SIGINT asks the run to stop cleanly, a second one exits at once.

import { EXIT_INTERRUPTED } from './errors-to-exit.js';

export function watchInterrupt(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(EXIT_INTERRUPTED));
  });
  return controller.signal;
}
