// The word-run share the structured-data and microdata fallbacks judge an extraction by.

import { describe, expect, it } from 'vitest';
import { shareOfRunsIn } from '../src/stages/text-runs.js';

const A = 'one two three four five six';
const B = 'seven eight nine ten eleven twelve';
const C = 'thirteen fourteen fifteen sixteen seventeen eighteen';

describe('shareOfRunsIn', () => {
  it('counts runs of six words wherever the other text holds them, in any order', () => {
    expect(shareOfRunsIn(`${A} ${B} ${C}`, `${C} and ${A}`)).toBeCloseTo(2 / 3);
    expect(shareOfRunsIn(`${A} ${B}`, `${B} x ${A}`)).toBe(1);
    expect(shareOfRunsIn(`${A}\n\n  ${B}`, 'nothing here')).toBe(0);
  });

  it('takes several texts each on its own, so no run spans two of them', () => {
    expect(shareOfRunsIn(['a b c d e f g h', 'i j k l m n'], 'a b c d e f|i j k l m n')).toBe(1);
    expect(shareOfRunsIn('a b c', 'x')).toBe(1);
  });

  it('stops once the share asked for is reached, returning at least that', () => {
    const many = Array.from({ length: 10 }, (_, index) => `w${index} a b c d e`).join(' ');
    const share = shareOfRunsIn(many, many, 0.2);
    expect(share).toBeGreaterThanOrEqual(0.2);
    expect(share).toBeLessThan(1);
    expect(shareOfRunsIn(many, 'w3 a b c d e', 0.2)).toBe(0.1);
  });
});
