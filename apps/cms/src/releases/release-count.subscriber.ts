import type { EntitySubscriberInterface, InsertEvent, QueryRunner, RemoveEvent, UpdateEvent } from 'typeorm';
import type { ReleaseCountCache } from './release-count-cache.js';
import { Release } from './release.entity.js';

/**
 * Drops the cached list counts when this process writes a release, so a publish shows in the
 * totals at once here; again when the write's transaction commits, since a page counted in
 * between could have cached the count from before the commit.
 */
export class ReleaseCountSubscriber implements EntitySubscriberInterface<Release> {
  private pendingCommit = false;

  constructor(private readonly cache: ReleaseCountCache) {}

  listenTo(): typeof Release {
    return Release;
  }

  afterInsert(event: InsertEvent<Release>): void {
    this.changed(event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<Release>): void {
    this.changed(event.queryRunner);
  }

  afterRemove(event: RemoveEvent<Release>): void {
    this.changed(event.queryRunner);
  }

  afterTransactionCommit(): void {
    if (!this.pendingCommit) return;
    this.pendingCommit = false;
    this.cache.clear();
  }

  private changed(queryRunner: QueryRunner): void {
    this.cache.clear();
    if (queryRunner.isTransactionActive) this.pendingCommit = true;
  }
}
