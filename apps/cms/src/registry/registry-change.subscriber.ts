import { Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type InsertEvent,
  type RemoveEvent,
  type UpdateEvent,
} from 'typeorm';
import { RegistryPublisher } from './registry-publisher.js';

const REGISTRY_TABLES = new Set(['user', 'torrent', 'release']);

type ChangeEvent = InsertEvent<unknown> | UpdateEvent<unknown> | RemoveEvent<unknown>;

/**
 * Only a latency shortcut: the triggers write the outbox, the poll would find it within
 * `pollMs`; this kicks the drain as soon as a change to a registry table commits in this
 * process (at once outside a transaction, else on the transaction's commit).
 */
@Injectable()
export class RegistryChangeSubscriber implements EntitySubscriberInterface {
  private pendingCommit = false;

  constructor(
    dataSource: DataSource,
    private readonly publisher: RegistryPublisher,
  ) {
    dataSource.subscribers.push(this);
  }

  afterInsert(event: InsertEvent<unknown>): void {
    this.changed(event);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.changed(event);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.changed(event);
  }

  afterTransactionCommit(): void {
    if (!this.pendingCommit) return;
    this.pendingCommit = false;
    this.publisher.kick();
  }

  private changed(event: ChangeEvent): void {
    if (!REGISTRY_TABLES.has(event.metadata.tableName)) return;
    if (event.queryRunner.isTransactionActive) this.pendingCommit = true;
    else this.publisher.kick();
  }
}
