import { describe, expect, it } from '@jest/globals';
import { ReleaseCountCache } from './release-count-cache.js';

describe('ReleaseCountCache', () => {
  it('answers from memory within the TTL and asks again after it', async () => {
    let now = 0;
    let loads = 0;
    const cache = new ReleaseCountCache(1000, () => now);
    const load = async () => ++loads;
    expect(await cache.get('all', load)).toBe(1);
    now = 999;
    expect(await cache.get('all', load)).toBe(1);
    now = 1000;
    expect(await cache.get('all', load)).toBe(2);
  });

  it('keeps one entry per key and forgets everything on clear', async () => {
    let loads = 0;
    const cache = new ReleaseCountCache(60_000);
    const load = async () => ++loads;
    expect(await cache.get('all', load)).toBe(1);
    expect(await cache.get('category:3', load)).toBe(2);
    cache.clear();
    expect(await cache.get('all', load)).toBe(3);
  });

  it('shares one query between concurrent misses and does not keep a failure', async () => {
    const cache = new ReleaseCountCache(60_000);
    let loads = 0;
    const failing = () => {
      loads++;
      return Promise.reject(new Error('database away'));
    };
    const both = [cache.get('all', failing), cache.get('all', failing)];
    await expect(Promise.all(both)).rejects.toThrow('database away');
    expect(loads).toBe(1);
    expect(await cache.get('all', async () => 42)).toBe(42);
  });
});
