import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Category } from '../../../src/categories/category.entity.js';
import { buildDataSourceOptions } from '../../../src/database/data-source-options.js';
import { entities } from '../../../src/entities.js';
import { installSqliteRegistryTriggers } from '../../../src/registry/sqlite-registry-triggers.js';
import { Release } from '../../../src/releases/release.entity.js';
import { Torrent } from '../../../src/torrents/torrent.entity.js';
import { User } from '../../../src/users/user.entity.js';
import { createTestDatabase } from '../../support/test-database.js';

export type BridgeDialect = 'mariadb' | 'sqlite';

export interface BridgeDatabase {
  readonly dataSource: DataSource;
  /** The MariaDB URL of this suite's database (undefined on SQLite). */
  readonly url: string | undefined;
  close(): Promise<void>;
}

/** A fresh migrated MariaDB database of its own, or an in-memory SQLite with the triggers. */
export async function openBridgeDatabase(dialect: BridgeDialect): Promise<BridgeDatabase> {
  const db = dialect === 'mariadb' ? await createTestDatabase() : undefined;
  const dataSource = new DataSource(
    buildDataSourceOptions({ databaseUrl: db?.url, sqlitePath: ':memory:' }, entities),
  );
  try {
    await dataSource.initialize();
    await installSqliteRegistryTriggers(dataSource);
  } catch (err) {
    await db?.drop();
    throw err;
  }
  return {
    dataSource,
    url: db?.url,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db?.drop();
    },
  };
}

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export async function newUser(ds: DataSource, fields: Partial<User> = {}): Promise<User> {
  const name = `u${hex(5)}`;
  return ds.getRepository(User).save(
    ds.getRepository(User).create({
      username: name,
      email: `${name}@example.test`,
      passwordHash: 'x',
      role: 'user',
      disabled: false,
      canLeech: true,
      passkey: hex(16),
      rssKey: hex(16),
      uploaded: 0,
      downloaded: 0,
      ...fields,
    }),
  );
}

export interface TorrentFixture {
  release: Release;
  torrent: Torrent;
}

/** A release with its torrent, published unless told otherwise; `hybrid` adds a v2 hash. */
export async function newTorrent(
  ds: DataSource,
  options: { published?: boolean; freeleech?: boolean; hybrid?: boolean } = {},
): Promise<TorrentFixture> {
  const category = await ds.getRepository(Category).save({ name: `c${hex(4)}`, slug: `c${hex(4)}` });
  const release = await ds.getRepository(Release).save(
    ds.getRepository(Release).create({
      title: 'Fixture',
      description: 'fixture',
      categoryId: category.id,
      status: options.published === false ? 'draft' : 'published',
      freeleech: options.freeleech ?? false,
      authorId: 1,
    }),
  );
  const torrent = await ds.getRepository(Torrent).save(
    ds.getRepository(Torrent).create({
      releaseId: release.id,
      infoHash: hex(20),
      infoHashV2: options.hybrid ? hex(32) : null,
      name: 'fixture',
      size: 1,
      pieceLength: 16384,
      fileCount: 1,
      files: [{ path: 'a', length: 1 }],
      canonical: Buffer.from('d4:infoe'),
      seeders: 0,
      leechers: 0,
      completed: 0,
    }),
  );
  return { release, torrent };
}
