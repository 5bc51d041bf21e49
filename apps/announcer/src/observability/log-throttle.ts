/**
 * At most one log line per kind of fault per interval. A fault that hits every request (Redis
 * away, a bug on the hot path) would otherwise write a line per announce, thousands a second,
 * burying the first line that explains it. Metrics still count every occurrence.
 */
export class LogThrottle {
  private readonly kinds = new Map<string, { loggedAt: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Whether to log this occurrence: undefined when not, else how many of this kind were not
   * logged since the last line (0 for the first).
   */
  admit(kind: string): number | undefined {
    const now = this.clock();
    const state = this.kinds.get(kind);
    if (state === undefined) {
      this.kinds.set(kind, { loggedAt: now, suppressed: 0 });
      return 0;
    }
    if (now - state.loggedAt < this.intervalMs) {
      state.suppressed++;
      return undefined;
    }
    const suppressed = state.suppressed;
    state.loggedAt = now;
    state.suppressed = 0;
    return suppressed;
  }
}
