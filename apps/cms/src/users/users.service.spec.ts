import { describe, expect, it, jest } from '@jest/globals';
import type { Repository } from 'typeorm';
import { DomainError } from '../errors/domain-error.js';
import type { User } from './user.entity.js';
import { UsersService } from './users.service.js';

function mockRepository(existing: { username?: boolean; email?: boolean } = {}) {
  const exists = jest.fn(async (options: { where: Record<string, unknown> }) =>
    'username' in options.where ? Boolean(existing.username) : Boolean(existing.email),
  );
  const repo = {
    exists,
    create: jest.fn((value: Partial<User>) => value),
    save: jest.fn(async (value: Partial<User>) => ({ id: 7, ...value })),
    update: jest.fn(async (_where: unknown, _values: unknown) => ({ affected: 1 })),
    findOneBy: jest.fn(async () => ({ id: 7 }) as User),
  };
  return { repo, service: new UsersService(repo as unknown as Repository<User>) };
}

describe('UsersService (mocked repository)', () => {
  it('creates a user with normalized email, a hashed password and distinct 32-hex keys', async () => {
    const { service, repo } = mockRepository();
    const user = await service.create({
      username: 'alice',
      email: ' Alice@Example.TEST ',
      password: 'long password',
    });
    expect(user.email).toBe('alice@example.test');
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passkey).toMatch(/^[0-9a-f]{32}$/);
    expect(user.rssKey).toMatch(/^[0-9a-f]{32}$/);
    expect(user.rssKey).not.toBe(user.passkey);
    expect(user.role).toBe('user');
    expect(repo.save).toHaveBeenCalledTimes(1);
  });

  it('refuses a taken username or email without saving', async () => {
    const taken = mockRepository({ username: true });
    await expect(
      taken.service.create({ username: 'bob', email: 'b@example.test', password: 'long password' }),
    ).rejects.toThrow('That username is already taken.');
    const email = mockRepository({ email: true });
    await expect(
      email.service.create({ username: 'bob', email: 'b@example.test', password: 'long password' }),
    ).rejects.toThrow(DomainError);
    expect(taken.repo.save).not.toHaveBeenCalled();
    expect(email.repo.save).not.toHaveBeenCalled();
  });

  it('refuses invalid input before touching the repository', async () => {
    const { service, repo } = mockRepository();
    await expect(
      service.create({ username: '<b>', email: 'x@example.test', password: 'long password' }),
    ).rejects.toThrow('Username must be');
    await expect(
      service.create({ username: 'okname', email: 'nope', password: 'long password' }),
    ).rejects.toThrow('email');
    await expect(
      service.create({ username: 'okname', email: 'x@example.test', password: 'short' }),
    ).rejects.toThrow('at least 8');
    expect(repo.exists).not.toHaveBeenCalled();
  });

  it('issues a fresh passkey on reset', async () => {
    const { service, repo } = mockRepository();
    const passkey = await service.resetPasskey(7);
    expect(passkey).toMatch(/^[0-9a-f]{32}$/);
    expect(repo.update).toHaveBeenCalledWith({ id: 7 }, { passkey });
  });

  it('does not query for a malformed RSS key', async () => {
    const { service, repo } = mockRepository();
    expect(await service.findByRssKey("' OR 1=1")).toBeNull();
    expect(repo.findOneBy).not.toHaveBeenCalled();
  });
});
