import type { LoggerService } from '@nestjs/common';
import { In, type DataSource } from 'typeorm';
import { isPasskey, type RegistryKind, type RegistryStore, writeEntry } from '@tracker/core';
import { RegistryOutbox } from './registry-outbox.entity.js';
import type { RegistryStateRepository } from './registry-state.repository.js';

const INFO_HASH_HEX = /^[0-9a-f]{40}$/;

export function isValidRef(kind: RegistryKind, ref: string): boolean {
  return kind === 'user' ? isPasskey(ref) : INFO_HASH_HEX.test(ref);
}

/**
 * Moves outbox rows to the registry store, oldest first. Each row only names a key; the key's
 * CURRENT state is read from the database after the rows, so a row never publishes something
 * older than what committed before it, and repeated rows for one key cost one write. Rows are
 * deleted only after the store acknowledged the write: a crash or a Redis outage in between
 * leaves them to be published again, which is harmless.
 */
export class RegistryOutboxDrainer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly state: RegistryStateRepository,
    private readonly store: RegistryStore,
    private readonly logger: LoggerService,
    private readonly batchSize = 200,
  ) {}

  /** Drains one batch; true when a full batch was taken (there may be more). */
  async drainBatch(): Promise<boolean> {
    const outbox = this.dataSource.getRepository(RegistryOutbox);
    const rows = await outbox.find({ order: { id: 'ASC' }, take: this.batchSize });
    if (rows.length === 0) return false;
    const done: number[] = [];
    try {
      for (const kind of ['user', 'torrent'] as const) await this.publish(kind, rows, done);
    } finally {
      if (done.length > 0) await outbox.delete({ id: In(done) });
    }
    return rows.length === this.batchSize;
  }

  private async publish(kind: RegistryKind, rows: RegistryOutbox[], done: number[]): Promise<void> {
    const mine = rows.filter((row) => row.kind === kind);
    const invalid = mine.filter((row) => !isValidRef(kind, row.ref));
    for (const row of invalid) {
      this.logger.error(`registry outbox row ${row.id}: invalid ${kind} ref, dropped`);
      done.push(row.id);
    }
    const refs = [...new Set(mine.filter((row) => isValidRef(kind, row.ref)).map((row) => row.ref))];
    for (const entry of await this.state.desired(kind, refs)) {
      await writeEntry(this.store.writer, entry);
      for (const row of mine) if (row.ref === entry.ref) done.push(row.id);
    }
  }
}
