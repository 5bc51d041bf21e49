import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformInit1795735039629 implements MigrationInterface {
  name = 'PlatformInit1795735039629';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`api_token\` (\`id\` int NOT NULL AUTO_INCREMENT, \`userId\` int NOT NULL, \`tokenHash\` varchar(64) NOT NULL, \`name\` varchar(64) NOT NULL, \`lastUsedAt\` datetime(3) NULL, \`createdAt\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`idx_api_token_user\` (\`userId\`), UNIQUE INDEX \`IDX_b8d5076cd3f3572829943b3f8a\` (\`tokenHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`session\` (\`idHash\` varchar(64) NOT NULL, \`userId\` int NOT NULL, \`expiresAt\` datetime(3) NOT NULL, INDEX \`idx_session_user\` (\`userId\`), INDEX \`idx_session_expires\` (\`expiresAt\`), PRIMARY KEY (\`idHash\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`invite\` (\`id\` int NOT NULL AUTO_INCREMENT, \`codeHash\` varchar(64) NOT NULL, \`inviterId\` int NOT NULL, \`usedById\` int NULL, \`usedAt\` datetime(3) NULL, \`expiresAt\` datetime(3) NOT NULL, \`createdAt\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`idx_invite_inviter\` (\`inviterId\`), UNIQUE INDEX \`IDX_ede893993737f870fa820da359\` (\`codeHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`setting\` (\`key\` varchar(64) NOT NULL, \`value\` varchar(500) NOT NULL, PRIMARY KEY (\`key\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user\` (\`id\` int NOT NULL AUTO_INCREMENT, \`username\` varchar(32) NOT NULL, \`email\` varchar(254) NOT NULL, \`passwordHash\` varchar(255) NOT NULL, \`role\` enum ('user', 'uploader', 'editor', 'admin') NOT NULL DEFAULT 'user', \`disabled\` tinyint NOT NULL DEFAULT 0, \`canLeech\` tinyint NOT NULL DEFAULT 1, \`passkey\` varchar(32) NOT NULL, \`rssKey\` varchar(32) NOT NULL, \`uploaded\` bigint NOT NULL DEFAULT '0', \`downloaded\` bigint NOT NULL DEFAULT '0', \`createdAt\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_78a916df40e02a9deb1c4b75ed\` (\`username\`), UNIQUE INDEX \`IDX_e12875dfb3b1d92d7d7c5377e2\` (\`email\`), UNIQUE INDEX \`IDX_417ba43fe4c6f1729393730b4d\` (\`passkey\`), UNIQUE INDEX \`IDX_dd4642c6168672eaa7fccd2dcb\` (\`rssKey\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_dd4642c6168672eaa7fccd2dcb\` ON \`user\``);
    await queryRunner.query(`DROP INDEX \`IDX_417ba43fe4c6f1729393730b4d\` ON \`user\``);
    await queryRunner.query(`DROP INDEX \`IDX_e12875dfb3b1d92d7d7c5377e2\` ON \`user\``);
    await queryRunner.query(`DROP INDEX \`IDX_78a916df40e02a9deb1c4b75ed\` ON \`user\``);
    await queryRunner.query(`DROP TABLE \`user\``);
    await queryRunner.query(`DROP TABLE \`setting\``);
    await queryRunner.query(`DROP INDEX \`IDX_ede893993737f870fa820da359\` ON \`invite\``);
    await queryRunner.query(`DROP INDEX \`idx_invite_inviter\` ON \`invite\``);
    await queryRunner.query(`DROP TABLE \`invite\``);
    await queryRunner.query(`DROP INDEX \`idx_session_expires\` ON \`session\``);
    await queryRunner.query(`DROP INDEX \`idx_session_user\` ON \`session\``);
    await queryRunner.query(`DROP TABLE \`session\``);
    await queryRunner.query(`DROP INDEX \`IDX_b8d5076cd3f3572829943b3f8a\` ON \`api_token\``);
    await queryRunner.query(`DROP INDEX \`idx_api_token_user\` ON \`api_token\``);
    await queryRunner.query(`DROP TABLE \`api_token\``);
  }
}
