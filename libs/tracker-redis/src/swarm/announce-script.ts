/**
 * The announce as ONE atomic Lua script (one round trip, run through EVALSHA with EVAL
 * fallback by ioredis `defineCommand`). Layout and record format: KEY-SCHEMA.md.
 *
 * KEYS: 1 peers zset, 2 peer data hash, 3 completed counter, 4 stats stream.
 * ARGV: 1 peer id (8 bytes), 2 peer_id (20 bytes), 3 family '4'|'6', 4 endpoint (ip+port),
 *       5 event, 6 uploaded, 7 downloaded, 8 left (decimal), 9 numWant, 10 ttl ms,
 *       11 min interval ms, 12 now ms, 13 random seed, 14 ledger '1'|'0', 15 user id,
 *       16 torrent id, 17 info hash hex, 18 peer key, 19 instance, 20 completed-counter ttl ms.
 * Returns {0, retryAfterSeconds} when too soon, else
 *         {1, complete, incomplete, downloaded, completedNow, deltaUp, deltaDown, peers4, peers6}
 * where peers4/peers6 are concatenated records of peer_id(20) + ip + port(2).
 *
 * Scores are band * 1e13 + last accepted announce (ms): band 0 seeders, 1 leechers,
 * 2 stopped (kept only for their stats baseline). A peer is alive while its last announce
 * is newer than now - ttl, so ZCOUNT over (band + cutoff, next band) counts exactly the live
 * peers even before lazy purging removed the expired ones.
 */
