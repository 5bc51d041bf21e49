-- The memory-sync credit batch (ADR 0019): the announces one announcer already answered from
-- memory, written to Redis in ONE atomic call. KEYS, ARGV, the record and reply formats are in
-- memory-sync/credit-batch-codec.ts; the swarm layout is KEY-SCHEMA.md's, the same the announce
-- script writes. Loaded into the build by scripts/generate-lua.mjs.
-- include: _credit-rules.lua
-- luacheck: read globals BAND LEECHERS num markLeecher judgeCredit
local PURGE_PER_BAND = 32
local EVENTS = {'none', 'started', 'completed', 'stopped', 'paused'}
local streamKey, seqKey, feedKey = KEYS[1], KEYS[2], KEYS[3]
local writer, seq, count, batch = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local swarmHead, SFX_PEERS, SFX_PEERS6, SFX_DATA, SFX_COMPLETED = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local seqTtl, feedMax = ARGV[10], ARGV[11]
math.randomseed(tonumber(ARGV[12]))

-- Exactly once per batch: a retry after an unknown outcome (a timeout) finds its seq applied.
-- The seq is written before any record, so a call that fails half-way is never run again
-- (its remaining records are lost announces; their bytes are not: the baselines did not move).
if seq <= tonumber(redis.call('GET', seqKey) or '0') then return string.char(0) end
redis.call('SET', seqKey, seq, 'PX', seqTtl)

-- Bounded lazy expiry of one swarm, as the announce script does it: it only frees memory.
local function purge(peersKey, peers6Key, dataKey, cutoff)
  for b = 0, 2 do
    local stale = redis.call('ZRANGEBYSCORE', peersKey, num(b * BAND), num(b * BAND + cutoff), 'LIMIT', 0, PURGE_PER_BAND)
    if #stale > 0 then
      redis.call('ZREM', peersKey, unpack(stale))
      redis.call('ZREM', peers6Key, unpack(stale))
      redis.call('HDEL', dataKey, unpack(stale))
    end
    if b < 2 then
      stale = redis.call('ZRANGEBYSCORE', peers6Key, num(b * BAND), num(b * BAND + cutoff), 'LIMIT', 0, PURGE_PER_BAND)
      if #stale > 0 then redis.call('ZREM', peers6Key, unpack(stale)) end
    end
  end
end

