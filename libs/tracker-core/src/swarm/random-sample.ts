/**
 * `k` distinct integers drawn uniformly from [0, n), in O(k) time and memory (Robert
 * Floyd's algorithm): peer selection must not cost O(swarm size). When k >= n, all of
 * [0, n). `random` returns [0, 1) like Math.random.
 */
export function sampleIndexes(n: number, k: number, random: () => number): Iterable<number> {
  if (k >= n) return range(n);
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return chosen;
}

function* range(n: number): Iterable<number> {
  for (let i = 0; i < n; i++) yield i;
}
