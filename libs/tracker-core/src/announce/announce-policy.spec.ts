import { describe, it, expect } from '@jest/globals';
import {
  DEFAULT_ANNOUNCE_POLICY,
  announceIntervals,
  peerTtlSeconds,
  resolveNumWant,
  validateAnnouncePolicy,
} from './announce-policy.js';
import { isPlainAnnounce, parseAnnounceEvent } from './announce-event.js';

const policy = {
  ...DEFAULT_ANNOUNCE_POLICY,
  intervalSeconds: 1800,
  intervalJitterSeconds: 120,
  minIntervalSeconds: 300,
};

describe('resolveNumWant', () => {
  const limits = { defaultNumWant: 50, maxNumWant: 200 };

  it('uses the default when the client sends none', () => {
    expect(resolveNumWant(undefined, 'started', limits)).toBe(50);
  });

  it('caps what the client asks and keeps smaller requests', () => {
    expect(resolveNumWant(1000, 'none', limits)).toBe(200);
    expect(resolveNumWant(7, 'none', limits)).toBe(7);
  });

  it('gives a stopping peer none', () => {
    expect(resolveNumWant(80, 'stopped', limits)).toBe(0);
  });
});

describe('announceIntervals', () => {
  it('spreads the interval over base ± jitter, both ends included', () => {
    expect(announceIntervals(policy, () => 0)).toEqual({ interval: 1680, minInterval: 300 });
    expect(announceIntervals(policy, () => 0.5)).toEqual({ interval: 1800, minInterval: 300 });
    expect(announceIntervals(policy, () => 0.9999999)).toEqual({ interval: 1920, minInterval: 300 });
  });

  it('never hands out an interval below the minimum interval', () => {
    const tight = { ...policy, intervalSeconds: 300, intervalJitterSeconds: 100, minIntervalSeconds: 250 };
    expect(announceIntervals(tight, () => 0).interval).toBe(250);
  });
});

describe('peerTtlSeconds', () => {
  it('outlasts the longest interval handed out, with grace', () => {
    expect(peerTtlSeconds(policy)).toBe(1920 + 960);
    expect(
      peerTtlSeconds({ ...policy, intervalSeconds: 60, intervalJitterSeconds: 0, minIntervalSeconds: 0 }),
    ).toBe(120);
  });
});

describe('validateAnnouncePolicy', () => {
  it('accepts the defaults', () => {
    expect(validateAnnouncePolicy(DEFAULT_ANNOUNCE_POLICY)).toBe(DEFAULT_ANNOUNCE_POLICY);
  });

  it.each([
    [{ intervalSeconds: 0 }, 'intervalSeconds must be a positive integer'],
    [{ maxNumWant: 1.5 }, 'maxNumWant must be a positive integer'],
    [{ minIntervalSeconds: -1 }, 'minIntervalSeconds must be a non-negative integer'],
    [
      { intervalJitterSeconds: 1700 },
      'intervalSeconds - intervalJitterSeconds must be >= minIntervalSeconds',
    ],
    [{ defaultNumWant: 500 }, 'defaultNumWant must be <= maxNumWant'],
  ])('names the bad field in %j', (change, message) => {
    expect(() => validateAnnouncePolicy({ ...DEFAULT_ANNOUNCE_POLICY, ...change })).toThrow(message);
  });
});

describe('events', () => {
  it('maps the query values and refuses unknown ones', () => {
    expect(['', 'started', 'completed', 'stopped', 'paused'].map(parseAnnounceEvent)).toEqual([
      'none',
      'started',
      'completed',
      'stopped',
      'paused',
    ]);
    expect(parseAnnounceEvent('Started')).toBeUndefined();
  });

  it('treats only the eventless announce as plain', () => {
    expect(isPlainAnnounce('none')).toBe(true);
    expect(isPlainAnnounce('paused')).toBe(false);
  });
});
