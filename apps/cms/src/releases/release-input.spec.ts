import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { parseReleaseFields } from './release-input.js';

describe('parseReleaseFields', () => {
  it('parses a complete form', () => {
    expect(
      parseReleaseFields({ title: '  Debian  12 ', category: '3', description: 'x\r\ny', publish: 'on' }),
    ).toEqual({ title: 'Debian 12', categoryId: 3, description: 'x\ny', publish: true, freeleech: false });
  });

  it('accepts API booleans', () => {
    expect(parseReleaseFields({ title: 't', category: '1', publish: 'false' }).publish).toBe(false);
    expect(parseReleaseFields({ title: 't', category: '1', publish: true }).publish).toBe(true);
  });

  it('folds newlines in the title into spaces', () => {
    expect(parseReleaseFields({ title: 'a\r\nb\u0000c', category: '1' }).title).toBe('a b c');
  });

  it.each([
    [{ category: '1' }, 'Give the release a title.'],
    [{ title: 'x'.repeat(201), category: '1' }, 'The title is longer than 200 characters.'],
    [{ title: 't', category: "1' OR 1=1" }, 'Choose a category.'],
    [{ title: 't' }, 'Choose a category.'],
    [
      { title: 't', category: '1', description: 'd'.repeat(16_001) },
      'The description is longer than 16000 characters.',
    ],
  ])('refuses %j with a message', (body, message) => {
    expect(() => parseReleaseFields(body)).toThrow(new DomainError('invalid', message));
  });
});
