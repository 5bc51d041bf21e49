import { describe, expect, it } from '@jest/globals';
import { jsonFromBytes, toBoolean, toDate, toNumber, toStringOrNull } from './sql-values.js';

describe('raw column values', () => {
  it('reads SQLite datetime text as UTC and passes mysql2 Dates through', () => {
    expect(toDate('2026-01-02 03:04:05.678')?.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(toDate('2026-01-02 03:04')?.toISOString()).toBe('2026-01-02T03:04:00.000Z');
    const date = new Date(Date.UTC(2026, 0, 2));
    expect(toDate(date)).toBe(date);
    expect(toDate(null)).toBeNull();
    expect(toDate('not a date')).toBeNull();
  });

  it('turns BIGINT strings and counts into numbers', () => {
    expect(toNumber('5368709120')).toBe(5_368_709_120);
    expect(toNumber(7)).toBe(7);
    expect(toNumber(null)).toBe(0);
    expect(toNumber('x')).toBe(0);
  });

  it('reads 0/1 booleans and nullable text', () => {
    expect([toBoolean(1), toBoolean(0), toBoolean('1'), toBoolean(null)]).toEqual([true, false, true, false]);
    expect([toStringOrNull(null), toStringOrNull('image/png')]).toEqual([null, 'image/png']);
  });

  it('parses a JSON blob, or gives the fallback for NULL', () => {
    const files = [{ path: 'a.iso', length: 3 }];
    expect(jsonFromBytes(Buffer.from(JSON.stringify(files)), [])).toEqual(files);
    expect(jsonFromBytes(null, [])).toEqual([]);
  });
});
