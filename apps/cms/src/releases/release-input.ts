import { invalid } from '../errors/domain-error.js';

/** The text fields of the release form / API, checked at the edge. */
export interface ReleaseFields {
  title: string;
  categoryId: number;
  description: string;
  publish: boolean;
  freeleech: boolean;
}

export const MAX_TITLE_CHARS = 200;
// 16,000 characters of 4-byte UTF-8 still fit a MySQL TEXT column (64 KiB).
export const MAX_DESCRIPTION_CHARS = 16_000;

/** One field's value, or the message to show beside it. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function checkTitle(raw: unknown): FieldResult<string> {
  const title = singleLine(raw);
  if (!title) return fail('Give the release a title.');
  if ([...title].length > MAX_TITLE_CHARS)
    return fail(`The title is longer than ${MAX_TITLE_CHARS} characters.`);
  return { ok: true, value: title };
}

export function checkDescription(raw: unknown): FieldResult<string> {
  const description = text(raw).replace(/\r\n/g, '\n').trim();
  if (description.length > MAX_DESCRIPTION_CHARS) {
    return fail(`The description is longer than ${MAX_DESCRIPTION_CHARS} characters.`);
  }
  return { ok: true, value: description };
}

/** The category's id; whether it exists is the caller's question. */
export function checkCategoryId(raw: unknown): FieldResult<number> {
  const category = text(raw).trim();
  return /^\d{1,9}$/.test(category) ? { ok: true, value: Number(category) } : fail('Choose a category.');
}

export function releaseFlags(body: Record<string, unknown>): Pick<ReleaseFields, 'publish' | 'freeleech'> {
  return { publish: flag(body['publish']), freeleech: flag(body['freeleech']) };
}

function valueOrThrow<T>(result: FieldResult<T>): T {
  if (!result.ok) throw invalid(result.error);
  return result.value;
}

/**
 * Parses the raw form/multipart body for the API: throws DomainError('invalid') with the first
 * field's message (the site's form shows every field's error at once: release-form.ts).
 */
export function parseReleaseFields(body: Record<string, unknown>): ReleaseFields {
  const title = valueOrThrow(checkTitle(body['title']));
  const description = valueOrThrow(checkDescription(body['description']));
  const categoryId = valueOrThrow(checkCategoryId(body['category']));
  return { title, categoryId, description, ...releaseFlags(body) };
}

function text(value: unknown): string {
  if (Array.isArray(value)) return text(value[0]);
  return typeof value === 'string' ? value : '';
}

/** Titles are one line: control characters (including newlines) become spaces. */
function singleLine(value: unknown): string {
  return text(value)
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Checkboxes send "on"; API clients send true/false or 1/0. */
function flag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return ['on', 'true', '1', 'yes'].includes(text(value).trim().toLowerCase());
}
