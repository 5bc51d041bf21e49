import { describe, expect, it } from '@jest/globals';
import { AnnounceBatcher, STALLED_AFTER_MS, type BatchSender } from './announce-batcher.js';

const item = (s: string) => Buffer.from(s);

/** A sender that records each batch and answers every announce with {1, its request text}. */
function recordingSender(sent: string[][]): BatchSender {
  return (requests) => {
    sent.push(requests.map(String));
    return Promise.resolve(requests.map((r) => [1, String(r)]));
  };
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('AnnounceBatcher', () => {
  it('sends the announces of one event-loop turn as one call, each answered with its own reply', async () => {
    const sent: string[][] = [];
    const batcher = new AnnounceBatcher(recordingSender(sent));
    const replies = await Promise.all(['a1', 'a2', 'a3'].map((s) => batcher.submit(item(s))));
    expect(replies).toEqual([
      [1, 'a1'],
      [1, 'a2'],
      [1, 'a3'],
    ]);
    expect(sent).toEqual([['a1', 'a2', 'a3']]);
  });

  it('starts a new batch in the next turn', async () => {
    const sent: string[][] = [];
    const batcher = new AnnounceBatcher(recordingSender(sent));
    await batcher.submit(item('a'));
    await batcher.submit(item('b'));
    expect(sent).toEqual([['a'], ['b']]);
  });

  it('sends a full batch at once and keeps the rest for the next call', async () => {
    const sent: string[][] = [];
    const batcher = new AnnounceBatcher(recordingSender(sent), 2);
    const replies = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((s) => batcher.submit(item(s))));
    expect(replies.map((r) => r[1])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sent).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('with its calls in flight, queues what arrives and sends it together when the reply is back', async () => {
    const sent: string[][] = [];
    let release: () => void = () => undefined;
    const sender: BatchSender = (requests) => {
      sent.push(requests.map(String));
      const replies = requests.map((r) => [1, String(r)]);
      // The first call hangs until released; later ones answer at once.
      if (sent.length > 1) return Promise.resolve(replies);
      return new Promise((resolve) => {
        release = () => resolve(replies);
      });
    };
    // One call in flight at most, so the second and third announce must wait for the first.
    const batcher = new AnnounceBatcher(sender, 64, 1);
    const first = batcher.submit(item('a'));
    await nextTurn();
    expect(sent).toEqual([['a']]);
    // Two more, in two later turns: nothing is sent while the first call is out.
    const second = batcher.submit(item('b'));
    await nextTurn();
    const third = batcher.submit(item('c'));
    await nextTurn();
    expect(sent).toEqual([['a']]);
    release();
    expect((await Promise.all([first, second, third])).map((r) => r[1])).toEqual(['a', 'b', 'c']);
    expect(sent).toEqual([['a'], ['b', 'c']]);
  });

  it('stops waiting for a call that hangs: what queued behind it is sent after STALLED_AFTER_MS', async () => {
    const sent: string[][] = [];
    const sender: BatchSender = (requests) => {
      sent.push(requests.map(String));
      // The first call never returns (a hanging Redis before the command timeout ends it).
      if (sent.length === 1) return new Promise<unknown[]>(() => undefined);
      return Promise.resolve(requests.map((r) => [1, String(r)]));
    };
    const batcher = new AnnounceBatcher(sender, 64, 1);
    void batcher.submit(item('a'));
    await nextTurn();
    const started = Date.now();
    const second = await batcher.submit(item('b'));
    expect(second).toEqual([1, 'b']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(STALLED_AFTER_MS - 5);
    expect(sent).toEqual([['a'], ['b']]);
  });

  it('fails only the announce whose step raised an error', async () => {
    const batcher = new AnnounceBatcher(() =>
      Promise.resolve([
        [1, 'ok'],
        [3, 'WRONGTYPE Operation against a key'],
        [1, 'ok'],
      ]),
    );
    const results = await Promise.allSettled(['a', 'b', 'c'].map((s) => batcher.submit(item(s))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const failed = results[1] as PromiseRejectedResult;
    expect(String(failed.reason)).toContain('announce script failed: WRONGTYPE');
  });

  it('fails every announce of a batch the call itself failed for (Redis away, timeout)', async () => {
    const batcher = new AnnounceBatcher(() => Promise.reject(new Error('Connection is closed.')));
    const results = await Promise.allSettled([batcher.submit(item('a')), batcher.submit(item('b'))]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'fulfilled'))).toEqual([
      'Error: Connection is closed.',
      'Error: Connection is closed.',
    ]);
  });

  it('survives a sender that throws: that batch fails, the next one is sent', async () => {
    let calls = 0;
    const batcher = new AnnounceBatcher((requests) => {
      calls++;
      if (calls === 1) throw new Error('stream not writeable');
      return Promise.resolve(requests.map((r) => [1, String(r)]));
    });
    await expect(batcher.submit(item('a'))).rejects.toThrow('stream not writeable');
    await expect(batcher.submit(item('b'))).resolves.toEqual([1, 'b']);
  });

  it('rejects an announce the script left without a reply', async () => {
    const batcher = new AnnounceBatcher(() => Promise.resolve([]));
    await expect(batcher.submit(item('a'))).rejects.toThrow('announce script returned no reply');
  });
});
