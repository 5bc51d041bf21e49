import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LOGIN_LIMITS, LoginLimiter, loginSubjects, type LoginLimits } from '@tracker/core';
import type { KeySchema } from '../key-schema.js';

/**
 * Failed-login counters in Redis (key schema `loginFailures`, KEY-SCHEMA.md), shared by every
 * CMS process. Subjects are hashed: account names are user input. The limiter owns its
 * connection: `close()` ends it.
 */
export class RedisLoginLimiter extends LoginLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Pick<KeySchema, 'loginFailures'>,
    private readonly limits: LoginLimits = LOGIN_LIMITS,
  ) {
    super();
  }

  private key(subject: string): string {
    return this.keys.loginFailures(createHash('sha256').update(subject).digest('hex'));
  }

  async isBlocked(ip: string, username: string): Promise<boolean> {
    const subjects = loginSubjects(ip, username);
    const [perIp, perAccount] = await this.redis.mget(this.key(subjects.ip), this.key(subjects.account));
    return Number(perIp ?? 0) >= this.limits.perIp || Number(perAccount ?? 0) >= this.limits.perAccount;
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    const subjects = loginSubjects(ip, username);
    const [ipKey, accountKey] = [this.key(subjects.ip), this.key(subjects.account)];
    // NX: the window starts at the first failure and later ones do not extend it.
    const replies = await this.redis
      .multi()
      .incr(ipKey)
      .pexpire(ipKey, this.limits.windowMs, 'NX')
      .incr(accountKey)
      .pexpire(accountKey, this.limits.windowMs, 'NX')
      .exec();
    const failed = replies?.find(([err]) => err !== null)?.[0];
    if (replies === null || failed) throw failed ?? new Error('login failure count was not recorded');
  }

  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.key(loginSubjects('', username).account));
  }

  override async close(): Promise<void> {
    this.redis.disconnect();
  }
}
