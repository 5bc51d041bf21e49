import { describe, expect, it } from '@jest/globals';
import { AnnounceBatcher, type BatchSender, type ScriptArg } from './announce-batcher.js';

interface Sent {
  readonly shared: readonly ScriptArg[];
  readonly keys: readonly ScriptArg[];
  readonly args: readonly ScriptArg[];
  readonly count: number;
}

/** A sender that records each batch and answers every announce with {1, its first arg}. */
function recordingSender(sent: Sent[]) {
  return (
    shared: readonly ScriptArg[],
    keys: readonly ScriptArg[],
    args: readonly ScriptArg[],
    count: number,
  ) => {
    sent.push({ shared, keys, args, count });
    return Promise.resolve(Array.from({ length: count }, (_, i) => [1, args[i * 2]]));
  };
}

describe('AnnounceBatcher', () => {
  it('sends the announces of one event-loop turn as one call, each answered with its own reply', async () => {
    const sent: Sent[] = [];
    const batcher = new AnnounceBatcher(recordingSender(sent), ['stream']);
    const replies = await Promise.all([
      batcher.submit(['k1a', 'k1b'], ['a1', 'x1']),
      batcher.submit(['k2a', 'k2b'], ['a2', 'x2']),
      batcher.submit(['k3a', 'k3b'], ['a3', 'x3']),
    ]);
    expect(replies).toEqual([
      [1, 'a1'],
      [1, 'a2'],
      [1, 'a3'],
    ]);
    expect(sent).toEqual([
      {
        shared: ['stream'],
        keys: ['k1a', 'k1b', 'k2a', 'k2b', 'k3a', 'k3b'],
        args: ['a1', 'x1', 'a2', 'x2', 'a3', 'x3'],
        count: 3,
      },
    ]);
  });

  it('starts a new batch in the next turn', async () => {
    const sent: Sent[] = [];
    const batcher = new AnnounceBatcher(recordingSender(sent), []);
    await batcher.submit(['k'], ['a', 'x']);
    await batcher.submit(['k'], ['b', 'x']);
    expect(sent.map((s) => s.count)).toEqual([1, 1]);
  });

  it('sends a full batch at once and keeps the rest for the next call', async () => {
    const sent: Sent[] = [];
    const batcher = new AnnounceBatcher(recordingSender(sent), [], 2);
    const replies = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((a) => batcher.submit(['k'], [a, 'x'])));
    expect(replies.map((r) => r[1])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sent.map((s) => s.count)).toEqual([2, 2, 1]);
  });

  it('with its calls in flight, queues what arrives and sends it together when the reply is back', async () => {
    const counts: number[] = [];
    let release: () => void = () => undefined;
    const sender: BatchSender = (_shared, _keys, args, count) => {
      counts.push(count);
      const replies = Array.from({ length: count }, (_, i) => [1, args[i * 2]]);
      // The first call hangs until released; later ones answer at once.
      if (counts.length > 1) return Promise.resolve(replies);
      return new Promise((resolve) => {
        release = () => resolve(replies);
      });
    };
    // One call in flight at most, so the second and third announce must wait for the first.
    const batcher = new AnnounceBatcher(sender, [], 64, 1);
    const first = batcher.submit(['k'], ['a', 'x']);
    await new Promise((r) => setImmediate(r));
    expect(counts).toEqual([1]);
    // Two more, in two later turns: nothing is sent while the first call is out.
    const second = batcher.submit(['k'], ['b', 'x']);
    await new Promise((r) => setImmediate(r));
    const third = batcher.submit(['k'], ['c', 'x']);
    await new Promise((r) => setImmediate(r));
    expect(counts).toEqual([1]);
    release();
    expect((await Promise.all([first, second, third])).map((r) => r[1])).toEqual(['a', 'b', 'c']);
    expect(counts).toEqual([1, 2]);
  });

  it('fails only the announce whose step raised an error', async () => {
    const batcher = new AnnounceBatcher(
      () =>
        Promise.resolve([
          [1, 'ok'],
          [3, Buffer.from('WRONGTYPE Operation against a key')],
          [1, 'ok'],
        ]),
      [],
    );
    const results = await Promise.allSettled([
      batcher.submit(['k'], ['a']),
      batcher.submit(['k'], ['b']),
      batcher.submit(['k'], ['c']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const failed = results[1] as PromiseRejectedResult;
    expect(String(failed.reason)).toContain('announce script failed: WRONGTYPE');
  });

  it('fails every announce of a batch the call itself failed for (Redis away, timeout)', async () => {
    const batcher = new AnnounceBatcher(() => Promise.reject(new Error('Connection is closed.')), []);
    const results = await Promise.allSettled([batcher.submit(['k'], ['a']), batcher.submit(['k'], ['b'])]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'fulfilled'))).toEqual([
      'Error: Connection is closed.',
      'Error: Connection is closed.',
    ]);
  });

  it('rejects an announce the script left without a reply', async () => {
    const batcher = new AnnounceBatcher(() => Promise.resolve([]), []);
    await expect(batcher.submit(['k'], ['a'])).rejects.toThrow('announce script returned no reply');
  });
});
