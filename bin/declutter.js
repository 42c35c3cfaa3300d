#!/usr/bin/env node
// Entry point: hands argv and the process streams to the compiled CLI.
import { runCli, watchInterrupt } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  watchInterrupt,
});
