/** A Redis stream id `<ms>-<seq>` as a comparable pair; null for anything else. */
export function parseStreamId(id: string): { ms: bigint; seq: bigint } | null {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(id);
  return match ? { ms: BigInt(match[1] as string), seq: BigInt(match[2] as string) } : null;
}

export function compareStreamIds(a: string, b: string): number {
  const x = parseStreamId(a);
  const y = parseStreamId(b);
  if (!x || !y) throw new Error(`not a stream id: ${x ? b : a}`);
  if (x.ms !== y.ms) return x.ms < y.ms ? -1 : 1;
  return x.seq === y.seq ? 0 : x.seq < y.seq ? -1 : 1;
}

/** Redis replies a map as a flat [k, v, k, v…] list under RESP2 and may hand an object under RESP3. */
export function replyRecord(reply: unknown): Record<string, unknown> {
  if (Array.isArray(reply)) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = reply[i + 1];
    return out;
  }
  if (reply instanceof Map) return Object.fromEntries(reply) as Record<string, unknown>;
  return (reply ?? {}) as Record<string, unknown>;
}
