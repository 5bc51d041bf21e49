import type { DataSource } from 'typeorm';

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | null;

export type SqlDialect = 'mysql' | 'sqlite';

/**
 * Hand-written, read-only SQL for the hot pages, with every value bound to a `?` placeholder
 * (never spliced into the text). Rows come back as the driver gives them: map them with the
 * small functions of sql-values.ts, because MySQL and SQLite disagree on dates, BIGINTs and
 * booleans. TypeORM's query building and entity hydration cost more CPU than the queries
 * themselves on a list page (docs/adr/0009-site-read-path.md); writes stay on TypeORM.
 */
export abstract class SqlReader {
  abstract readonly dialect: SqlDialect;
  abstract rows<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
}

/** mysql2's pool, as much of it as we call (TypeORM's MysqlDriver keeps one). */
interface Mysql2Pool {
  execute(
    sql: string,
    params: readonly SqlValue[],
    callback: (err: Error | null, rows: unknown) => void,
  ): void;
}

/**
 * MySQL/MariaDB: prepared statements on TypeORM's own mysql2 pool (`execute`: each connection
 * prepares a statement once and then only sends its parameters).
 */
class MysqlSqlReader extends SqlReader {
  readonly dialect = 'mysql';

  constructor(private readonly pool: Mysql2Pool) {
    super();
  }

  rows<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    // mysql2 sends a JS number as a DOUBLE, which MySQL 8.0.22+ refuses for LIMIT/OFFSET
    // ("Incorrect arguments to mysqld_stmt_execute"); as a string it is accepted everywhere.
    const bound = params.map((value) => (typeof value === 'number' ? String(value) : value));
    return new Promise((resolve, reject) => {
      this.pool.execute(sql, bound, (err, rows) => (err ? reject(err) : resolve(rows as T[])));
    });
  }
}

/** SQLite (the embedded default): TypeORM's query runner, which caches prepared statements. */
class SqliteSqlReader extends SqlReader {
  readonly dialect = 'sqlite';

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async rows<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    return (await this.dataSource.query(sql, [...params])) as T[];
  }
}

/** The reader for an initialized data source. */
export function sqlReaderFor(dataSource: DataSource): SqlReader {
  const type = dataSource.options.type;
  if (type === 'mysql' || type === 'mariadb') {
    const pool = (dataSource.driver as unknown as { pool?: Mysql2Pool }).pool;
    if (!pool)
      throw new Error('SqlReader: the MySQL driver has no connection pool (replication is not supported)');
    return new MysqlSqlReader(pool);
  }
  if (type === 'better-sqlite3') return new SqliteSqlReader(dataSource);
  throw new Error(`SqlReader: unsupported database type ${type}`);
}
