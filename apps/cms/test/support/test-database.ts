import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'mysql://tracker:tracker@127.0.0.1:3306/test';

/** A fresh, empty MariaDB database `test_<random>` for one suite; drop it when done. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const base = new URL(TEST_DATABASE_URL);
  const admin = await mysql.createConnection({ uri: TEST_DATABASE_URL });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(base.href);
  url.pathname = `/${name}`;
  // The CI server is MariaDB: say so, so TypeORM reads its catalog the MariaDB way.
  const mariadbUrl = url.href.replace(/^mysql:/, 'mariadb:');
  return {
    url: mariadbUrl,
    drop: async () => {
      const conn = await mysql.createConnection({ uri: TEST_DATABASE_URL });
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}
