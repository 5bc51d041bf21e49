import { describe, expect, it } from '@jest/globals';
import { generate } from 'otplib';
import {
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';

const NOW = 1_800_000_000;

describe('TOTP', () => {
  const secret = newTotpSecret();
  const codeAt = (seconds: number) => generate({ secret, epoch: seconds });

  it('accepts the current code and tells its time step', async () => {
    expect(await verifyTotp(secret, await codeAt(NOW), null, NOW)).toBe(Math.floor(NOW / 30));
  });

  it('accepts a code one step off either way, not two', async () => {
    expect(await verifyTotp(secret, await codeAt(NOW - 30), null, NOW)).not.toBeNull();
    expect(await verifyTotp(secret, await codeAt(NOW + 30), null, NOW)).not.toBeNull();
    expect(await verifyTotp(secret, await codeAt(NOW - 90), null, NOW)).toBeNull();
  });

  it('refuses a code at or before the last accepted step (no replay)', async () => {
    const code = await codeAt(NOW);
    const step = await verifyTotp(secret, code, null, NOW);
    expect(await verifyTotp(secret, code, step, NOW)).toBeNull();
  });

  it('takes a code typed with a space, refuses anything not six digits', async () => {
    const code = await codeAt(NOW);
    expect(await verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, NOW)).not.toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}' OR 1=1`]) {
      expect(await verifyTotp(secret, bad, null, NOW)).toBeNull();
    }
  });

  it('builds the otpauth URI the authenticator app reads', () => {
    const uri = totpUri('My Tracker', 'alice', 'JBSWY3DPEHPK3PXP');
    expect(uri).toMatch(/^otpauth:\/\/totp\/My%20Tracker:alice\?/);
    expect(new URL(uri).searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(new URL(uri).searchParams.get('issuer')).toBe('My Tracker');
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes that read back whatever the case and dashes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const [first = ''] = codes;
    expect(hashRecoveryCode(first.toUpperCase().replace('-', ' '))).toBe(hashRecoveryCode(first));
    expect(looksLikeRecoveryCode(first)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
