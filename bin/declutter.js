#!/usr/bin/env node
// Entry point: hands argv and the process streams to the compiled CLI.
import { loadBundle } from '../dist/bundle/load-bundle.js';

// The build's bundled script starts in about a third of the CPU of the modules it was made from
// (src/bundle/load-bundle.ts); it is skipped when out of date, or with DECLUTTER_NO_BUNDLE=1.
const cli = loadBundle('cli') ?? (await import('../dist/cli/main.js'));

process.exitCode = await cli.runCli(process.argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  watchInterrupt: cli.watchInterrupt,
});
