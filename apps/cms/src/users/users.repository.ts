import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type Role, User } from './user.entity.js';

/** What a new account row holds; id and createdAt come from the database. */
export type NewUserRow = Omit<User, 'id' | 'createdAt'>;

/** What may change on an account after it is created. */
export type UserChanges = Partial<
  Pick<
    User,
    'email' | 'emailConfirmed' | 'passwordHash' | 'role' | 'disabled' | 'canLeech' | 'passkey' | 'rssKey'
  >
>;

/** The `user` table. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  insert(row: NewUserRow): Promise<User> {
    return this.users.save(this.users.create(row));
  }

  usernameTaken(username: string): Promise<boolean> {
    return this.users.exists({ where: { username } });
  }

  /** The id of the account with this (normalized) address, if any. */
  async idByEmail(email: string): Promise<number | null> {
    const owner = await this.users.findOne({ where: { email }, select: { id: true } });
    return owner?.id ?? null;
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  /** An enabled account with this RSS key. */
  findEnabledByRssKey(rssKey: string): Promise<User | null> {
    return this.users.findOneBy({ rssKey, disabled: false });
  }

  /** One page in id order, and the number of accounts. */
  async page(offset: number, limit: number): Promise<{ users: User[]; total: number }> {
    const [users, total] = await this.users.findAndCount({ order: { id: 'ASC' }, skip: offset, take: limit });
    return { users, total };
  }

  async update(id: number, changes: UserChanges): Promise<void> {
    await this.users.update({ id }, changes);
  }

  /** The oldest enabled account with exactly this role. */
  firstEnabledWithRole(role: Role): Promise<User | null> {
    return this.users.findOne({ where: { role, disabled: false }, order: { id: 'ASC' } });
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
