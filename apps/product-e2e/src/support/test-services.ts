import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'mysql://tracker:tracker@127.0.0.1:3306/test';
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * A fresh MariaDB database and a random Redis key prefix for one test run, created here and
 * removed by `drop()`. Unreachable services make `create()` throw: CI must fail, not skip.
 */
export class TestServices {
  private constructor(
    readonly databaseName: string,
    /** DATABASE_URL for the site: the test server, this run's database. */
    readonly databaseUrl: string,
    readonly redisUrl: string,
    /** REDIS_PREFIX for both apps (no trailing colon, as the key schema wants). */
    readonly redisPrefix: string,
  ) {}

  static async create(label: string): Promise<TestServices> {
    const suffix = randomBytes(4).toString('hex');
    const name = `test_e2e_${label}_${suffix}`;
    const url = new URL(DATABASE_URL);
    await withServer(async (db) => db.query(`CREATE DATABASE \`${name}\``));
    url.pathname = `/${name}`;
    const services = new TestServices(name, url.toString(), REDIS_URL, `test:e2e-${label}-${suffix}`);
    const redis = services.redis();
    try {
      await redis.ping();
    } finally {
      redis.disconnect();
    }
    return services;
  }

  /** A Redis client on the test server (the caller disconnects it). */
  redis(): Redis {
    return new Redis(this.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
  }

  /** Drops the database and deletes every key under the prefix (the apps' and the sessions'). */
  async drop(): Promise<void> {
    await withServer(async (db) => db.query(`DROP DATABASE IF EXISTS \`${this.databaseName}\``));
    const redis = this.redis();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}

async function withServer(work: (db: mysql.Connection) => Promise<unknown>): Promise<void> {
  const url = new URL(DATABASE_URL);
  const db = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    await work(db);
  } finally {
    await db.end();
  }
}
