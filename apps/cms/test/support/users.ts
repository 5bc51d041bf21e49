import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/security/password-hasher.js';
import { randomHexKey } from '../../src/security/secure-tokens.js';
import { ApiTokensService } from '../../src/api-tokens/api-tokens.service.js';
import { type Role, User } from '../../src/users/user.entity.js';
import type { TestApp } from './create-test-app.js';
import type { HttpClient } from './http-client.js';

export interface SeedUser {
  username?: string;
  email?: string;
  password?: string;
  role?: Role;
  disabled?: boolean;
}

export interface SeededUser {
  user: User;
  password: string;
}

/**
 * Inserts a user straight into the database, bypassing the registration checks, so tests can
 * seed names that the form would refuse (e.g. XSS payloads).
 */
export async function createUser(testApp: TestApp, seed: SeedUser = {}): Promise<SeededUser> {
  const suffix = randomBytes(4).toString('hex');
  const password = seed.password ?? `pw-${suffix}-secret`;
  const repo = testApp.dataSource.getRepository(User);
  const user = await repo.save(
    repo.create({
      username: seed.username ?? `user_${suffix}`,
      email: seed.email ?? `user_${suffix}@example.test`,
      passwordHash: await hashPassword(password),
      role: seed.role ?? 'user',
      disabled: seed.disabled ?? false,
      canLeech: true,
      passkey: randomHexKey(),
      rssKey: randomHexKey(),
      uploaded: 0,
      downloaded: 0,
    }),
  );
  return { user, password };
}

/** Logs the client in through the real login form; throws when the login is refused. */
export async function login(client: HttpClient, username: string, password: string): Promise<void> {
  const res = await client.postForm('/login', { username, password }, { csrfFrom: '/login' });
  if (res.status !== 303) throw new Error(`login of ${username} failed with ${res.status}`);
}

/** Creates a user with the role (default `user`) and logs the client in as them. */
export async function registerAndLogin(client: HttpClient, seed: SeedUser = {}): Promise<SeededUser> {
  const seeded = await createUser(client.testApp, seed);
  await login(client, seeded.user.username, seeded.password);
  return seeded;
}

/** A fresh API token for the user, as the profile page would hand it out. */
export async function createApiToken(testApp: TestApp, user: User): Promise<string> {
  const { token } = await testApp.app.get(ApiTokensService).create(user.id, 'test');
  return token;
}
