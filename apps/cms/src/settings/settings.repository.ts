import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { Setting } from './setting.entity.js';

/** The `setting` table's key/value rows (the setup token keeps a row of its own there too). */
@Injectable()
export class SettingsRepository {
  constructor(@InjectRepository(Setting) private readonly settings: Repository<Setting>) {}

  async all(): Promise<Map<string, string>> {
    return new Map((await this.settings.find()).map((row) => [row.key, row.value]));
  }

  /** Inserts or overwrites each key. */
  async save(values: ReadonlyArray<{ key: string; value: string }>): Promise<void> {
    await this.settings.save([...values]);
  }

  async delete(keys: readonly string[]): Promise<void> {
    await this.settings.delete({ key: In([...keys]) });
  }
}
