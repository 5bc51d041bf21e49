import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, accounts: mailed single-use links (account_token), TOTP two-factor sign-in
 * (user_two_factor, recovery_code), what a member sees of their sessions (device, address,
 * created, last seen) and the sign-up e-mail confirmation flag. Existing accounts count as
 * confirmed (DEFAULT 1); existing sessions take "now" as their last-seen time, after which
 * the column keeps no default, as the entity declares none.
 */
export class AccountSecurity1795736000000 implements MigrationInterface {
  name = 'AccountSecurity1795736000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE `account_token` (`id` int NOT NULL AUTO_INCREMENT, ' +
        "`kind` enum ('reset', 'confirm_email', 'change_email') NOT NULL, `userId` int NOT NULL, " +
        '`tokenHash` varchar(64) NOT NULL, `newEmail` varchar(254) NULL, `expiresAt` datetime(3) NOT NULL, ' +
        '`usedAt` datetime(3) NULL, `createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        'INDEX `idx_account_token_user` (`userId`), UNIQUE INDEX `uq_account_token_hash` (`tokenHash`), ' +
        'INDEX `idx_account_token_expires` (`expiresAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      'CREATE TABLE `recovery_code` (`id` int NOT NULL AUTO_INCREMENT, `userId` int NOT NULL, ' +
        '`codeHash` varchar(64) NOT NULL, `usedAt` datetime(3) NULL, ' +
        'INDEX `idx_recovery_code_user` (`userId`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      'CREATE TABLE `user_two_factor` (`userId` int NOT NULL, `secret` varchar(64) NOT NULL, ' +
        '`enabledAt` datetime(3) NULL, `lastTimeStep` int NULL, ' +
        '`createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (`userId`)) ENGINE=InnoDB',
    );
    await q.query(
      'ALTER TABLE `session` ' +
        "ADD `userAgent` varchar(200) NOT NULL DEFAULT '', ADD `ip` varchar(45) NOT NULL DEFAULT '', " +
        'ADD `createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        'ADD `lastSeenAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)',
    );
    await q.query('ALTER TABLE `session` ALTER COLUMN `lastSeenAt` DROP DEFAULT');
    await q.query('ALTER TABLE `user` ADD `emailConfirmed` tinyint NOT NULL DEFAULT 1');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `user` DROP COLUMN `emailConfirmed`');
    await q.query(
      'ALTER TABLE `session` DROP COLUMN `lastSeenAt`, DROP COLUMN `createdAt`, ' +
        'DROP COLUMN `ip`, DROP COLUMN `userAgent`',
    );
    await q.query('DROP TABLE `user_two_factor`');
    await q.query('DROP TABLE `recovery_code`');
    await q.query('DROP TABLE `account_token`');
  }
}
