import { describe, expect, it } from '@jest/globals';
import { FieldCheck, FormInvalid } from './form-errors.js';

describe('FieldCheck', () => {
  it('throws every field error at once, the first per field', () => {
    const check = new FieldCheck();
    check.fail('password', 'Too short.');
    check.fail('password', 'Also too common.');
    check.fail('confirm', 'Does not match.');
    try {
      check.throwIfAny();
      throw new Error('expected FormInvalid');
    } catch (err) {
      expect(err).toBeInstanceOf(FormInvalid);
      expect((err as FormInvalid).fields).toEqual({ password: 'Too short.', confirm: 'Does not match.' });
      expect((err as FormInvalid).kind).toBe('invalid');
    }
  });

  it('throws nothing when no field failed', () => {
    expect(() => new FieldCheck().throwIfAny()).not.toThrow();
  });
});
