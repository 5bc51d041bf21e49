import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type Repository } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { entities } from '../../src/entities.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { verifyPassword } from '../../src/security/password-hasher.js';
import { User } from '../../src/users/user.entity.js';
import { UsersRepository } from '../../src/users/users.repository.js';
import { UsersService } from '../../src/users/users.service.js';
import { createTestDatabase } from '../support/index.js';

describe('users in MariaDB', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let repo: Repository<User>;
  let users: UsersService;

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    dataSource = new DataSource(
      buildDataSourceOptions({ databaseUrl: db.url, sqlitePath: ':memory:' }, entities),
    );
    await dataSource.initialize();
    repo = dataSource.getRepository(User);
    users = new UsersService(new UsersRepository(repo));
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await drop?.();
  });

  it('stores a user with a hashed password, 32-hex passkey and a different RSS key', async () => {
    const user = await users.create({
      username: 'alice',
      email: 'Alice@Example.test',
      password: 'alice password',
    });
    const stored = await repo.findOneByOrFail({ id: user.id });
    expect(stored.email).toBe('alice@example.test');
    expect(stored.passwordHash).not.toContain('alice password');
    expect(await verifyPassword('alice password', stored.passwordHash)).toBe(true);
    expect(stored.passkey).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.rssKey).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.rssKey).not.toBe(stored.passkey);
    expect(stored.role).toBe('user');
  });

  it('returns uploaded and downloaded as numbers beyond 32 bits', async () => {
    const user = await users.create({
      username: 'bigdata',
      email: 'big@example.test',
      password: 'big password',
    });
    await repo.update({ id: user.id }, { uploaded: 5_000_000_000_123, downloaded: 2 ** 40 });
    const stored = await repo.findOneByOrFail({ id: user.id });
    expect(stored.uploaded).toBe(5_000_000_000_123);
    expect(stored.downloaded).toBe(2 ** 40);
  });

  it('refuses a second account with the same username or email', async () => {
    await users.create({ username: 'carol', email: 'carol@example.test', password: 'carol password' });
    await expect(
      users.create({ username: 'carol', email: 'c2@example.test', password: 'carol password' }),
    ).rejects.toThrow('That username is already taken.');
    await expect(
      users.create({ username: 'carol2', email: 'carol@example.test', password: 'carol password' }),
    ).rejects.toThrow(DomainError);
  });

  it('enforces unique passkeys in the schema itself', async () => {
    const a = await users.create({ username: 'dave', email: 'dave@example.test', password: 'dave password' });
    const b = await users.create({ username: 'erin', email: 'erin@example.test', password: 'erin password' });
    await expect(repo.update({ id: b.id }, { passkey: a.passkey })).rejects.toThrow(/Duplicate/);
  });

  it('resets the passkey and the RSS key independently', async () => {
    const user = await users.create({
      username: 'frank',
      email: 'frank@example.test',
      password: 'frank password',
    });
    const passkey = await users.resetPasskey(user.id);
    let stored = await repo.findOneByOrFail({ id: user.id });
    expect(stored.passkey).toBe(passkey);
    expect(stored.passkey).not.toBe(user.passkey);
    expect(stored.rssKey).toBe(user.rssKey);
    const rssKey = await users.resetRssKey(user.id);
    stored = await repo.findOneByOrFail({ id: user.id });
    expect(stored.rssKey).toBe(rssKey);
    expect(stored.passkey).toBe(passkey);
  });

  it('finds a user by RSS key only when enabled and well-formed', async () => {
    const user = await users.create({
      username: 'gina',
      email: 'gina@example.test',
      password: 'gina password',
    });
    expect((await users.findByRssKey(user.rssKey))?.id).toBe(user.id);
    expect(await users.findByRssKey("' OR 1=1 --")).toBeNull();
    await users.setDisabled(user.id, true);
    expect(await users.findByRssKey(user.rssKey)).toBeNull();
  });
});
