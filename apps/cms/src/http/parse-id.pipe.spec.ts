import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { MAX_ROW_ID, ParseIdPipe, parseRowId } from './parse-id.pipe.js';

describe('a route id', () => {
  it.each(['1', '42', String(MAX_ROW_ID)])('%s names a row', (raw) => {
    expect(parseRowId(raw)).toBe(Number(raw));
  });

  it.each([
    '',
    'abc',
    '0',
    '-1',
    '1.5',
    '0x10',
    '1e3',
    '012',
    ' 1',
    String(MAX_ROW_ID + 1),
    '99999999999999999999',
  ])('"%s" names nothing', (raw) => {
    expect(parseRowId(raw)).toBeNull();
  });

  it('is refused by the pipe as not found, never as a validation failure', () => {
    let refusal: unknown;
    try {
      new ParseIdPipe().transform('abc');
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: 'not-found' });
  });
});
