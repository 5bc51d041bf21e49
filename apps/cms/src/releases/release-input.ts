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

/**
 * Parses the raw form/multipart body. Throws DomainError('invalid') with a message for the
 * form. The category is an id here; whether it exists is the service's question.
 */
export function parseReleaseFields(body: Record<string, unknown>): ReleaseFields {
  const title = singleLine(body['title']);
  if (!title) throw invalid('Give the release a title.');
  if ([...title].length > MAX_TITLE_CHARS)
    throw invalid(`The title is longer than ${MAX_TITLE_CHARS} characters.`);
  const description = text(body['description']).replace(/\r\n/g, '\n').trim();
  if (description.length > MAX_DESCRIPTION_CHARS) {
    throw invalid(`The description is longer than ${MAX_DESCRIPTION_CHARS} characters.`);
  }
  const category = text(body['category']).trim();
  if (!/^\d{1,9}$/.test(category)) throw invalid('Choose a category.');
  return {
    title,
    categoryId: Number(category),
    description,
    publish: flag(body['publish']),
    freeleech: flag(body['freeleech']),
  };
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
