import { LOGIN_LIMITS, LoginLimiter, loginSubjects, type LoginLimits } from './login-limiter.js';

interface Window {
  failures: number;
  resetAt: number;
}

/** Failed-login counters in this process's memory: one budget per process. */
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
