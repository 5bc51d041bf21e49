// Registers the benchmark's torrents and users in the Redis registry through the same
// writer the CMS uses (@tracker/redis), so the announcer under test does real lookups.
//
// usage: node seed-registry.js REDIS_URL PREFIX HASHES_FILE USERS PASSKEYS_OUT
//   HASHES_FILE  40-hex info_hashes, one per line (every line becomes a torrent)
//   USERS        how many users (passkeys) to register
//   PASSKEYS_OUT written with one passkey per line, in user order (loadgen --passkeys)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createKeySchema, RedisRegistryWriter } from '@tracker/redis';

// Enough writes in flight to keep Redis busy, few enough to bound client memory.
const IN_FLIGHT = 2000;

/** Deterministic, so a rerun registers the same users: 32 hex of sha1("bench-user:i"). */
function benchPasskey(i) {
  return createHash('sha1').update(`bench-user:${i}`).digest('hex').slice(0, 32);
}

function readHashes(file) {
  const lines = readFileSync(file, 'latin1').split('\n');
  return lines.filter((l) => /^[0-9a-f]{40}$/i.test(l.trim())).map((l) => Buffer.from(l.trim(), 'hex'));
}

async function inBatches(count, write) {
  for (let start = 0; start < count; start += IN_FLIGHT) {
    const end = Math.min(count, start + IN_FLIGHT);
    const pending = [];
    for (let i = start; i < end; i++) pending.push(write(i));
    await Promise.all(pending);
  }
}

async function main([url, prefix, hashesFile, usersArg, passkeysOut]) {
  const users = Number(usersArg);
  if (!url || !prefix || !hashesFile || !Number.isInteger(users) || users < 1 || !passkeysOut)
    throw new Error('usage: node seed-registry.js REDIS_URL PREFIX HASHES_FILE USERS PASSKEYS_OUT');
  const hashes = readHashes(hashesFile);
  if (hashes.length === 0) throw new Error(`no info_hashes in ${hashesFile}`);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    const writer = new RedisRegistryWriter(redis, createKeySchema(prefix));
    const started = Date.now();
    await inBatches(hashes.length, (i) =>
      writer.publishTorrent(hashes[i], { torrentId: i + 1, freeleech: false }),
    );
    const passkeys = [];
    await inBatches(users, (i) => {
      passkeys[i] = benchPasskey(i);
      return writer.upsertUser(passkeys[i], { userId: i + 1, enabled: true, canLeech: true });
    });
    writeFileSync(passkeysOut, passkeys.join('\n') + '\n');
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.error(`registered ${hashes.length} torrents and ${users} users under ${prefix}: in ${secs} s`);
  } finally {
    redis.disconnect();
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`seed-registry: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
