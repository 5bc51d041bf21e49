import { HOLD_CAUSES, type AnnounceCredit, type HeldReason, type HoldCause } from './swarm-store.js';

/** What one announce claims since the peer's previous accepted announce, and what is known of the swarm. */
export interface CreditClaim {
  /** Growth of the counters over the baseline (0 when a counter went down). */
  readonly uploaded: bigint;
  readonly downloaded: bigint;
  /** Milliseconds since the peer's previous accepted announce over any family. */
  readonly elapsedMs: number;
  /** Bytes per second; 0 checks no speed. */
  readonly maxCreditRate: number;
  readonly torrentSize: bigint | undefined;
  /** Could another peer have received the upload (see the SwarmStore contract, `no_leechers`)? */
  readonly uploadReceivable: () => boolean;
}

export const NOTHING_EARNED: AnnounceCredit = Object.freeze({
  deltaUploaded: 0n,
  deltaDownloaded: 0n,
  heldUploaded: 0n,
  heldDownloaded: 0n,
  heldReason: '',
});

/**
 * The SwarmStore contract's plausibility rules for one announce, as a pure function: each
 * counter's growth is credited, or held with every cause that applied. The Redis announce
 * script applies the same rules in Lua (announce-script.ts).
 */
export function judgeCredit(claim: CreditClaim): AnnounceCredit {
  const causes = new Set<HoldCause>();
  const up = causesOf(claim, claim.uploaded, false);
  const down = causesOf(claim, claim.downloaded, true);
  for (const cause of [...up, ...down]) causes.add(cause);
  return {
    deltaUploaded: up.length > 0 ? 0n : claim.uploaded,
    deltaDownloaded: down.length > 0 ? 0n : claim.downloaded,
    heldUploaded: up.length > 0 ? claim.uploaded : 0n,
    heldDownloaded: down.length > 0 ? claim.downloaded : 0n,
    heldReason: HOLD_CAUSES.filter((c) => causes.has(c)).join(',') as HeldReason,
  };
}

function causesOf(claim: CreditClaim, delta: bigint, download: boolean): HoldCause[] {
  if (delta <= 0n) return [];
  const causes: HoldCause[] = [];
  // Exact in integers: delta > rate × max(1 s, elapsed).
  const elapsedMs = BigInt(Math.max(1000, Math.floor(claim.elapsedMs)));
  if (claim.maxCreditRate > 0 && delta * 1000n > BigInt(Math.floor(claim.maxCreditRate)) * elapsedMs)
    causes.push('too_fast');
  if (!download && !claim.uploadReceivable()) causes.push('no_leechers');
  if (download && claim.torrentSize !== undefined && delta > claim.torrentSize) causes.push('over_size');
  return causes;
}
