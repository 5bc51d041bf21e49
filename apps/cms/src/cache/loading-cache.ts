/**
 * Values kept `ttlMs` under a key, at most `maxEntries` of them (the oldest is dropped first).
 * Concurrent misses for one key share one load; a failed load is not kept, so the next caller
 * asks again. `clear()` drops everything, loads in flight included: a value loaded before a
 * change is never handed out after it. (The registry reader's `TtlCache` in tracker-redis is
 * another thing: a synchronous map of answers, emptied when full.)
 */
export class LoadingCache<V> {
  private readonly entries = new Map<string, { expires: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    if (hit) this.entries.delete(key);
    const value = load();
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { expires: this.now() + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
