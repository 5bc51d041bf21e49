import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browse sorted by seeders, leechers, size or snatches reads a page's release ids from
 * `torrent` in index order: each sort index gains releaseId, the tie-break, so no row is read
 * and nothing is sorted (the single-column indexes left MariaDB a 100,000-row temporary table).
 * infoHashV2 gets the index the registry's lookup of hybrids by v2 hash needs.
 * One ALTER: InnoDB builds the indexes in place, without copying the table.
 */
export class BrowseIndexes1795735300000 implements MigrationInterface {
  name = 'BrowseIndexes1795735300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `torrent` ' +
        'DROP INDEX `idx_torrent_size`, DROP INDEX `idx_torrent_seeders`, ' +
        'DROP INDEX `idx_torrent_leechers`, DROP INDEX `idx_torrent_completed`, ' +
        'ADD INDEX `idx_torrent_size_release` (`size`, `releaseId`), ' +
        'ADD INDEX `idx_torrent_seeders_release` (`seeders`, `releaseId`), ' +
        'ADD INDEX `idx_torrent_leechers_release` (`leechers`, `releaseId`), ' +
        'ADD INDEX `idx_torrent_completed_release` (`completed`, `releaseId`), ' +
        'ADD INDEX `idx_torrent_info_hash_v2` (`infoHashV2`)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `torrent` ' +
        'DROP INDEX `idx_torrent_size_release`, DROP INDEX `idx_torrent_seeders_release`, ' +
        'DROP INDEX `idx_torrent_leechers_release`, DROP INDEX `idx_torrent_completed_release`, ' +
        'DROP INDEX `idx_torrent_info_hash_v2`, ' +
        'ADD INDEX `idx_torrent_size` (`size`), ADD INDEX `idx_torrent_seeders` (`seeders`), ' +
        'ADD INDEX `idx_torrent_leechers` (`leechers`), ADD INDEX `idx_torrent_completed` (`completed`)',
    );
  }
}
