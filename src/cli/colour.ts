// Colour for stderr messages: only on a TTY, never with NO_COLOR or --no-color, forced by FORCE_COLOR.

import { Chalk, supportsColorStderr, type ChalkInstance } from 'chalk';
import type { CliStreams } from './streams.js';

export function createStderrColour(streams: CliStreams, options: { color: boolean }): ChalkInstance {
  const { env } = streams;
  // chalk reads FORCE_COLOR itself but not NO_COLOR, so that check is ours.
  if (!options.color || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return new Chalk({ level: 0 });
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') {
    return new Chalk({ level: supportsColorStderr ? supportsColorStderr.level : 1 });
  }
  if (!streams.stderr.isTTY) return new Chalk({ level: 0 });
  return new Chalk({ level: supportsColorStderr ? supportsColorStderr.level : 0 });
}
