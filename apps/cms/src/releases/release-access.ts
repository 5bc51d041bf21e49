import type { Role } from '../users/user.entity.js';
import type { Release } from './release.entity.js';

/** Who is looking: the logged-in account, or null for a visitor. */
export interface Viewer {
  id: number;
  role: Role;
}

export function isStaff(viewer: Viewer | null | undefined): boolean {
  return viewer?.role === 'editor' || viewer?.role === 'admin';
}

/** Uploaders, editors and admins post releases. */
export function canUpload(viewer: Viewer | null | undefined): boolean {
  return viewer?.role === 'uploader' || isStaff(viewer);
}

/** Editors edit any release; uploaders only their own. */
export function canEdit(viewer: Viewer | null | undefined, release: Pick<Release, 'authorId'>): boolean {
  if (!viewer) return false;
  return isStaff(viewer) || (viewer.role === 'uploader' && viewer.id === release.authorId);
}

/** Published releases are public; a draft is seen by its author and by editors only. */
export function canView(
  viewer: Viewer | null | undefined,
  release: Pick<Release, 'authorId' | 'status'>,
): boolean {
  return release.status === 'published' || (!!viewer && (isStaff(viewer) || viewer.id === release.authorId));
}
