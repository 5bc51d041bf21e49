import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LoginLimiter, LoginLimits } from '../login-limits/login-limiter.js';

export interface LoginLimitsUnderTest {
  /**
   * A limiter on the store under test. Every call gives what another site process would open
   * on the same store (Redis: another limiter on the same keys; memory: the same object).
   */
  limiter(): LoginLimiter;
  /** Drops what the run wrote and closes the store. */
  close(): Promise<void>;
}

/** Short limits, so the window test takes under a second. */
export const CONTRACT_LOGIN_LIMITS: LoginLimits = { perAccount: 3, perIp: 5, windowMs: 400 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Fresh names and addresses per test: a store's counters outlive a limiter object.
const name = () => `user-${randomBytes(4).toString('hex')}`;
const ip = () => `10.${randomBytes(3).join('.')}`;

/**
 * Runs the login limiter contract (see login-limiter.ts) against one adapter, opened with
 * `CONTRACT_LOGIN_LIMITS`.
 */
export function runLoginLimiterContract(
  adapter: string,
  open: (limits: LoginLimits) => Promise<LoginLimitsUnderTest>,
): void {
  describe(`login limiter contract: ${adapter}`, () => {
    const limits = CONTRACT_LOGIN_LIMITS;
    let store: LoginLimitsUnderTest | undefined;
    const limiter = (): LoginLimiter => {
      if (!store) throw new Error('the store did not open');
      return store.limiter();
    };

    beforeAll(async () => {
      store = await open(limits);
    });

    afterAll(async () => {
      await store?.close();
    });

    it('blocks an account name after the per-account limit, from any IP, whatever its case', async () => {
      const alice = name();
      for (let i = 0; i < limits.perAccount; i += 1) await limiter().recordFailure(ip(), alice.toUpperCase());
      expect(await limiter().isBlocked(ip(), alice)).toBe(true);
      expect(await limiter().isBlocked(ip(), name())).toBe(false);
    });

    it('blocks an IP after the per-IP limit, whatever names it tries', async () => {
      const from = ip();
      for (let i = 0; i < limits.perIp; i += 1) await limiter().recordFailure(from, name());
      expect(await limiter().isBlocked(from, name())).toBe(true);
      expect(await limiter().isBlocked(ip(), name())).toBe(false);
    });

    it('does not block below the limits', async () => {
      const [from, bob] = [ip(), name()];
      for (let i = 0; i < limits.perAccount - 1; i += 1) await limiter().recordFailure(from, bob);
      expect(await limiter().isBlocked(from, bob)).toBe(false);
    });

    it('clears the account, not the IP, on a success', async () => {
      const [from, carol] = [ip(), name()];
      for (let i = 0; i < limits.perAccount - 1; i += 1) await limiter().recordFailure(from, carol);
      await limiter().recordSuccess(carol);
      for (let i = 0; i < limits.perAccount - 1; i += 1) await limiter().recordFailure(from, carol);
      expect(await limiter().isBlocked(ip(), carol)).toBe(false);
      // The IP kept its 2 × (perAccount - 1) = 4 failures: one more reaches perIp.
      await limiter().recordFailure(from, name());
      expect(await limiter().isBlocked(from, name())).toBe(true);
    });

    it('forgets failures when the window that started at the first one ends', async () => {
      const dave = name();
      await limiter().recordFailure(ip(), dave);
      await sleep(limits.windowMs / 2);
      for (let i = 1; i < limits.perAccount; i += 1) await limiter().recordFailure(ip(), dave);
      expect(await limiter().isBlocked(ip(), dave)).toBe(true);
      // Later failures did not extend the window: it ends windowMs after the first.
      await sleep(limits.windowMs / 2 + 100);
      expect(await limiter().isBlocked(ip(), dave)).toBe(false);
    });

    it('counts the failures seen by two site processes against one budget', async () => {
      const [first, second] = [limiter(), limiter()];
      const erin = name();
      await first.recordFailure(ip(), erin);
      await second.recordFailure(ip(), erin);
      await first.recordFailure(ip(), erin);
      expect(await second.isBlocked(ip(), erin)).toBe(true);
    });
  });
}
