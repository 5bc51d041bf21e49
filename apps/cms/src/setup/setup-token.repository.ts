import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Setting } from '../settings/setting.entity.js';
import { decodeStoredToken, encodeStoredToken, type StoredSetupToken } from './setup-token.js';

/** One row of the settings table; the settings service only reads its own keys. */
const KEY = 'setup.first-admin-token';

/**
 * The one pending first-admin token, kept in the settings table (no migration needed, and
 * at most one row). Claiming deletes the row only if it still holds the value read, so two
 * submissions of one link cannot both create an admin.
 */
@Injectable()
export class SetupTokenRepository {
  constructor(@InjectRepository(Setting) private readonly settings: Repository<Setting>) {}

  /** Stores a new token, replacing (and so invalidating) any earlier one. */
  async replace(stored: StoredSetupToken): Promise<void> {
    await this.settings.save({ key: KEY, value: encodeStoredToken(stored) });
  }

  async find(): Promise<StoredSetupToken | null> {
    const row = await this.settings.findOneBy({ key: KEY });
    return row ? decodeStoredToken(row.value) : null;
  }

  /** Removes exactly this token; true when this call removed it (it was not already spent). */
  async claim(stored: StoredSetupToken): Promise<boolean> {
    const result = await this.settings.delete({ key: KEY, value: encodeStoredToken(stored) });
    return (result.affected ?? 0) === 1;
  }

  /**
   * Puts a claimed token back (the admin could not be created: the link may be retried),
   * unless a restart stored a newer one meanwhile: that one wins.
   */
  async restore(stored: StoredSetupToken): Promise<void> {
    if (await this.settings.existsBy({ key: KEY })) return;
    await this.settings.insert({ key: KEY, value: encodeStoredToken(stored) });
  }

  async clear(): Promise<void> {
    await this.settings.delete({ key: KEY });
  }
}