-- One answered announce: credit against the baseline in Redis, the stats entry, the peer's
-- record and scores. Returns the packed reply and the feed piece ('' when nothing changed).
local function creditOne(ledger, infoHex, id, endpoint, eventCode, up, down, now, ttl, maxRate, torrentSize,
                         completedTtl, leftStr, userId, torrentId, peerKey, instance)
  local swarmTag = swarmHead .. infoHex
  local peersKey, peers6Key = swarmTag .. SFX_PEERS, swarmTag .. SFX_PEERS6
  local dataKey, completedKey = swarmTag .. SFX_DATA, swarmTag .. SFX_COMPLETED
  local event = EVENTS[eventCode]
  local family = #endpoint == 6 and '4' or '6'
  local seeding = leftStr == '0'
  local cutoff = math.max(now - ttl, -1)

  -- Both reads also prove the keys' types before the first write (as in the announce script).
  local prev, prevBand, prevSeen = nil, nil, nil
  local score = redis.call('ZSCORE', peersKey, id)
  local stored = redis.call('HMGET', dataKey, id, LEECHERS)
  local record, marks = stored[1], stored[2]
  if score then
    score = tonumber(score)
    prevBand = math.floor(score / BAND)
    prevSeen = score - prevBand * BAND
    -- Older than what Redis already holds for this peer (an announce to another announcer
    -- was written first): applying it would move the baseline back and credit twice.
    if now < prevSeen then return string.char(5), '' end
    if prevSeen > cutoff and record then prev = record end
  end

  -- The record layout and its families, exactly as the announce script reads them.
  local flags, prevFlags, ep4, ep6, otherTime = 0, 0, '', '', nil
  if prev then
    flags = string.byte(prev, 1)
    prevFlags = flags
    local pos = 18
    if bit.band(flags, 4) ~= 0 then ep4 = string.sub(prev, 18, 23); pos = 24 end
    if bit.band(flags, 8) ~= 0 then ep6 = string.sub(prev, pos, pos + 17); pos = pos + 18 end
    if ep4 ~= '' and ep6 ~= '' then otherTime = struct.unpack('<d', prev, pos) end
    local lastFamily = bit.band(flags, 16) ~= 0 and '6' or '4'
    if otherTime and otherTime <= cutoff then
      if lastFamily == '4' then ep6 = '' else ep4 = '' end
      otherTime = nil
    end
    if family ~= lastFamily then otherTime = prevSeen end
  end
  if family == '4' then ep4 = endpoint else ep6 = endpoint end

  local du, dd, duDec, ddDec, hu, hd, huDec, hdDec, reason =
    judgeCredit(prev, prevBand, prevSeen, event, up, down, now, maxRate, torrentSize, marks, id, peersKey, cutoff)

  -- The ledger entry first (a refused XADD changes nothing), then the record with the baselines.
  if ledger == 1 and reason == '' then
    redis.call('XADD', streamKey, '*', 'u', userId, 't', torrentId, 'h', infoHex, 'p', peerKey,
      'du', duDec, 'dd', ddDec, 'l', leftStr, 'e', event, 's', seeding and '1' or '0',
      'ts', num(now), 'i', instance)
  elseif ledger == 1 then
    redis.call('XADD', streamKey, '*', 'u', userId, 't', torrentId, 'h', infoHex, 'p', peerKey,
      'du', duDec, 'dd', ddDec, 'l', leftStr, 'e', event, 's', seeding and '1' or '0',
      'ts', num(now), 'i', instance, 'hu', huDec, 'hd', hdDec, 'hr', reason)
  end

  local completedNow = 0
  if event == 'completed' and seeding and bit.band(flags, 1) ~= 0 and bit.band(flags, 2) == 0 then
    completedNow = 1
    flags = bit.bor(flags, 2)
  end
  if not seeding then flags = bit.bor(flags, 1) end
  flags = bit.band(flags, 3)
  if ep4 ~= '' then flags = bit.bor(flags, 4) end
  if ep6 ~= '' then flags = bit.bor(flags, 8) end
  if family == '6' then flags = bit.bor(flags, 16) end
  local other = ''
  if ep4 ~= '' and ep6 ~= '' then other = struct.pack('<d', otherTime or now) end

  local band = 1
  if event == 'stopped' then band = 2 elseif seeding then band = 0 end
  local keep = ttl + 60000
  local packed = string.char(flags) .. up .. down .. ep4 .. ep6 .. other
  if seeding and not (prev and prevBand == 1) then redis.call('HSET', dataKey, id, packed)
  else redis.call('HSET', dataKey, id, packed, LEECHERS, markLeecher(marks, id, now)) end
  -- The counter travels with every record, so each announcer's copy follows Redis's.
  local completed
  if completedNow == 1 then completed = redis.call('INCR', completedKey)
  else completed = tonumber(redis.call('GET', completedKey) or '0') end
  redis.call('ZADD', peersKey, band * BAND + now, id)
  redis.call('PEXPIRE', peersKey, keep)
  redis.call('PEXPIRE', dataKey, keep)
  if band ~= 2 and ep6 ~= '' then
    local time6 = now
    if family == '4' then time6 = otherTime end
    redis.call('ZADD', peers6Key, band * BAND + time6, id)
    redis.call('PEXPIRE', peers6Key, keep)
  elseif bit.band(prevFlags, 8) ~= 0 then
    redis.call('ZREM', peers6Key, id)
  end
  if prev == nil or completedNow == 1 then redis.call('PEXPIRE', completedKey, completedTtl) end
  if math.random(8) == 1 then purge(peersKey, peers6Key, dataKey, cutoff) end

  local reply = struct.pack('>Bc8c8c8c8BBd', 1, du, dd, hu, hd, completedNow, #reason, completed) .. reason
  local piece = struct.pack('>c40c8Bc0Bddd', infoHex, id, #endpoint, endpoint, band, now, tonumber(userId) or 0, completed)
  return reply, piece
end

-- The fields of each packed record, in order (encodeCreditRecord in credit-batch-codec.ts).
local RECORD = '>Bc40c8Bc0Bc8c8dddddBc0Bc0Bc0Hc0Bc0'
local replies, pieces, at = {}, {}, 1
for i = 1, count do
  local ledger, infoHex, id, endpoint, eventCode, up, down, now, ttl, maxRate, torrentSize, completedTtl,
    leftStr, userId, torrentId, peerKey, instance, after = struct.unpack(RECORD, batch, at)
  at = after
  local ok, reply, piece = pcall(creditOne, ledger, infoHex, id, endpoint, eventCode, up, down, now, ttl, maxRate,
    torrentSize, completedTtl, leftStr, userId, torrentId, peerKey, instance)
  if not ok then
    local message = type(reply) == 'table' and tostring(reply.err) or tostring(reply)
    reply, piece = struct.pack('>BH', 3, #message) .. message, ''
  end
  replies[i] = reply
  if piece ~= '' then pieces[#pieces + 1] = piece end
end
-- One feed entry for the whole batch: what the other announcers apply to their swarms.
if #pieces > 0 then
  redis.call('XADD', feedKey, 'MAXLEN', '~', feedMax, '*', 'w', writer, 'd', table.concat(pieces))
end
return string.char(1) .. table.concat(replies)
