import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createKeySchema, deleteKeysByPrefix } from '@tracker/redis';
import { type LoginLimiter, type LoginLimits, MemoryLoginLimiter } from '../../src/auth/login-limiter.js';
import { RedisLoginLimiter } from '../../src/auth/redis-login-limiter.js';

// One contract for both limiters: memory (one process) and Redis (shared by every process).
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const limits: LoginLimits = { perAccount: 3, perIp: 5, windowMs: 400 };
const prefix = `test:${randomBytes(6).toString('hex')}`;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
});

afterAll(async () => {
  await deleteKeysByPrefix(redis, prefix);
  redis.disconnect();
});

const limiters: [string, () => LoginLimiter][] = [
  ['MemoryLoginLimiter', () => new MemoryLoginLimiter(limits)],
  ['RedisLoginLimiter', () => new RedisLoginLimiter(redis, createKeySchema(prefix), limits)],
];

describe.each(limiters)('%s', (_name, make) => {
  // Fresh names per test: the Redis counters outlive a limiter object.
  const name = () => `user-${randomBytes(4).toString('hex')}`;
  const ip = () => `10.${randomBytes(3).join('.')}`;

  it('blocks an account name after the per-account limit, from any IP, whatever its case', async () => {
    const limiter = make();
    const alice = name();
    for (let i = 0; i < limits.perAccount; i += 1) await limiter.recordFailure(ip(), alice.toUpperCase());
    expect(await limiter.isBlocked(ip(), alice)).toBe(true);
    expect(await limiter.isBlocked(ip(), name())).toBe(false);
  });

  it('blocks an IP after the per-IP limit, whatever names it tries', async () => {
    const limiter = make();
    const from = ip();
    for (let i = 0; i < limits.perIp; i += 1) await limiter.recordFailure(from, name());
    expect(await limiter.isBlocked(from, name())).toBe(true);
    expect(await limiter.isBlocked(ip(), name())).toBe(false);
  });

  it('does not block below the limits', async () => {
    const limiter = make();
    const [from, bob] = [ip(), name()];
    for (let i = 0; i < limits.perAccount - 1; i += 1) await limiter.recordFailure(from, bob);
    expect(await limiter.isBlocked(from, bob)).toBe(false);
  });

  it('clears the account, not the IP, on a success', async () => {
    const limiter = make();
    const [from, carol] = [ip(), name()];
    for (let i = 0; i < limits.perAccount - 1; i += 1) await limiter.recordFailure(from, carol);
    await limiter.recordSuccess(carol);
    for (let i = 0; i < limits.perAccount - 1; i += 1) await limiter.recordFailure(from, carol);
    expect(await limiter.isBlocked(ip(), carol)).toBe(false);
    // The IP kept its 2 × (perAccount - 1) = 4 failures: one more reaches perIp.
    await limiter.recordFailure(from, name());
    expect(await limiter.isBlocked(from, name())).toBe(true);
  });

  it('forgets failures when the window that started at the first one ends', async () => {
    const limiter = make();
    const dave = name();
    await limiter.recordFailure(ip(), dave);
    await new Promise((r) => setTimeout(r, limits.windowMs / 2));
    for (let i = 1; i < limits.perAccount; i += 1) await limiter.recordFailure(ip(), dave);
    expect(await limiter.isBlocked(ip(), dave)).toBe(true);
    // Later failures did not extend the window: it ends windowMs after the first.
    await new Promise((r) => setTimeout(r, limits.windowMs / 2 + 100));
    expect(await limiter.isBlocked(ip(), dave)).toBe(false);
  });
});

describe('RedisLoginLimiter across processes', () => {
  it('counts the failures seen by two CMS processes against one budget', async () => {
    const keys = createKeySchema(prefix);
    const [first, second] = [
      new RedisLoginLimiter(redis, keys, limits),
      new RedisLoginLimiter(redis, keys, limits),
    ];
    const erin = `erin-${randomBytes(4).toString('hex')}`;
    await first.recordFailure('10.1.1.1', erin);
    await second.recordFailure('10.1.1.2', erin);
    await first.recordFailure('10.1.1.3', erin);
    expect(await second.isBlocked('10.1.1.4', erin)).toBe(true);
  });
});
