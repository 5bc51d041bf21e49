import type { OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { KeySchema } from '@tracker/redis';
import { randomToken, sha256Hex } from '../security/secure-tokens.js';
import { SessionStore } from './session-store.js';

/** Sessions in Redis under the key schema's `session` key (SHA-256 of the cookie), expiring with a TTL. */
export class RedisSessionStore extends SessionStore implements OnApplicationShutdown {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Pick<KeySchema, 'session'>,
  ) {
    super();
  }

  private key(sessionId: string): string {
    return this.keys.session(sha256Hex(sessionId));
  }

  async create(userId: number, ttlMs: number): Promise<string> {
    const sessionId = randomToken();
    await this.redis.set(this.key(sessionId), String(userId), 'PX', ttlMs);
    return sessionId;
  }

  async find(sessionId: string): Promise<number | null> {
    const value = await this.redis.get(this.key(sessionId));
    const userId = Number(value);
    return value !== null && Number.isInteger(userId) ? userId : null;
  }

  async destroy(sessionId: string): Promise<void> {
    await this.redis.del(this.key(sessionId));
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
