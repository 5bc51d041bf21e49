import { FieldCheck } from '../forms/form-errors.js';
import { RELEASE_TEXT } from './messages.js';
import { checkPoster } from './poster.js';
import {
  checkCategoryId,
  checkDescription,
  checkTitle,
  type FieldResult,
  releaseFlags,
  type ReleaseFields,
} from './release-input.js';

export interface ReleaseFormInput {
  body: Record<string, unknown>;
  torrent?: Buffer | undefined;
  poster?: Buffer | undefined;
  /** A new release needs its .torrent; an edit keeps the one it has. */
  isNew: boolean;
  /** The categories the form offered: another id is not a choice. */
  categoryIds: ReadonlySet<number>;
}

function valueOf<T>(check: FieldCheck, field: string, result: FieldResult<T>, fallback: T): T {
  if (result.ok) return result.value;
  check.fail(field, result.error);
  return fallback;
}

/**
 * The release form's fields, each checked before anything is saved: every wrong field is
 * reported at once (FormInvalid), each beside its input. The .torrent's content is checked
 * afterwards by the service, which alone can read it.
 */
export function checkReleaseForm(input: ReleaseFormInput): ReleaseFields {
  const check = new FieldCheck();
  const title = valueOf(check, 'title', checkTitle(input.body['title']), '');
  const description = valueOf(check, 'description', checkDescription(input.body['description']), '');
  const categoryId = valueOf(check, 'category', checkCategoryId(input.body['category']), 0);
  if (!check.has('category') && !input.categoryIds.has(categoryId)) {
    check.fail('category', RELEASE_TEXT.categoryMissing);
  }
  if (input.isNew && !input.torrent?.length) check.fail('torrent', RELEASE_TEXT.torrentMissing);
  const poster = input.poster?.length ? checkPoster(input.poster) : null;
  if (poster && !poster.ok) check.fail('poster', poster.message);
  check.throwIfAny();
  return { title, description, categoryId, ...releaseFlags(input.body) };
}
