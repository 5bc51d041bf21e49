import { invalid } from '../errors/domain-error.js';
import { ROLES, type Role } from './user.entity.js';

export interface NewUserInput {
  username: string;
  email: string;
  password: string;
  role?: Role;
  /** False while the site waits for the sign-up confirmation link (default true). */
  emailConfirmed?: boolean;
}

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** Pure checks of a registration; throws a DomainError whose message can be shown as is. */
export function checkNewUser(input: {
  username?: unknown;
  email?: unknown;
  password?: unknown;
}): NewUserInput {
  const username = typeof input.username === 'string' ? input.username.trim() : '';
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  const password = typeof input.password === 'string' ? input.password : '';
  if (!USERNAME.test(username)) {
    throw invalid('Username must be 3 to 32 characters: letters, digits, dot, dash or underscore.');
  }
  checkEmail(email);
  checkPassword(password);
  return { username, email, password };
}

/** Pure: the normalized address, or a DomainError whose message can be shown as is. */
export function checkEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (email.length > 254 || !EMAIL.test(email)) throw invalid('Enter a valid email address.');
  return email;
}

export function checkPassword(password: string): void {
  if (password.length < 8) throw invalid('Password must be at least 8 characters long.');
  if (password.length > 200) throw invalid('Password must be at most 200 characters long.');
}

export function parseRole(value: unknown): Role {
  if (typeof value === 'string' && (ROLES as readonly string[]).includes(value)) return value as Role;
  throw invalid(`Role must be one of ${ROLES.join(', ')}.`);
}

const RANK: Record<Role, number> = { user: 0, uploader: 1, editor: 2, admin: 3 };

/** Roles are ordered: an editor may do what an uploader may, an admin everything. */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

export function ratioOf(uploaded: number, downloaded: number): number | null {
  return downloaded > 0 ? uploaded / downloaded : null;
}
