export interface LoginLimits {
  readonly perAccount: number;
  readonly perIp: number;
  readonly windowMs: number;
}

export const LOGIN_LIMITS: LoginLimits = { perAccount: 5, perIp: 20, windowMs: 15 * 60 * 1000 };

/**
 * Counts failed logins per IP and per account name in fixed windows that start at the first
 * failure. Accounts are keyed by the name typed, existing or not, so the limit itself reveals
 * nothing. A success clears the account's counter, not the IP's. In memory for one process
 * (`MemoryLoginLimiter`), in Redis when REDIS_URL is set (`RedisLoginLimiter`), so that
 * several CMS processes share one budget instead of each granting its own.
 */
export abstract class LoginLimiter {
  abstract isBlocked(ip: string, username: string): Promise<boolean>;
  abstract recordFailure(ip: string, username: string): Promise<void>;
  abstract recordSuccess(username: string): Promise<void>;
}

/** What one login attempt is counted against. */
export function loginSubjects(ip: string, username: string): { ip: string; account: string } {
  return { ip: `ip:${ip}`, account: `user:${username.toLowerCase()}` };
}

interface Window {
  failures: number;
  resetAt: number;
}

export class MemoryLoginLimiter extends LoginLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: LoginLimits = LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async isBlocked(ip: string, username: string): Promise<boolean> {
    const subjects = loginSubjects(ip, username);
    return (
      this.failures(subjects.ip) >= this.limits.perIp ||
      this.failures(subjects.account) >= this.limits.perAccount
    );
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    const subjects = loginSubjects(ip, username);
    this.bump(subjects.ip);
    this.bump(subjects.account);
  }

  async recordSuccess(username: string): Promise<void> {
    this.windows.delete(loginSubjects('', username).account);
  }

  private failures(key: string): number {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= this.now()) return 0;
    return window.failures;
  }

  private bump(key: string): void {
    const window = this.windows.get(key);
    if (window && window.resetAt > this.now()) window.failures += 1;
    else this.windows.set(key, { failures: 1, resetAt: this.now() + this.limits.windowMs });
    if (this.windows.size > 100_000) this.sweep();
  }

  /** Bounds memory under a spray of names: drop expired windows. */
  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
