import { Category } from '../categories/category.entity.js';
import { AfterCommitSubscriber } from '../database/after-commit.js';
import { Release } from './release.entity.js';

/**
 * Calls `clear` when this process writes a release or a category (create, edit, publish,
 * unpublish, delete, rename), so the cached list pages and counts show the change at once;
 * again when the write's transaction commits, since a page read in between could have cached
 * what was there before the commit. Torrent rows are left out on purpose: their writes are the
 * periodic swarm-count copy and snatch counters, which the lists may show a few seconds late
 * (docs/adr/0009-site-read-path.md). Other processes' writes show when the entries expire.
 */
export class ReleaseListInvalidator extends AfterCommitSubscriber {
  constructor(clear: () => void) {
    super({
      watches: (entity) => entity.target === Release || entity.target === Category,
      afterCommit: clear,
      alsoAtWrite: true,
    });
  }
}
