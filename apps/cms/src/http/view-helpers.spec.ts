import { describe, expect, it } from '@jest/globals';
import { formatRatio } from './view-helpers.js';

describe('formatRatio', () => {
  it('shows no ratio while nothing was uploaded or downloaded', () => {
    expect(formatRatio(0, 0)).toBe('—');
  });

  it('shows ∞ only for upload without download', () => {
    expect(formatRatio(1024, 0)).toBe('∞');
  });

  it('divides with two decimals once something was downloaded', () => {
    expect(formatRatio(0, 10)).toBe('0.00');
    expect(formatRatio(15, 10)).toBe('1.50');
  });

  it('shows no ratio for values that are not numbers', () => {
    expect(formatRatio(undefined, 'x')).toBe('—');
  });
});
