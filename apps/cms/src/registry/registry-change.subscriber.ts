import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AfterCommitSubscriber } from '../database/after-commit.js';
import { RegistryPublisher } from './registry-publisher.js';

const REGISTRY_TABLES = new Set(['user', 'torrent', 'release']);

/**
 * Only a latency shortcut: the triggers write the outbox, the poll would find it within
 * `pollMs`; this kicks the drain as soon as a change to a registry table commits in this
 * process (at once outside a transaction, else on the transaction's commit).
 */
@Injectable()
export class RegistryChangeSubscriber extends AfterCommitSubscriber {
  constructor(dataSource: DataSource, publisher: RegistryPublisher) {
    super({ watches: (table) => REGISTRY_TABLES.has(table.tableName), afterCommit: () => publisher.kick() });
    dataSource.subscribers.push(this);
  }
}
