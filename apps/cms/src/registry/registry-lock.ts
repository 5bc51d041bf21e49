import type { DataSource } from 'typeorm';

/**
 * Runs `task` while holding a MySQL named lock (GET_LOCK, per database), or returns `busy`
 * at once when another site process holds it. Two processes draining the outbox at once could
 * otherwise interleave "read state, write registry" and leave an older state last. SQLite is
 * embedded, hence one process: no lock needed there.
 */
export async function withRegistryLock<T>(
  dataSource: DataSource,
  busy: T,
  task: () => Promise<T>,
): Promise<T> {
  if (dataSource.options.type === 'better-sqlite3') return task();
  const runner = dataSource.createQueryRunner();
  try {
    const [row] = (await runner.query(
      "SELECT GET_LOCK(CONCAT('registry:', DATABASE()), 0) AS got",
    )) as Array<{
      got: unknown;
    }>;
    if (Number(row?.got) !== 1) return busy;
    try {
      return await task();
    } finally {
      await runner.query("SELECT RELEASE_LOCK(CONCAT('registry:', DATABASE()))");
    }
  } finally {
    await runner.release();
  }
}
