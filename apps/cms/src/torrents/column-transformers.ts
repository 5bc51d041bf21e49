import type { ValueTransformer } from 'typeorm';

export { bigintToNumber } from '../database/column-types.js';

/** Stores a JSON value as UTF-8 bytes in a blob column and reads it back. */
export const jsonBytes: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : Buffer.from(JSON.stringify(value), 'utf8')),
  from: (value: unknown) =>
    value == null ? value : (JSON.parse(Buffer.from(value as Uint8Array).toString('utf8')) as unknown),
};
