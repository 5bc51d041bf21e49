import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The releases side of the schema: categories, releases (with the FULLTEXT index browse
 * searches), torrents, comments and snatches. Generated from the entities with TypeORM's
 * schema builder against MariaDB. Author/user ids carry no foreign key to `user` so this
 * migration does not depend on the order of the accounts migration.
 */
export class ReleasesSchema1795735100000 implements MigrationInterface {
  name = 'ReleasesSchema1795735100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE `category` (`id` int NOT NULL AUTO_INCREMENT, `name` varchar(64) NOT NULL, `slug` varchar(64) NOT NULL, `createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `IDX_23c05c292c439d77b0de816b50` (`name`), UNIQUE INDEX `IDX_cb73208f151aa71cdd78f662d7` (`slug`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      "CREATE TABLE `release` (`id` int NOT NULL AUTO_INCREMENT, `title` varchar(200) NOT NULL, `description` text NOT NULL, `categoryId` int NOT NULL, `status` enum ('draft', 'published') NOT NULL DEFAULT 'draft', `freeleech` tinyint NOT NULL DEFAULT 0, `authorId` int NOT NULL, `poster` longblob NULL, `posterMime` varchar(32) NULL, `createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `publishedAt` datetime(3) NULL, `updatedAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_release_author` (`authorId`), FULLTEXT INDEX `ft_release_search` (`title`, `description`), INDEX `idx_release_category_status_published` (`categoryId`, `status`, `publishedAt`), INDEX `idx_release_status_published` (`status`, `publishedAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `torrent` (`id` int NOT NULL AUTO_INCREMENT, `releaseId` int NOT NULL, `infoHash` varchar(40) NOT NULL, `infoHashV2` varchar(64) NULL, `name` varchar(255) NOT NULL, `size` bigint NOT NULL, `pieceLength` int NOT NULL, `fileCount` int NOT NULL, `files` longblob NOT NULL, `canonical` longblob NOT NULL, `seeders` int NOT NULL DEFAULT '0', `leechers` int NOT NULL DEFAULT '0', `completed` int NOT NULL DEFAULT '0', INDEX `idx_torrent_size` (`size`), INDEX `idx_torrent_seeders` (`seeders`), INDEX `idx_torrent_leechers` (`leechers`), INDEX `idx_torrent_completed` (`completed`), UNIQUE INDEX `IDX_5dec9909d06ff1edc2984ef93d` (`infoHash`), UNIQUE INDEX `REL_b56f8a14cece673056de84a168` (`releaseId`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      'CREATE TABLE `comment` (`id` int NOT NULL AUTO_INCREMENT, `releaseId` int NOT NULL, `authorId` int NOT NULL, `body` text NOT NULL, `createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_comment_author` (`authorId`), INDEX `idx_comment_release_created` (`releaseId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      "CREATE TABLE `snatch` (`id` int NOT NULL AUTO_INCREMENT, `userId` int NOT NULL, `torrentId` int NOT NULL, `uploaded` bigint NOT NULL DEFAULT '0', `downloaded` bigint NOT NULL DEFAULT '0', `completedAt` datetime(3) NULL, `seedingSeconds` int NOT NULL DEFAULT '0', `lastSeen` datetime(3) NULL, INDEX `idx_snatch_torrent` (`torrentId`), UNIQUE INDEX `uq_snatch_user_torrent` (`userId`, `torrentId`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      'ALTER TABLE `release` ADD CONSTRAINT `FK_9249972ef15275e02970ea30d41` FOREIGN KEY (`categoryId`) REFERENCES `category`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE `torrent` ADD CONSTRAINT `FK_b56f8a14cece673056de84a168e` FOREIGN KEY (`releaseId`) REFERENCES `release`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE `comment` ADD CONSTRAINT `FK_e592d086bf981c03d1fa9d0650b` FOREIGN KEY (`releaseId`) REFERENCES `release`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE `snatch` ADD CONSTRAINT `FK_c041ff80825b03621d947a195d1` FOREIGN KEY (`torrentId`) REFERENCES `torrent`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `snatch` DROP FOREIGN KEY `FK_c041ff80825b03621d947a195d1`');
    await q.query('ALTER TABLE `comment` DROP FOREIGN KEY `FK_e592d086bf981c03d1fa9d0650b`');
    await q.query('ALTER TABLE `torrent` DROP FOREIGN KEY `FK_b56f8a14cece673056de84a168e`');
    await q.query('ALTER TABLE `release` DROP FOREIGN KEY `FK_9249972ef15275e02970ea30d41`');
    await q.query('DROP TABLE `snatch`');
    await q.query('DROP TABLE `comment`');
    await q.query('DROP TABLE `torrent`');
    await q.query('DROP TABLE `release`');
    await q.query('DROP TABLE `category`');
  }
}
