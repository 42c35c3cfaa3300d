// The process streams the CLI talks to, passed in so tests can drive the CLI without a process.

export interface CliStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  /** Starts listening for Ctrl-C and returns a signal that aborts on it; batch and stream modes call it. */
  watchInterrupt?: () => AbortSignal;
  cwd?: string;
}
