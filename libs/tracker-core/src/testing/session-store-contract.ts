import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sessionHandle, type SessionStore } from '../sessions/session-store.js';

export interface SessionStoreUnderTest {
  readonly store: SessionStore;
  /** Closes the store and drops what the run wrote (keys, a database). */
  close(): Promise<void>;
}

const HOUR = 3600_000;
const firefox = {
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  ip: '203.0.113.7',
};
const phone = {
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1',
  ip: '2001:db8::1',
};

/** A user id no other test of this run uses: the Redis keys and DB rows outlive a test. */
let nextUser = Date.now() % 1_000_000;
const newUser = (): number => (nextUser += 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the session store contract (see session-store.ts) against one adapter: what the
 * account pages, password changes and the request pipeline rely on. `open` is called once
 * for the suite (a database is slow to create); every test uses users of its own.
 */
export function runSessionStoreContract(name: string, open: () => Promise<SessionStoreUnderTest>): void {
  describe(`session store contract: ${name}`, () => {
    let harness: SessionStoreUnderTest | undefined;
    let store: SessionStore;

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    }, 60_000);

    afterAll(async () => {
      await harness?.close();
    });

    it('maps a new session to its user, with a last-seen time of now', async () => {
      const userId = newUser();
      const before = Date.now();
      const sessionId = await store.create(userId, HOUR, firefox);
      const live = await store.lookup(sessionId);
      expect(live?.userId).toBe(userId);
      expect(live?.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(await store.find(sessionId)).toBe(userId);
      expect(await store.lookup(randomBytes(32).toString('base64url'))).toBeNull();
    });

    it("lists a user's sessions with device, address and times, and nobody else's", async () => {
      const [alice, bob] = [newUser(), newUser()];
      const laptop = await store.create(alice, HOUR, firefox);
      await store.create(alice, HOUR, phone);
      await store.create(bob, HOUR, firefox);
      const sessions = await store.listForUser(alice);
      expect(sessions).toHaveLength(2);
      expect(sessions.map((s) => s.ip).sort()).toEqual([firefox.ip, phone.ip].sort());
      const mine = sessions.find((s) => s.handle === sessionHandle(laptop));
      expect(mine).toMatchObject({ userAgent: firefox.userAgent, ip: firefox.ip });
      expect(mine?.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(await store.listForUser(newUser())).toEqual([]);
    });

    it('records the last use and address on touch, most recently seen first', async () => {
      const userId = newUser();
      const older = await store.create(userId, HOUR, firefox);
      const newer = await store.create(userId, HOUR, phone);
      const later = new Date(Date.now() + 5 * 60_000);
      await store.touch(older, '198.51.100.9', later);
      expect((await store.lookup(older))?.lastSeenAt.getTime()).toBe(later.getTime());
      const [first, second] = await store.listForUser(userId);
      expect(first).toMatchObject({ handle: sessionHandle(older), ip: '198.51.100.9' });
      expect(second?.handle).toBe(sessionHandle(newer));
    });

    it('does not bring back an ended session on touch', async () => {
      const userId = newUser();
      const sessionId = await store.create(userId, HOUR, firefox);
      await store.destroy(sessionId);
      await store.touch(sessionId, firefox.ip, new Date());
      expect(await store.lookup(sessionId)).toBeNull();
      expect(await store.listForUser(userId)).toEqual([]);
    });

    it("ends one of the user's sessions by its handle, never another user's", async () => {
      const [alice, mallory] = [newUser(), newUser()];
      const victim = await store.create(alice, HOUR, firefox);
      expect(await store.destroyForUser(mallory, sessionHandle(victim))).toBe(false);
      expect(await store.destroyForUser(alice, 'not-a-handle')).toBe(false);
      expect(await store.find(victim)).toBe(alice);
      expect(await store.destroyForUser(alice, sessionHandle(victim))).toBe(true);
      expect(await store.find(victim)).toBeNull();
      expect(await store.listForUser(alice)).toEqual([]);
      expect(await store.destroyForUser(alice, sessionHandle(victim))).toBe(false);
    });

    it('ends every other session of the user and keeps the current one and other users', async () => {
      const [alice, bob] = [newUser(), newUser()];
      const current = await store.create(alice, HOUR, firefox);
      const others = [await store.create(alice, HOUR, phone), await store.create(alice, HOUR, firefox)];
      const bobs = await store.create(bob, HOUR, phone);
      await store.deleteForUser(alice, current);
      expect(await store.find(current)).toBe(alice);
      for (const other of others) expect(await store.find(other)).toBeNull();
      expect((await store.listForUser(alice)).map((s) => s.handle)).toEqual([sessionHandle(current)]);
      expect(await store.find(bobs)).toBe(bob);
    });

    it('ends all sessions of the user when no session is spared', async () => {
      const userId = newUser();
      const sessions = [await store.create(userId, HOUR, firefox), await store.create(userId, HOUR, phone)];
      await store.deleteForUser(userId);
      for (const sessionId of sessions) expect(await store.find(sessionId)).toBeNull();
      expect(await store.listForUser(userId)).toEqual([]);
    });

    it('forgets expired sessions, and a short session never hides a longer one', async () => {
      const userId = newUser();
      const long = await store.create(userId, HOUR, firefox);
      const short = await store.create(userId, 50, phone);
      await sleep(150);
      expect(await store.find(short)).toBeNull();
      expect((await store.listForUser(userId)).map((s) => s.handle)).toEqual([sessionHandle(long)]);
      await store.deleteForUser(userId);
      expect(await store.find(long)).toBeNull();
    });

    it('does not extend a session when it is used', async () => {
      const userId = newUser();
      const sessionId = await store.create(userId, 300, firefox);
      await sleep(150);
      await store.touch(sessionId, phone.ip, new Date());
      expect(await store.find(sessionId)).toBe(userId);
      await sleep(250);
      expect(await store.find(sessionId)).toBeNull();
    });

    it('forgets an ended session in the list', async () => {
      const userId = newUser();
      const sessionId = await store.create(userId, HOUR, firefox);
      await store.destroy(sessionId);
      expect(await store.find(sessionId)).toBeNull();
      expect(await store.listForUser(userId)).toEqual([]);
    });
  });
}
