// Answers, for the test command, whether the test Redis and MariaDB are usable as the tests
// will use them (TEST_REDIS_URL, TEST_DATABASE_URL). Prints one line per problem on stderr and
// exits 1, or exits 0 silently. `--quiet` prints nothing (used to decide whether to set up).
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mysql://tracker:tracker@127.0.0.1:3306/test';
const quiet = process.argv.includes('--quiet');

async function redisProblem() {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    return `Redis does not answer at ${REDIS_URL} (${err.code ?? err.message})`;
  } finally {
    redis.disconnect();
  }
}

async function databaseProblem() {
  let conn;
  try {
    conn = await mysql.createConnection({ uri: DATABASE_URL, connectTimeout: 2000 });
    // The suites create and drop their own test_<random> databases.
    const name = `test_check_${process.pid}`;
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
    await conn.query(`DROP DATABASE \`${name}\``);
    return null;
  } catch (err) {
    const where = new URL(DATABASE_URL);
    return `MariaDB at ${where.host} refuses user '${decodeURIComponent(where.username)}' or its test_* grants (${err.code ?? err.message})`;
  } finally {
    await conn?.end().catch(() => {});
  }
}

const problems = (await Promise.all([redisProblem(), databaseProblem()])).filter((p) => p !== null);
if (!quiet) for (const p of problems) console.error(p);
process.exit(problems.length === 0 ? 0 : 1);
