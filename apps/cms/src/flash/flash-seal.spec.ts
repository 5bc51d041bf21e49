import { describe, expect, it } from '@jest/globals';
import { FLASH_TTL_MS, MAX_FLASH_CHARS, openFlash, sealFlash } from './flash-seal.js';

const SECRET = 'a-secret-of-enough-length-for-tests';
const NOW = 1_800_000_000_000;

describe('a flash cookie', () => {
  it('opens to the message it was sealed with', () => {
    const sealed = sealFlash(SECRET, { kind: 'ok', text: 'Release “Dune” deleted.' }, NOW);
    expect(openFlash(SECRET, sealed, NOW + 1000)).toEqual({ kind: 'ok', text: 'Release “Dune” deleted.' });
  });

  it('opens to nothing once expired, or when signed with another secret', () => {
    const sealed = sealFlash(SECRET, { kind: 'error', text: 'No.' }, NOW);
    expect(openFlash(SECRET, sealed, NOW + FLASH_TTL_MS)).toBeNull();
    expect(openFlash('another-secret-another-secret!!', sealed, NOW)).toBeNull();
  });

  it('opens to nothing when its text was changed, or when it is not ours at all', () => {
    const sealed = sealFlash(SECRET, { kind: 'ok', text: 'Saved.' }, NOW);
    const [, mac] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ k: 'ok', t: 'Call 555-0100', e: NOW + 1000 })).toString(
      'base64url',
    );
    expect(openFlash(SECRET, `${forged}.${mac}`, NOW)).toBeNull();
    for (const junk of ['', 'x', 'a.b', undefined, 42, `${'A'.repeat(5000)}.${mac}`]) {
      expect(openFlash(SECRET, junk, NOW)).toBeNull();
    }
  });

  it('keeps at most MAX_FLASH_CHARS characters of a long text', () => {
    const sealed = sealFlash(SECRET, { kind: 'ok', text: '😀'.repeat(MAX_FLASH_CHARS + 50) }, NOW);
    expect([...(openFlash(SECRET, sealed, NOW)?.text ?? '')]).toHaveLength(MAX_FLASH_CHARS);
    expect(sealed.length).toBeLessThan(3100);
  });
});
