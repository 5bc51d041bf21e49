import type { EntitySubscriberInterface, InsertEvent, QueryRunner, RemoveEvent, UpdateEvent } from 'typeorm';
import { Category } from '../categories/category.entity.js';
import { Release } from './release.entity.js';

/**
 * Calls `clear` when this process writes a release or a category (create, edit, publish,
 * unpublish, delete, rename), so the cached list pages and counts show the change at once;
 * again when the write's transaction commits, since a page read in between could have cached
 * what was there before the commit. Torrent rows are left out on purpose: their writes are the
 * periodic swarm-count copy and snatch counters, which the lists may show a few seconds late
 * (docs/adr/0009-site-read-path.md). Other processes' writes show when the entries expire.
 */
export class ReleaseListInvalidator implements EntitySubscriberInterface {
  private pendingCommit = false;

  constructor(private readonly clear: () => void) {}

  afterInsert(event: InsertEvent<unknown>): void {
    this.changed(event.metadata.target, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.changed(event.metadata.target, event.queryRunner);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.changed(event.metadata.target, event.queryRunner);
  }

  afterTransactionCommit(): void {
    if (!this.pendingCommit) return;
    this.pendingCommit = false;
    this.clear();
  }

  private changed(target: unknown, queryRunner: QueryRunner): void {
    if (target !== Release && target !== Category) return;
    this.clear();
    if (queryRunner.isTransactionActive) this.pendingCommit = true;
  }
}
