export interface LoginLimits {
  readonly perAccount: number;
  readonly perIp: number;
  readonly windowMs: number;
}

export const LOGIN_LIMITS: LoginLimits = { perAccount: 5, perIp: 20, windowMs: 15 * 60 * 1000 };

/**
 * The login limiter port: counts failed logins per IP and per account name in fixed windows
 * that start at the first failure. Accounts are keyed by the name typed, existing or not, so
 * the limit itself reveals nothing. A success clears the account's counter, not the IP's.
 * Adapters: `MemoryLoginLimiter` (one process) and Redis (tracker-redis), so that several
 * site processes share one budget instead of each granting its own.
 *
 * Contract (every adapter passes `runLoginLimiterContract` from `@tracker/core/testing`):
 * blocked once either count reaches its limit, account names case-insensitive, later
 * failures never extend a window, and every process of one store counts against one budget.
 */
export abstract class LoginLimiter {
  abstract isBlocked(ip: string, username: string): Promise<boolean>;
  abstract recordFailure(ip: string, username: string): Promise<void>;
  abstract recordSuccess(username: string): Promise<void>;

  /** Releases what the limiter holds open (a connection); the owner calls it at shutdown. */
  async close(): Promise<void> {
    return undefined;
  }
}

/** What one login attempt is counted against. */
export function loginSubjects(ip: string, username: string): { ip: string; account: string } {
  return { ip: `ip:${ip}`, account: `user:${username.toLowerCase()}` };
}
