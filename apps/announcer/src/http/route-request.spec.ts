import { describe, expect, it } from '@jest/globals';
import { routeRequest } from './route-request.js';

const PK = '0123456789abcdef0123456789abcdef';

describe('routeRequest', () => {
  it.each([
    [`/announce?passkey=${PK}&info_hash=x`, 'announce', PK, `passkey=${PK}&info_hash=x`],
    [`/announce/${PK}?info_hash=x`, 'announce', PK, 'info_hash=x'],
    [`/${PK}/announce?info_hash=x`, 'announce', PK, 'info_hash=x'],
    [`/scrape?passkey=${PK}`, 'scrape', PK, `passkey=${PK}`],
    [`/scrape/${PK}`, 'scrape', PK, ''],
    [`/${PK}/scrape?info_hash=x`, 'scrape', PK, 'info_hash=x'],
    ['/announce?info_hash=x', 'announce', undefined, 'info_hash=x'],
    ['/healthz', 'healthz', undefined, ''],
    ['/metrics', 'metrics', undefined, ''],
  ])('routes %s', (target, kind, passkey, rawQuery) => {
    expect(routeRequest(target)).toEqual({ kind, passkey, rawQuery });
  });

  it.each(['/', '/index.html', '/a/b/announce', '/announce/x/y', 'announce'])(
    'does not route %s',
    (target) => {
      expect(routeRequest(target).kind).toBe('not_found');
    },
  );

  it('treats two different passkeys as ambiguous (null)', () => {
    expect(routeRequest(`/announce?passkey=${PK}&passkey=${PK.replace('0', 'f')}`).passkey).toBeNull();
    expect(routeRequest(`/announce/${PK}?passkey=${PK.replace('0', 'f')}`).passkey).toBeNull();
    expect(routeRequest(`/announce/${PK}?passkey=${PK}`).passkey).toBe(PK);
  });
});
