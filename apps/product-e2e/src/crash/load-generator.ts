import { Agent, request } from 'node:http';
import { randomInt } from 'node:crypto';
import { failureOf } from '../support/announce-record.js';
import { sleep } from '../support/wait-for.js';
import type { AnnounceOutcome, FakePeer } from './fake-peer.js';

const REQUEST_TIMEOUT_MS = 5000;

export interface LoadFigures {
  sent: number;
  accepted: number;
  refused: number;
  failed: number;
  /** Count per refusal reason and per transport failure, for the report. */
  reasons: Record<string, number>;
}

export interface LoadOptions {
  /** The announcer's min interval: a peer waits at least this long after an accepted announce. */
  minIntervalMs: number;
  /** Pause before retrying after a refusal or a failure. */
  retryMs: number;
  /** Upper bound of announces per peer in the load phase (the test stays bounded). */
  maxPerPeer: number;
}

/**
 * Drives fake peers against the announcer over keep-alive HTTP. Each peer has at most one
 * announce in flight and waits its min interval after an accepted one, so an `announce too
 * soon` refusal can only follow an answer lost in a crash after the announcer applied it.
 */
export class LoadGenerator {
  readonly figures: LoadFigures = { sent: 0, accepted: 0, refused: 0, failed: 0, reasons: {} };
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly announcerPort: number,
    private readonly peers: readonly FakePeer[],
    private readonly options: LoadOptions,
  ) {}

  /** Every peer's `started`, retried until accepted: the baseline of what it will earn. */
  async startAll(deadlineMs: number): Promise<void> {
    await Promise.all(this.peers.map((peer) => this.untilAccepted(peer, 'started', deadlineMs)));
  }

  /** Starts the re-announce loops in the background. */
  run(): void {
    this.running = true;
    this.loops = this.peers.map((peer) => this.loop(peer));
  }

  /** Ends the loops and waits for announces in flight. */
  async halt(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Every peer's final `stopped`, retried until accepted: its last counters reach the ledger. */
  async stopAll(deadlineMs: number): Promise<void> {
    await Promise.all(this.peers.map((peer) => this.untilAccepted(peer, 'stopped', deadlineMs)));
    this.agent.destroy();
  }

  private async loop(peer: FakePeer): Promise<void> {
    // After `started`, one min interval, spread so the peers do not announce in waves.
    await sleep(this.options.minIntervalMs + randomInt(0, this.options.minIntervalMs));
    for (let n = 0; this.running && n < this.options.maxPerPeer; n++) {
      const outcome = await this.announce(peer, 'none');
      const wait = outcome.kind === 'accepted' ? this.options.minIntervalMs : this.options.retryMs;
      await sleep(wait + randomInt(0, 300));
    }
  }

  private async untilAccepted(
    peer: FakePeer,
    event: 'started' | 'stopped',
    deadlineMs: number,
  ): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const outcome = await this.announce(peer, event);
      if (outcome.kind === 'accepted') return;
      if (Date.now() > deadline) {
        throw new Error(`a peer's ${event} was never accepted: ${JSON.stringify(outcome)}`);
      }
      await sleep(this.options.retryMs);
    }
  }

  private async announce(peer: FakePeer, event: 'started' | 'stopped' | 'none'): Promise<AnnounceOutcome> {
    const query = peer.nextQuery(event);
    this.figures.sent++;
    const outcome = await this.get(`/announce?${query}`);
    this.count(outcome);
    if (outcome.kind === 'accepted') peer.accepted();
    return outcome;
  }

  private count(outcome: AnnounceOutcome): void {
    this.figures[outcome.kind]++;
    if (outcome.kind === 'accepted') return;
    const key = `${outcome.kind}: ${outcome.reason}`;
    this.figures.reasons[key] = (this.figures.reasons[key] ?? 0) + 1;
  }

  private get(path: string): Promise<AnnounceOutcome> {
    return new Promise((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: this.announcerPort, path, agent: this.agent, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => resolve({ kind: 'failed', reason: err.message }));
          res.on('end', () => resolve(classify(res.statusCode ?? 0, Buffer.concat(chunks))));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) =>
        resolve({ kind: 'failed', reason: err.code ?? err.message }),
      );
      req.end();
    });
  }
}

function classify(status: number, body: Buffer): AnnounceOutcome {
  const failure = failureOf(body);
  if (status !== 200 || failure === null) return { kind: 'failed', reason: `HTTP ${status}` };
  if (failure !== '') return { kind: 'refused', reason: failure.replace(/\d+/g, 'N') };
  return { kind: 'accepted' };
}