export const ANNOUNCE_SCRIPT = `
local BAND = 1e13
local PURGE_PER_BAND = 32
local peersKey, dataKey, completedKey, streamKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, peerId, family, endpoint, event = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local up, down, leftStr = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local numWant, ttl, minInterval, now = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
math.randomseed(tonumber(ARGV[13]))
local seeding = leftStr == '0'
local cutoff = math.max(now - ttl, -1)

local function num(x) return string.format('%.0f', x) end

-- The peer's previous record, only if it is still alive.
local prev, prevBand, prevSeen = nil, nil, nil
local score = redis.call('ZSCORE', peersKey, id)
if score then
  score = tonumber(score)
  prevBand = math.floor(score / BAND)
  prevSeen = score - prevBand * BAND
  if prevSeen > cutoff then prev = redis.call('HGET', dataKey, id) or nil end
end

if prev and event == 'none' and prevBand ~= 2 and now - prevSeen < minInterval then
  return {0, math.ceil((prevSeen + minInterval - now) / 1000)}
end

-- Record: flags(1) up(8) down(8) peer_id(20) [ip4+port(6)] [ip6+port(18)].
-- flags: 1 seen leeching, 2 completion counted, 4 has ip4, 8 has ip6.
local flags, du, dd, ep4, ep6 = 0, 0, 0, '', ''
if prev then
  local pu, pd
  flags, pu, pd = struct.unpack('<Bdd', prev)
  if up >= pu then du = up - pu end
  if down >= pd then dd = down - pd end
  local pos = 38
  if bit.band(flags, 4) ~= 0 then ep4 = string.sub(prev, 38, 43); pos = 44 end
  if bit.band(flags, 8) ~= 0 then ep6 = string.sub(prev, pos, pos + 17) end
end
if family == '4' then ep4 = endpoint else ep6 = endpoint end

local completedNow = 0
if event == 'completed' and seeding and bit.band(flags, 1) ~= 0 and bit.band(flags, 2) == 0 then
  completedNow = 1
  flags = bit.bor(flags, 2)
  redis.call('INCR', completedKey)
end
if not seeding then flags = bit.bor(flags, 1) end
flags = bit.band(flags, 3)
if ep4 ~= '' then flags = bit.bor(flags, 4) end
if ep6 ~= '' then flags = bit.bor(flags, 8) end

local band = 1
if event == 'stopped' then band = 2 elseif seeding then band = 0 end
redis.call('HSET', dataKey, id, struct.pack('<Bdd', flags, up, down) .. peerId .. ep4 .. ep6)
redis.call('ZADD', peersKey, band * BAND + now, id)
local keep = ttl + 60000
redis.call('PEXPIRE', peersKey, keep)
redis.call('PEXPIRE', dataKey, keep)
redis.call('PEXPIRE', completedKey, tonumber(ARGV[20]))

-- Lazy expiry, bounded per call so a mass expiry never blocks Redis for long.
for b = 0, 2 do
  local stale = redis.call('ZRANGEBYSCORE', peersKey, num(b * BAND), num(b * BAND + cutoff), 'LIMIT', 0, PURGE_PER_BAND)
  if #stale > 0 then
    redis.call('ZREM', peersKey, unpack(stale))
    redis.call('HDEL', dataKey, unpack(stale))
  end
end

local complete = redis.call('ZCOUNT', peersKey, '(' .. num(cutoff), '(' .. num(BAND))
local incomplete = redis.call('ZCOUNT', peersKey, '(' .. num(BAND + cutoff), '(' .. num(2 * BAND))
local downloaded = tonumber(redis.call('GET', completedKey) or '0')

-- Candidate rank ranges: a seeder gets leechers; a leecher gets seeders and leechers.
local ranges = {}
if band ~= 2 and numWant > 0 then
  if not seeding and complete > 0 then
    table.insert(ranges, {redis.call('ZCOUNT', peersKey, '-inf', num(cutoff)), complete})
  end
  if incomplete > 0 then
    table.insert(ranges, {redis.call('ZCOUNT', peersKey, '-inf', num(BAND + cutoff)), incomplete})
  end
end

local function rankAt(index)
  for _, r in ipairs(ranges) do
    if index < r[2] then return r[1] + index end
    index = index - r[2]
  end
end

-- Pick up to numWant + 1 (self may be among them) in O(numWant log n): all candidates
-- when there are few, else distinct random ranks.
local total = 0
for _, r in ipairs(ranges) do total = total + r[2] end
local want = math.min(numWant + 1, total)
local ids = {}
if total <= 2 * want then
  for _, r in ipairs(ranges) do
    local part = redis.call('ZRANGE', peersKey, r[1], r[1] + r[2] - 1)
    for _, m in ipairs(part) do table.insert(ids, m) end
  end
  for i = #ids, 2, -1 do
    local j = math.random(i)
    ids[i], ids[j] = ids[j], ids[i]
  end
else
  local taken = {}
  while #ids < want do
    local index = math.random(total) - 1
    if not taken[index] then
      taken[index] = true
      local rank = rankAt(index)
      table.insert(ids, redis.call('ZRANGE', peersKey, rank, rank)[1])
    end
  end
end

local p4, p6, given = {}, {}, 0
if #ids > 0 then
  local records = redis.call('HMGET', dataKey, unpack(ids))
  for i, m in ipairs(ids) do
    local rec = records[i]
    if m ~= id and rec and given < numWant then
      given = given + 1
      local f = string.byte(rec, 1)
      local pid = string.sub(rec, 18, 37)
      local pos = 38
      if bit.band(f, 4) ~= 0 then table.insert(p4, pid .. string.sub(rec, 38, 43)); pos = 44 end
      if bit.band(f, 8) ~= 0 then table.insert(p6, pid .. string.sub(rec, pos, pos + 17)) end
    end
  end
end

if ARGV[14] == '1' then
  redis.call('XADD', streamKey, '*', 'u', ARGV[15], 't', ARGV[16], 'h', ARGV[17], 'p', ARGV[18],
    'du', num(du), 'dd', num(dd), 'l', leftStr, 'e', event, 's', seeding and '1' or '0',
    'ts', num(now), 'i', ARGV[19])
end

return {1, complete, incomplete, downloaded, completedNow, num(du), num(dd), table.concat(p4), table.concat(p6)}
`;

/**
 * Counts of one swarm (scrape). KEYS: 1 peers zset, 2 completed counter. ARGV: 1 cutoff ms
 * (peers whose last announce is not newer are expired). Returns {complete, incomplete, downloaded}.
 */
export const COUNTS_SCRIPT = `
local BAND = 1e13
local function num(x) return string.format('%.0f', x) end
local cutoff = math.max(tonumber(ARGV[1]), -1)
return {
  redis.call('ZCOUNT', KEYS[1], '(' .. num(cutoff), '(' .. num(BAND)),
  redis.call('ZCOUNT', KEYS[1], '(' .. num(BAND + cutoff), '(' .. num(2 * BAND)),
  tonumber(redis.call('GET', KEYS[2]) or '0')
}
`;
