// The benchmark's own Redis housekeeping, always scoped to its dedicated key prefix.
//
// usage: node redis-keys.js REDIS_URL PREFIX clear [swarms]
//          deletes every key under PREFIX (or only swarms and the stats stream); prints the count
//        node redis-keys.js REDIS_URL PREFIX used-memory
//          prints INFO memory used_memory (bytes)
//        node redis-keys.js REDIS_URL PREFIX swarm-memory INFO_HASH_HEX
//          prints "peers=N swarm_bytes=B <key>_bytes=… stream_bytes=S used_memory=U": MEMORY USAGE
//          (exact, SAMPLES 0) of that swarm's keys, each and together, and of the stats stream
import { Redis } from 'ioredis';
import { createKeySchema, deleteKeysByPrefix } from '@tracker/redis';

async function clear(redis, keys, scope) {
  let deleted = await deleteKeysByPrefix(redis, `${keys.prefix}:sw`);
  deleted += await redis.unlink(keys.statsStream, keys.statsDeadLetter);
  if (scope !== 'swarms') deleted += await deleteKeysByPrefix(redis, keys.prefix);
  return `deleted=${deleted}`;
}

async function usedMemory(redis) {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

async function memoryUsage(redis, key) {
  return Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
}

async function swarmMemory(redis, keys, hex) {
  if (!/^[0-9a-f]{40}$/i.test(hex ?? '')) throw new Error('swarm-memory needs a 40-hex info_hash');
  const swarm = keys.swarm(Buffer.from(hex, 'hex'));
  const peers = await redis.zcard(swarm.peers);
  const parts = {};
  for (const [name, key] of Object.entries({
    zset: swarm.peers,
    zset6: swarm.peers6,
    data: swarm.peerData,
    completed: swarm.completed,
  }))
    parts[name] = await memoryUsage(redis, key);
  const swarmBytes = Object.values(parts).reduce((a, b) => a + b, 0);
  const split = Object.entries(parts).map(([name, bytes]) => `${name}_bytes=${bytes}`);
  const streamBytes = await memoryUsage(redis, keys.statsStream);
  return `peers=${peers} swarm_bytes=${swarmBytes} ${split.join(' ')} stream_bytes=${streamBytes} used_memory=${await usedMemory(redis)}`;
}

async function main([url, prefix, command, arg]) {
  if (!url || !prefix || !command)
    throw new Error('usage: node redis-keys.js REDIS_URL PREFIX COMMAND [ARG]');
  const keys = createKeySchema(prefix);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    if (command === 'clear') console.log(await clear(redis, keys, arg));
    else if (command === 'used-memory') console.log(await usedMemory(redis));
    else if (command === 'swarm-memory') console.log(await swarmMemory(redis, keys, arg));
    else throw new Error(`unknown command ${command}`);
  } finally {
    redis.disconnect();
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`redis-keys: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
