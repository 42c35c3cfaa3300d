// The progress line: what it shows, and that it stays off when not asked for.

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, formatProgress } from '../src/batch/progress.js';

const plain = { failed: (text: string) => text, dim: (text: string) => text };

describe('progress', () => {
  it('shows done/total, pages/s, ETA and failures', () => {
    const line = formatProgress({ done: 50, failed: 2, skipped: 0, total: 200 }, 10, plain);
    expect(line).toBe('[#####---------------] 50/200  5.0 pages/s  ETA 30s  2 failed');
  });

  it('formats durations for people', () => {
    expect(formatDuration(42.4)).toBe('42s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(7260)).toBe('2h01m');
    expect(formatDuration(Infinity)).toBe('?');
  });

  it('redraws in place, throttled, and clears the line at the end', () => {
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    let now = 0;
    const progress = createProgress({ stream, enabled: true, now: () => now, interval: 100 });
    progress.update({ done: 1, failed: 0, skipped: 0, total: 10 });
    now = 50;
    progress.update({ done: 2, failed: 0, skipped: 0, total: 10 });
    now = 200;
    progress.update({ done: 3, failed: 0, skipped: 0, total: 10 });
    progress.finish();
    const draws = written.split('\r\u001b[K').filter((part) => part !== '');
    expect(draws.map((draw) => draw.split('  ')[0])).toEqual([
      '[##------------------] 1/10',
      '[######--------------] 3/10',
    ]);
    expect(written.endsWith('\r\u001b[K')).toBe(true);
  });

  it('writes nothing when disabled (stderr not a TTY, --quiet)', () => {
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const progress = createProgress({ stream, enabled: false });
    progress.update({ done: 1, failed: 0, skipped: 0, total: 1 });
    progress.finish();
    expect(written).toBe('');
  });
});
