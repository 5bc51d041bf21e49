import { describe, expect, it } from '@jest/globals';
import { LOGIN_LIMITS, LoginLimiter } from './login-limiter.js';

describe('LoginLimiter', () => {
  it('blocks an account name after the per-account limit, from any IP', () => {
    const limiter = new LoginLimiter(() => 0);
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i += 1) limiter.recordFailure(`10.0.0.${i}`, 'Alice');
    expect(limiter.isBlocked('192.168.1.1', 'alice')).toBe(true);
    expect(limiter.isBlocked('192.168.1.1', 'bob')).toBe(false);
  });

  it('blocks an IP after the per-IP limit, whatever names it tries', () => {
    const limiter = new LoginLimiter(() => 0);
    for (let i = 0; i < LOGIN_LIMITS.perIp; i += 1) limiter.recordFailure('10.0.0.1', `name${i}`);
    expect(limiter.isBlocked('10.0.0.1', 'fresh-name')).toBe(true);
    expect(limiter.isBlocked('10.0.0.2', 'fresh-name')).toBe(false);
  });

  it('forgets failures when the window ends, and a success clears the account', () => {
    let now = 0;
    const limiter = new LoginLimiter(() => now);
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i += 1) limiter.recordFailure('10.0.0.1', 'carol');
    now = LOGIN_LIMITS.windowMs + 1;
    expect(limiter.isBlocked('10.0.0.1', 'carol')).toBe(false);
    limiter.recordFailure('10.0.0.1', 'dave');
    limiter.recordSuccess('dave');
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i += 1) limiter.recordFailure('10.0.0.9', 'dave');
    expect(limiter.isBlocked('10.0.0.9', 'dave')).toBe(false);
  });
});
