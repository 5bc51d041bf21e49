import { describe, expect, it } from '@jest/globals';
import { LoadingCache } from './loading-cache.js';

describe('LoadingCache', () => {
  it('answers from memory within the TTL and asks again after it', async () => {
    let now = 0;
    let loads = 0;
    const cache = new LoadingCache<number>(1000, 10, () => now);
    const load = async () => ++loads;
    expect(await cache.get('all', load)).toBe(1);
    now = 999;
    expect(await cache.get('all', load)).toBe(1);
    now = 1000;
    expect(await cache.get('all', load)).toBe(2);
  });

  it('keeps one entry per key and forgets everything on clear', async () => {
    let loads = 0;
    const cache = new LoadingCache<number>(60_000, 10);
    const load = async () => ++loads;
    expect(await cache.get('all', load)).toBe(1);
    expect(await cache.get('category:3', load)).toBe(2);
    cache.clear();
    expect(await cache.get('all', load)).toBe(3);
  });

  it('shares one load between concurrent misses and does not keep a failure', async () => {
    const cache = new LoadingCache<number>(60_000, 10);
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

  it('drops the oldest entry when full', async () => {
    const cache = new LoadingCache<string>(60_000, 2);
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('c', async () => 'c1');
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('c', async () => 'c2')).toBe('c1');
  });

  it('never hands out a load that was in flight when it was cleared', async () => {
    const cache = new LoadingCache<string>(60_000, 10);
    let finish: (value: string) => void = () => undefined;
    const before = cache.get('all', () => new Promise<string>((resolve) => (finish = resolve)));
    cache.clear();
    const after = cache.get('all', async () => 'after the change');
    finish('before the change');
    expect(await before).toBe('before the change');
    expect(await after).toBe('after the change');
  });
});
