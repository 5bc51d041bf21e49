import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '../errors/domain-error.js';
import { hashPassword } from '../security/password-hasher.js';
import { randomHexKey } from '../security/secure-tokens.js';
import { checkNewUser, type NewUserInput } from './user-input.js';
import type { Role, User } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

export interface UserPage {
  users: User[];
  total: number;
}

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  /** Validates, refuses a taken username or email, hashes the password, issues keys. */
  async create(raw: NewUserInput): Promise<User> {
    const input = checkNewUser(raw);
    await this.assertAvailable(input.username, input.email);
    return this.users.insert({
      username: input.username,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      role: raw.role ?? 'user',
      disabled: false,
      emailConfirmed: raw.emailConfirmed ?? true,
      canLeech: true,
      passkey: randomHexKey(),
      rssKey: randomHexKey(),
      uploaded: 0,
      downloaded: 0,
    });
  }

  private async assertAvailable(username: string, email: string): Promise<void> {
    if (await this.users.usernameTaken(username)) throw conflict('That username is already taken.');
    if ((await this.users.idByEmail(email)) !== null) {
      throw conflict('That email address is already registered.');
    }
  }

  findById(id: number): Promise<User | null> {
    return this.users.findById(id);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findByUsername(username);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email.trim().toLowerCase());
  }

  findByRssKey(rssKey: string): Promise<User | null> {
    return /^[0-9a-f]{32}$/.test(rssKey) ? this.users.findEnabledByRssKey(rssKey) : Promise.resolve(null);
  }

  async getById(id: number): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw notFound('No such user.');
    return user;
  }

  async list(page: number, perPage: number): Promise<UserPage> {
    return this.users.page((page - 1) * perPage, perPage);
  }

  async resetPasskey(userId: number): Promise<string> {
    const passkey = randomHexKey();
    await this.users.update(userId, { passkey });
    return passkey;
  }

  async resetRssKey(userId: number): Promise<string> {
    const rssKey = randomHexKey();
    await this.users.update(userId, { rssKey });
    return rssKey;
  }

  /** Hashes and stores a new password (the caller checked it with checkPassword). */
  async setPassword(userId: number, password: string): Promise<void> {
    await this.users.update(userId, { passwordHash: await hashPassword(password) });
  }

  /** Moves the account to a confirmed address; refuses one another account has meanwhile. */
  async setConfirmedEmail(userId: number, email: string): Promise<void> {
    const owner = await this.users.idByEmail(email);
    if (owner !== null && owner !== userId) throw conflict('That email address is already registered.');
    await this.users.update(userId, { email, emailConfirmed: true });
  }

  async confirmEmail(userId: number): Promise<void> {
    await this.users.update(userId, { emailConfirmed: true });
  }

  async setRole(userId: number, role: Role): Promise<void> {
    await this.getById(userId);
    await this.users.update(userId, { role });
  }

  async setDisabled(userId: number, disabled: boolean): Promise<void> {
    await this.getById(userId);
    await this.users.update(userId, { disabled });
  }

  /** Withdraws or gives back the right to download (announces with left > 0 are refused). */
  async setCanLeech(userId: number, canLeech: boolean): Promise<void> {
    await this.getById(userId);
    await this.users.update(userId, { canLeech });
  }

  findFirstWithRole(role: Role): Promise<User | null> {
    return this.users.firstEnabledWithRole(role);
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
