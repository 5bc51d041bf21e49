import { describe, expect, it } from '@jest/globals';
import { compareStreamIds, parseStreamId, replyRecord } from './stream-id.js';

describe('stream ids', () => {
  it('compare numerically, not as text', () => {
    expect(compareStreamIds('999-0', '1000-0')).toBeLessThan(0);
    expect(compareStreamIds('5-10', '5-9')).toBeGreaterThan(0);
    expect(compareStreamIds('5-1', '5-1')).toBe(0);
  });

  it('refuse anything that is not <ms>-<seq>', () => {
    expect(parseStreamId('12')).toBeNull();
    expect(() => compareStreamIds('1-0', '+')).toThrow('not a stream id: +');
  });

  it('read a map reply in its RESP2 and RESP3 shapes alike', () => {
    expect(replyRecord(['name', 'cms', 'pending', 2])).toEqual({ name: 'cms', pending: 2 });
    expect(replyRecord(new Map([['name', 'cms']]))).toEqual({ name: 'cms' });
    expect(replyRecord({ name: 'cms' })).toEqual({ name: 'cms' });
  });
});
