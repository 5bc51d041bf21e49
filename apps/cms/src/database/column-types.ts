import type { ValueTransformer } from 'typeorm';

/** mysql2 returns BIGINT as a string, better-sqlite3 as a number: always hand out a number. */
export const bigintToNumber: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : Number(value)),
};
