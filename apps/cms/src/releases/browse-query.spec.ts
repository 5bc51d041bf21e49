import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { browseHref, likePattern, parseBrowseQuery, SORT_KEYS, toBooleanModeQuery } from './browse-query.js';

describe('parseBrowseQuery', () => {
  it('applies defaults to an empty query', () => {
    expect(parseBrowseQuery({})).toEqual({
      q: '',
      category: null,
      sort: 'date',
      order: 'desc',
      page: 1,
      perPage: 25,
    });
  });

  it('keeps allowed values', () => {
    const parsed = parseBrowseQuery({
      q: ' linux iso ',
      category: 'Music',
      sort: 'seeders',
      order: 'asc',
      page: '3',
    });
    expect(parsed).toMatchObject({
      q: 'linux iso',
      category: 'music',
      sort: 'seeders',
      order: 'asc',
      page: 3,
    });
  });

  it('replaces injection attempts in sort, order and category by defaults', () => {
    const parsed = parseBrowseQuery({
      sort: 'id; DROP TABLE release',
      order: 'desc, (SELECT 1)',
      category: "music' OR 1=1 --",
      page: '-1',
      perPage: '1e9',
    });
    expect(parsed).toMatchObject({ sort: 'date', order: 'desc', category: null, page: 1, perPage: 25 });
  });

  it('takes the first value of a repeated parameter and clamps pages', () => {
    expect(parseBrowseQuery({ sort: ['size', 'date'], page: '999999999', perPage: '500' })).toMatchObject({
      sort: 'size',
      page: 10000,
      perPage: 100,
    });
  });

  it('never yields a value outside the allow-lists, whatever the input', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))), (raw) => {
        const parsed = parseBrowseQuery(raw);
        expect(SORT_KEYS).toContain(parsed.sort);
        expect(['asc', 'desc']).toContain(parsed.order);
        expect(parsed.page).toBeGreaterThanOrEqual(1);
        expect(parsed.q.length).toBeLessThanOrEqual(200);
      }),
    );
  });
});

describe('toBooleanModeQuery', () => {
  it('requires and prefix-matches every word', () => {
    expect(toBooleanModeQuery('Debian netinst')).toBe('+debian* +netinst*');
  });

  it('strips boolean operators and quotes from user input', () => {
    expect(toBooleanModeQuery('-foo +bar "baz" (qux) ~x* @dist')).toBe('+foo* +bar* +baz* +qux* +dist*');
  });

  it('returns null when no word is long enough', () => {
    expect(toBooleanModeQuery('a b ;')).toBeNull();
  });

  it('keeps non-Latin words', () => {
    expect(toBooleanModeQuery('Трек live')).toBe('+трек* +live*');
  });
});

describe('likePattern', () => {
  it('escapes wildcards', () => {
    expect(likePattern('50%_off!')).toBe('%50!%!_off!!%');
  });
});

describe('browseHref', () => {
  it('keeps the filters and drops defaults', () => {
    const q = parseBrowseQuery({ q: 'a&b', sort: 'size' });
    expect(browseHref('/browse', q, { page: 2 })).toBe('/browse?q=a%26b&sort=size&page=2');
    expect(browseHref('/browse', parseBrowseQuery({}), {})).toBe('/browse');
  });
});
