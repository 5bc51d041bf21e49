/** One announce's reply from the batch script (see announce-batch-codec.ts). */
export type AnnounceReply = [number, ...unknown[]];

/** Sends one batch of encoded announces; resolves with one reply per announce, in order. */
export type BatchSender = (requests: readonly Buffer[]) => Promise<unknown[]>;

/**
 * Under load, after a reply, a queue shorter than COALESCE_BELOW waits COALESCE_MS for company
 * before it is sent. With connection-close clients requests trickle in one by one, and each
 * script call costs both processes a wake-up on the shared core: batches of ~2.7 instead of
 * ~4 cost 16 % of throughput (measured). An idle announcer never waits: with no call in flight
 * an announce leaves in the turn it arrived.
 */
const COALESCE_BELOW = 16;
const COALESCE_MS = 1;

/**
 * A call not back within this stops holding its in-flight slot, so what queued behind it is
 * sent: against a hanging Redis an announce then waits at most this plus its own command
 * timeout (the announcer's 1 s answer deadline), not a whole timeout per call ahead of it.
 * A call normally returns within a few ms; the command timeout still ends each stuck call,
 * so stuck calls stay few.
 */
export const STALLED_AFTER_MS = 100;

interface Waiter {
  readonly resolve: (reply: AnnounceReply) => void;
  readonly reject: (err: Error) => void;
}

/** A batch larger than this is sent at once: bounds one script call's time in Redis. */
export const DEFAULT_MAX_BATCH = 64;
/**
 * Calls in flight before further announces wait for one to return (group commit). Measured:
 * 1 → 2 kept the connection-close gain and won back 5 % keep-alive (Node prepares the next
 * batch while Redis runs the last).
 */
export const DEFAULT_MAX_IN_FLIGHT = 2;

/**
 * Gathers announces and sends them as ONE script call: those issued during one event-loop
 * turn go together when the turn's I/O has been handled (`setImmediate`), and while
 * `maxInFlight` calls are out the next ones wait for a reply and then leave together (group
 * commit), unless a full batch is ready. Each announce stays its own atomic step with its own
 * reply; what is shared is the per-call cost (a socket write and read on both sides, command
 * parsing, a wake-up of each process), which on a busy announcer was the largest part of
 * Node's and Redis's work per announce (ADR 0010). On an idle announcer an announce goes out
 * in the turn it was issued: no added waiting.
 */
export class AnnounceBatcher {
  private requests: Buffer[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly send: BatchSender,
    private readonly maxBatch = DEFAULT_MAX_BATCH,
    private readonly maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  ) {}

  /** Queues one encoded announce. */
  submit(request: Buffer): Promise<AnnounceReply> {
    return new Promise<AnnounceReply>((resolve, reject) => {
      this.requests.push(request);
      this.waiters.push({ resolve, reject });
      if (this.waiters.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flushScheduled);
      }
    });
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    // Another call's reply will flush what is queued now, with what arrives meanwhile.
    if (this.inFlight < this.maxInFlight) this.flush();
  };

  private readonly callReturned = (): void => {
    this.inFlight--;
    // Not at once: requests already read in this turn, or arriving within COALESCE_MS, join.
    if (this.waiters.length > 0 && !this.scheduled) {
      this.scheduled = true;
      if (this.waiters.length >= COALESCE_BELOW) setImmediate(this.flushScheduled);
      else setTimeout(this.flushScheduled, COALESCE_MS);
    }
  };

  private flush(): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    const requests = this.requests;
    this.requests = [];
    this.waiters = [];
    this.inFlight++;
    let holding = true;
    const releaseSlot = (): void => {
      if (!holding) return;
      holding = false;
      this.callReturned();
    };
    const stalled = setTimeout(releaseSlot, STALLED_AFTER_MS);
    callSafely(this.send, requests)
      .then(
        (replies) => settle(waiters, replies),
        (err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => {
        clearTimeout(stalled);
        releaseSlot();
      });
  }
}

/** A sender that throws instead of rejecting must not stall the batcher or escape a timer. */
function callSafely(send: BatchSender, requests: readonly Buffer[]): Promise<unknown[]> {
  try {
    return send(requests);
  } catch (err) {
    return Promise.reject(err);
  }
}

function settle(waiters: readonly Waiter[], replies: unknown[]): void {
  for (let i = 0; i < waiters.length; i++) {
    const reply = replies[i] as AnnounceReply | undefined;
    if (!Array.isArray(reply)) waiters[i].reject(new Error('announce script returned no reply'));
    else if (Number(reply[0]) === 3)
      waiters[i].reject(new Error(`announce script failed: ${String(reply[1])}`));
    else waiters[i].resolve(reply);
  }
}
