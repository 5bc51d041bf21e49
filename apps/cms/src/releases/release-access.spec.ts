import { describe, expect, it } from '@jest/globals';
import { canEdit, canUpload, canView } from './release-access.js';

const draft = { authorId: 7, status: 'draft' as const };
const published = { authorId: 7, status: 'published' as const };

describe('release access', () => {
  it('lets uploaders, editors and admins upload, not users or visitors', () => {
    expect(canUpload({ id: 1, role: 'uploader' })).toBe(true);
    expect(canUpload({ id: 1, role: 'editor' })).toBe(true);
    expect(canUpload({ id: 1, role: 'admin' })).toBe(true);
    expect(canUpload({ id: 1, role: 'user' })).toBe(false);
    expect(canUpload(null)).toBe(false);
  });

  it('lets an uploader edit only their own release, editors any', () => {
    expect(canEdit({ id: 7, role: 'uploader' }, draft)).toBe(true);
    expect(canEdit({ id: 8, role: 'uploader' }, draft)).toBe(false);
    expect(canEdit({ id: 8, role: 'editor' }, draft)).toBe(true);
    expect(canEdit({ id: 7, role: 'user' }, draft)).toBe(false);
  });

  it('shows drafts only to the author and editors', () => {
    expect(canView(null, draft)).toBe(false);
    expect(canView({ id: 8, role: 'uploader' }, draft)).toBe(false);
    expect(canView({ id: 7, role: 'uploader' }, draft)).toBe(true);
    expect(canView({ id: 9, role: 'admin' }, draft)).toBe(true);
    expect(canView(null, published)).toBe(true);
  });
});
