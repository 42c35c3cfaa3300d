// Single-page mode's --timeout: synchronous work on the main thread is really stopped at the deadline.

import { describe, expect, it } from 'vitest';
import { runWithTimeout } from '../src/cli/run-with-timeout.js';
import { DeclutterError, NoArticleError } from '../src/errors.js';

describe('runWithTimeout', () => {
  it('returns what the work returns, and lets its errors through unchanged', () => {
    expect(runWithTimeout(() => ({ answer: 42 }), 1000)).toEqual({ answer: 42 });
    const failure = new NoArticleError();
    expect(() =>
      runWithTimeout(() => {
        throw failure;
      }, 1000),
    ).toThrow(failure);
  });

  it('stops work that never yields (a busy loop, a catastrophic regular expression) with a timeout error', () => {
    const started = Date.now();
    let caught: unknown;
    try {
      runWithTimeout(() => {
        for (;;) {
          // spins until V8 terminates it
        }
      }, 200);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DeclutterError);
    expect(caught).toMatchObject({ code: 'timeout', message: 'timed out after 0.2 s (--timeout)' });
    expect(() => runWithTimeout(() => /^(a+)+$/.test(`${'a'.repeat(40)}!`), 200)).toThrow(/timed out after 0\.2 s/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The thread is usable afterwards.
    expect(runWithTimeout(() => 'still here', 1000)).toBe('still here');
  });

  it('takes fractional and very long timeouts (the watchdog wants whole milliseconds in a uint32)', () => {
    // 0.3 ms becomes 1 ms: the work may finish or time out, but the timeout is not refused.
    try {
      expect(runWithTimeout(() => 1, 0.3)).toBe(1);
    } catch (error) {
      expect(error).toMatchObject({ code: 'timeout' });
    }
    expect(runWithTimeout(() => 2, 1e12)).toBe(2);
  });
});
