import { describe, expect, it } from '@jest/globals';
import { formatDuration } from './release-snatches.service.js';

describe('formatDuration (snatch list seeding time)', () => {
  it.each([
    [0, '0m'],
    [59, '0m'],
    [61, '1m'],
    [3600 + 5 * 60, '1h 5m'],
    [3 * 86_400 + 4 * 3600 + 59, '3d 4h'],
    [-5, '0m'],
    [Number.NaN, '0m'],
  ])('%s s reads %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});
