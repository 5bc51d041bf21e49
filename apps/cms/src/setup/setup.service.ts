import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/cms-config.js';
import { checkNewUser } from '../users/user-input.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { newSetupToken, setupTokenState, type StoredSetupToken } from './setup-token.js';
import { SetupTokenRepository } from './setup-token.repository.js';

const CLI_HINT =
  'Restart the site to print a new link, or create an admin with the CLI: ' +
  'npm run cli -- users:create <name> --role admin --email <email>';

/** A setup link that cannot be used: shown on the site's error page with this status. */
export class SetupLinkRefused extends Error {
  override readonly name = 'SetupLinkRefused';

  constructor(
    readonly status: 404 | 410,
    message: string,
  ) {
    super(message);
  }
}

const UNKNOWN = (): SetupLinkRefused =>
  new SetupLinkRefused(
    404,
    `This setup link is not valid: it was used already or replaced by a newer one. ${CLI_HINT}`,
  );
const EXPIRED = (): SetupLinkRefused =>
  new SetupLinkRefused(410, `This setup link has expired: a link works for one hour. ${CLI_HINT}`);
const HAS_ADMIN = (): SetupLinkRefused =>
  new SetupLinkRefused(410, 'This site has an admin account already: log in instead.');

/**
 * The first admin of a production site (DATABASE_URL): no demo seed and no printed password,
 * but a one-time link printed at start while no admin exists. The link holds a random token
 * whose hash is stored with a one-hour deadline; each start replaces it, creating the admin
 * spends it.
 */
@Injectable()
export class SetupService {
  constructor(
    private readonly tokens: SetupTokenRepository,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  /** At start: a new token when the MySQL site has no admin (else null, and none kept). */
  async issueIfNoAdmin(now = Date.now()): Promise<string | null> {
    if (!this.config.databaseUrl) return null;
    if (await this.users.findFirstWithRole('admin')) {
      await this.tokens.clear();
      return null;
    }
    const { token, stored } = newSetupToken(now);
    await this.tokens.replace(stored);
    return token;
  }

  /** Throws SetupLinkRefused unless the link may show the form now. */
  async check(token: string, now = Date.now()): Promise<StoredSetupToken> {
    const stored = await this.tokens.find();
    const state = setupTokenState(token, stored, now);
    if (state === 'unknown' || !stored) throw UNKNOWN();
    if (state === 'expired') throw EXPIRED();
    if (await this.users.findFirstWithRole('admin')) {
      await this.tokens.clear();
      throw HAS_ADMIN();
    }
    return stored;
  }

  /**
   * Validates the form, spends the token, creates the admin. A refused form (a DomainError:
   * a taken name, a short password) gives the token back, so the link can be retried.
   */
  async createAdmin(token: string, form: Record<string, unknown>, now = Date.now()): Promise<User> {
    const stored = await this.check(token, now);
    const input = checkNewUser(form);
    if (!(await this.tokens.claim(stored))) throw UNKNOWN();
    try {
      return await this.users.create({ ...input, role: 'admin' });
    } catch (err) {
      await this.tokens.restore(stored);
      throw err;
    }
  }
}
