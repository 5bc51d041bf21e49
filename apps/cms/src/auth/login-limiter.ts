import { Injectable } from '@nestjs/common';

interface Window {
  failures: number;
  resetAt: number;
}

export const LOGIN_LIMITS = { perAccount: 5, perIp: 20, windowMs: 15 * 60 * 1000 };

/**
 * Counts failed logins per IP and per account name in fixed windows, in memory (one CMS
 * process). Accounts are keyed by the name typed, existing or not, so the limit itself
 * reveals nothing. A success clears the account's counter, not the IP's.
 */
@Injectable()
export class LoginLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  isBlocked(ip: string, username: string): boolean {
    return (
      this.failures(`ip:${ip}`) >= LOGIN_LIMITS.perIp ||
      this.failures(`user:${username.toLowerCase()}`) >= LOGIN_LIMITS.perAccount
    );
  }

  recordFailure(ip: string, username: string): void {
    this.bump(`ip:${ip}`);
    this.bump(`user:${username.toLowerCase()}`);
  }

  recordSuccess(username: string): void {
    this.windows.delete(`user:${username.toLowerCase()}`);
  }

  private failures(key: string): number {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= this.now()) return 0;
    return window.failures;
  }

  private bump(key: string): void {
    const window = this.windows.get(key);
    if (window && window.resetAt > this.now()) window.failures += 1;
    else this.windows.set(key, { failures: 1, resetAt: this.now() + LOGIN_LIMITS.windowMs });
    if (this.windows.size > 100_000) this.sweep();
  }

  /** Bounds memory under a spray of names: drop expired windows. */
  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
