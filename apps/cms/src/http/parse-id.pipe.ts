import { Injectable, type PipeTransform } from '@nestjs/common';
import { notFound } from '../errors/domain-error.js';
import { HTTP_TEXT } from './messages.js';

/** The largest id a row can have: a signed 32-bit INT on MariaDB and SQLite alike. */
export const MAX_ROW_ID = 2_147_483_647;

/** A route id: 1 to MAX_ROW_ID in plain decimal digits, else null (no "1.5", "0x10", "1e3", "-1"). */
export function parseRowId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ROW_ID ? id : null;
}

/**
 * Replaces ParseIntPipe on `:id` params: an id that cannot name a row names nothing, so the
 * answer is the site's 404 page, not a 400 with the framework's "Validation failed" text.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const id = parseRowId(value);
    if (id === null) throw notFound(HTTP_TEXT.notFound);
    return id;
  }
}
