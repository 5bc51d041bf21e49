import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource, Repository } from 'typeorm';
import { DomainError } from '../errors/domain-error.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { User } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

describe('UsersService (in-memory SQLite)', () => {
  let dataSource: DataSource;
  let rows: Repository<User>;
  let service: UsersService;

  beforeAll(async () => {
    dataSource = await memoryDatabase();
    rows = dataSource.getRepository(User);
    service = new UsersService(new UsersRepository(rows));
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('creates a user with normalized email, a hashed password and distinct 32-hex keys', async () => {
    const user = await service.create({
      username: 'alice',
      email: ' Alice@Example.TEST ',
      password: 'long password',
    });
    const stored = await rows.findOneByOrFail({ id: user.id });
    expect(stored.email).toBe('alice@example.test');
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passkey).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.rssKey).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.rssKey).not.toBe(stored.passkey);
    expect(stored.role).toBe('user');
  });

  it('refuses a taken username or email without saving', async () => {
    await service.create({ username: 'bob', email: 'bob@example.test', password: 'long password' });
    const before = await rows.count();
    await expect(
      service.create({ username: 'bob', email: 'b2@example.test', password: 'long password' }),
    ).rejects.toThrow('That username is already taken.');
    await expect(
      service.create({ username: 'bobby', email: 'BOB@example.test', password: 'long password' }),
    ).rejects.toEqual(new DomainError('conflict', 'That email address is already registered.'));
    expect(await rows.count()).toBe(before);
  });

  it('refuses invalid input and stores nothing', async () => {
    const before = await rows.count();
    await expect(
      service.create({ username: '<b>', email: 'x@example.test', password: 'long password' }),
    ).rejects.toThrow('Username must be');
    await expect(
      service.create({ username: 'okname', email: 'nope', password: 'long password' }),
    ).rejects.toThrow('email');
    await expect(
      service.create({ username: 'okname', email: 'x@example.test', password: 'short' }),
    ).rejects.toThrow('at least 8');
    expect(await rows.count()).toBe(before);
  });

  it('issues and stores a fresh passkey on reset', async () => {
    const user = await service.create({
      username: 'carol',
      email: 'c@example.test',
      password: 'long password',
    });
    const passkey = await service.resetPasskey(user.id);
    expect(passkey).toMatch(/^[0-9a-f]{32}$/);
    expect(passkey).not.toBe(user.passkey);
    expect((await rows.findOneByOrFail({ id: user.id })).passkey).toBe(passkey);
  });

  it('finds an enabled account by its RSS key, never by a malformed one', async () => {
    const user = await service.create({
      username: 'dave',
      email: 'd@example.test',
      password: 'long password',
    });
    expect(await service.findByRssKey(user.rssKey)).toMatchObject({ id: user.id });
    expect(await service.findByRssKey("' OR 1=1")).toBeNull();
    await service.setDisabled(user.id, true);
    expect(await service.findByRssKey(user.rssKey)).toBeNull();
  });

  it('moves an account to a confirmed address another account does not hold', async () => {
    const erin = await service.create({
      username: 'erin',
      email: 'e@example.test',
      password: 'long password',
    });
    await expect(service.setConfirmedEmail(erin.id, 'alice@example.test')).rejects.toMatchObject({
      kind: 'conflict',
    });
    await service.setConfirmedEmail(erin.id, 'erin@example.test');
    expect(await service.findByEmail(' ERIN@example.test')).toMatchObject({
      id: erin.id,
      emailConfirmed: true,
    });
  });
});
