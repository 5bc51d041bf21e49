import { describe, expect, it } from '@jest/globals';
import { FormInvalid } from '../forms/form-errors.js';
import { checkReleaseForm, type ReleaseFormInput } from './release-form.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

function fieldErrors(input: ReleaseFormInput): Record<string, string> {
  try {
    checkReleaseForm(input);
  } catch (err) {
    if (err instanceof FormInvalid) return err.fields;
    throw err;
  }
  return {};
}

describe('the release form check', () => {
  it('reports every wrong field at once, each under its own name', () => {
    const errors = fieldErrors({
      body: { title: '  ', category: 'x', description: 'd'.repeat(16_001) },
      poster: Buffer.from('not an image'),
      isNew: true,
      categoryIds: new Set([1]),
    });
    expect(Object.keys(errors).sort()).toEqual(['category', 'description', 'poster', 'title', 'torrent']);
    expect(errors['torrent']).toBe('Choose the .torrent file to upload.');
  });

  it('refuses a category the form did not offer', () => {
    const errors = fieldErrors({
      body: { title: 'T', category: '7' },
      isNew: false,
      categoryIds: new Set([1]),
    });
    expect(errors).toEqual({ category: 'Choose a category.' });
  });

  it('returns the typed values when all is well; an edit needs no .torrent', () => {
    const fields = checkReleaseForm({
      body: { title: ' Dune ', category: '1', description: 'x\r\ny', publish: 'on' },
      poster: PNG,
      isNew: false,
      categoryIds: new Set([1]),
    });
    expect(fields).toEqual({
      title: 'Dune',
      categoryId: 1,
      description: 'x\ny',
      publish: true,
      freeleech: false,
    });
  });
});
