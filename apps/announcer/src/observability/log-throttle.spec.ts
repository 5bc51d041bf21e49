import { describe, expect, it } from '@jest/globals';
import { LogThrottle } from './log-throttle.js';

describe('LogThrottle', () => {
  it('admits the first of a kind, then one per interval with the count it held back', () => {
    let now = 0;
    const throttle = new LogThrottle(1000, () => now);
    expect(throttle.admit('unavailable')).toBe(0);
    for (let i = 0; i < 5; i++) expect(throttle.admit('unavailable')).toBeUndefined();
    expect(throttle.admit('error')).toBe(0);
    now = 999;
    expect(throttle.admit('unavailable')).toBeUndefined();
    now = 1000;
    expect(throttle.admit('unavailable')).toBe(6);
    now = 5000;
    expect(throttle.admit('unavailable')).toBe(0);
  });
});
