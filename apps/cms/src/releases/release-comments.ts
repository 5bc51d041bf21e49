import type { Viewer } from './release-access.js';
import type { CommentView } from './release-page.js';

/**
 * What the release page shows under a release. The comments feature, which sits above
 * releases, provides it (comments.module.ts): releases only name what they need.
 */
export abstract class ReleaseComments {
  /** The comments this viewer sees under the release, oldest first. */
  abstract listForRelease(viewer: Viewer | null, releaseId: number): Promise<CommentView[]>;
}
