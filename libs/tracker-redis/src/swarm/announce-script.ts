// The scripts' text is in ./lua/*.lua (linted by luacheck, `npm run lint:lua`); this module
// says what they take and give back.

/**
 * Announces as ONE atomic Lua script, lua/announce-batch.lua (run through EVALSHA with
 * EVAL fallback by ioredis `defineCommand`): a batch of announces per call, each its own step
 * with its own reply, so a busy announcer pays the per-call cost (parsing, script lookup, the
 * socket round trip) once for all the announces that arrived in one event-loop turn
 * (`AnnounceBatcher`). Layout and record format: KEY-SCHEMA.md.
 *
 * KEYS: 1 stats stream. The swarm and registry keys of each announce are built inside the
 *       script from the info hash and passkey in its record, with the name pieces of ARGV 3-11
 *       (`scriptKeyParts` in key-schema.ts): one batch touches many swarms, so the script is
 *       for a single Redis primary, as the stream already required (ADR 0010).
 * ARGV: 1 number of announces, 2 the packed announces (`encodeAnnounceRecord`), 3 swarm key
 *       head, 4 user key head, 5 torrent key head, 6-11 swarm key suffixes (peers, peers6,
 *       data, completed, pool, users).
 * Returns ONE string: a packed reply per announce, in order (`decodeBatchReply`); status 3
 * with the message when that announce raised an error (its effects up to the error stay, as
 * with any Redis script).
 * Packed, because every argument and every reply element is parsed on both sides of the
 * socket. In gate mode the script itself checks the passkey's user and the torrent
 * (returning {2, code} when refused) and builds the peer key as 'u' .. user id .. ':' .. peer_id hex,
 * the peer id from it and the ledger entry from the registry ids: private mode in ONE round trip.
 * Each announce step returns {0, retryAfterSeconds} when too soon, {2, refusal code} when the
 * gate refuses, {4, maxPeers} when the user already has that many live peers in the swarm, else
 * {1, complete, incomplete, downloaded, completedNow, deltaUp (8 bytes BE), deltaDown (8 bytes
 * BE), heldUp, heldDown (8 bytes BE each), heldReason, peers} where peers is the announcing
 * family's compact peer list: ip + port(2) records, exactly BEP 23 / BEP 7 `peers` / `peers6`.
 * The credit rules (what is held and why) are the SwarmStore contract's; `judgeCredit` in
 * tracker-core states them in TypeScript. They cost a plain re-announce one call, in private
 * mode only: the PEXPIRE that keeps the users hash (peers per member) alive with the swarm.
 * The leecher marks are read with the peer's record (one HMGET) and written with it (one
 * HSET); a live-leecher ZCOUNT runs only for an upload the marks do not explain, and the users
 * hash is read only when a new peer arrives.
 *
 * Scores are band * 1e13 + time (ms): band 0 seeders, 1 leechers, 2 stopped (kept only for
 * the stats baseline). In `peers` the time is the peer's last accepted announce over any
 * family (one member per peer, so counts see a dual-stack peer once); in `peers6` it is the
 * last one over IPv6. A peer is alive while that time is newer than now - ttl, so ZCOUNT
 * over (band + cutoff, next band) counts exactly the live peers before lazy purging, and a
 * member left behind in `peers6` by an expired peer is skipped the same way.
 * Counters are 8-byte big-endian strings. Lua numbers are doubles, exact below 2^53: the
 * script subtracts as doubles when both values are below that (every real client) and in
 * 16-bit limbs otherwise.
 */
export { ANNOUNCE_BATCH_SCRIPT } from './lua/lua-scripts.js';

/**
 * Counts of many swarms (scrape, the site's live counts) in one read-only call,
 * lua/counts-batch.lua. ARGV: 1 swarm key head, 2 peers suffix, 3 completed suffix
 * (`scriptKeyParts`), 4 cutoff ms (peers whose last announce is not newer are expired), 5… info
 * hashes as hex. Returns ONE string: per swarm three big-endian doubles, complete, incomplete,
 * downloaded (`decodeCountsReply`).
 */
export { COUNTS_BATCH_SCRIPT } from './lua/lua-scripts.js';
