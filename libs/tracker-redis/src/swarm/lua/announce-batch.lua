-- The announce batch script: KEYS, ARGV, replies and the record format are documented in
-- announce-script.ts and KEY-SCHEMA.md. Loaded into the build by scripts/generate-lua.mjs.
-- include: _credit-rules.lua
-- luacheck: read globals BAND LEECHERS num markLeecher judgeCredit
local PURGE_PER_BAND = 32
local POOL_FROM, POOL_SIZE, POOL_MS = 1000, 256, 1000
local EVENTS = {'none', 'started', 'completed', 'stopped', 'paused'}
local streamKey = KEYS[1]
local swarmHead, userHead, torrentHead = ARGV[3], ARGV[4], ARGV[5]
local SFX_PEERS, SFX_PEERS6, SFX_DATA, SFX_COMPLETED, SFX_POOL, SFX_USERS = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]

-- The members of a packed list of 8-byte ids (a users field) that are live peers now, but skip.
local function liveMembers(peersKey, list, skip, cutoff)
  local ids, live = {}, {}
  for at = 1, #(list or '') - 7, 8 do
    local m = string.sub(list, at, at + 7)
    if m ~= skip then table.insert(ids, m) end
  end
  if #ids == 0 then return live end
  local scores = redis.call('ZMSCORE', peersKey, unpack(ids))
  for i, m in ipairs(ids) do
    local s = scores[i] and tonumber(scores[i])
    if s then
      local b = math.floor(s / BAND)
      if b < 2 and s - b * BAND > cutoff then table.insert(live, m) end
    end
  end
  return live
end

-- Drops the members that are no longer live from a few random users fields: stopped and
-- expired peers leave their ids behind, and only a new peer of the same user rewrites a field.
local function pruneUsers(usersKey, peersKey, cutoff)
  local sample = redis.call('HRANDFIELD', usersKey, 4, 'WITHVALUES')
  for i = 1, #sample, 2 do
    local live = liveMembers(peersKey, sample[i + 1], nil, cutoff)
    if #live == 0 then redis.call('HDEL', usersKey, sample[i])
    elseif #live * 8 < #sample[i + 1] then redis.call('HSET', usersKey, sample[i], table.concat(live)) end
  end
end

-- One announce: KEYS from index k (KEYS_EACH of them), ARGV from index a (ARGS_EACH).
local function announceOne(mode, infoHex, id, endpoint, eventCode, numbers, leftStr, passkey, userId, torrentId, peerKey, instance, peerIdHex)
  local swarmTag = swarmHead .. infoHex
  local peersKey, peers6Key, dataKey = swarmTag .. SFX_PEERS, swarmTag .. SFX_PEERS6, swarmTag .. SFX_DATA
  local completedKey, poolKey, usersKey = swarmTag .. SFX_COMPLETED, swarmTag .. SFX_POOL, swarmTag .. SFX_USERS
  local event = EVENTS[eventCode]
  local up, down, numWant, ttl, minInterval, now, seed, completedTtl, maxRate, torrentSize, maxPeers =
    struct.unpack('>c8c8ddddddddd', numbers)
  local family = #endpoint == 6 and '4' or '6'
  math.randomseed(seed)
  local seeding = leftStr == '0'
  local ledgerOn = mode ~= 0

  -- Registry gate (private mode): who may announce, and which torrents exist, as the CMS
  -- published them. A malformed entry reads as not registered.
  if mode == 2 then
    local user = redis.call('HMGET', userHead .. passkey, 'id', 'en', 'lc')
    if not user[1] or not string.match(user[1], '^[1-9][0-9]*$') then return {2, 'unknown_passkey'} end
    if user[2] ~= '1' then return {2, 'account_disabled'} end
    local torrent = redis.call('HMGET', torrentHead .. infoHex, 'id', 'sz')
    if not torrent[1] or not string.match(torrent[1], '^[1-9][0-9]*$') then return {2, 'unregistered_torrent'} end
    if user[3] ~= '1' and not seeding then return {2, 'leech_disabled'} end
    -- The size as published; a torrent published without one (older data) checks nothing.
    torrentSize = -1
    if torrent[2] and string.match(torrent[2], '^[1-9][0-9]*$') then torrentSize = tonumber(torrent[2]) end
    if torrentSize >= 0 and tonumber(leftStr) > torrentSize then return {2, 'left_exceeds_size'} end
    userId, torrentId = user[1], torrent[1]
    peerKey = 'u' .. userId .. ':' .. peerIdHex
    -- The same 8-byte id RedisSwarmStore derives in Node: the first 8 bytes of SHA-1(peer key).
    local hex = redis.sha1hex(peerKey)
    id = struct.pack('>I4I4', tonumber(string.sub(hex, 1, 8), 16), tonumber(string.sub(hex, 9, 16), 16))
  end
  local cutoff = math.max(now - ttl, -1)

  -- The peer's previous record, only if it is still alive, and the swarm's leecher marks
  -- (one HMGET). Both reads run every time: they also prove the two keys' types before the
  -- first write (below).
  local prev, prevBand, prevSeen = nil, nil, nil
  local score = redis.call('ZSCORE', peersKey, id)
  local stored = redis.call('HMGET', dataKey, id, LEECHERS)
  local record, marks = stored[1], stored[2]
  if score then
    score = tonumber(score)
    prevBand = math.floor(score / BAND)
    prevSeen = score - prevBand * BAND
    if prevSeen > cutoff and record then prev = record end
  end

  -- Record: flags(1) up(8) down(8) [ip4+port(6)] [ip6+port(18)] [other time(8)]; no peer_id
  -- (peers are handed out as endpoints, SwarmPeer).
  -- flags: 1 seen leeching, 2 completion counted, 4 has ip4, 8 has ip6, 16 last announce over
  -- IPv6. The score's time belongs to the last family; a peer with both endpoints also keeps
  -- the other family's last accepted time, so each family has its own min interval and expiry.
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
      -- The other family's endpoint expired: forget it.
      if lastFamily == '4' then ep6 = '' else ep4 = '' end
      otherTime = nil
    end
    local familyTime = nil
    if family == lastFamily then familyTime = prevSeen
    elseif (family == '4' and ep4 ~= '') or (family == '6' and ep6 ~= '') then familyTime = otherTime end
    -- A started from a live, not stopped peer is a re-announce like none.
    if (event == 'none' or event == 'started') and prevBand ~= 2 and familyTime and now - familyTime < minInterval then
      return {0, math.ceil((familyTime + minInterval - now) / 1000)}
    end
    if family ~= lastFamily then otherTime = prevSeen end
  end
  if family == '4' then ep4 = endpoint else ep6 = endpoint end

  -- Peers per member: only a peer that is not live yet (new, expired or stopped) can be
  -- refused, so a re-announce never reads the users hash. The read proves its key's type.
  local limitOn, members = maxPeers > 0 and ledgerOn, nil
  if limitOn and event ~= 'stopped' and (prev == nil or prevBand == 2) then
    local live = liveMembers(peersKey, redis.call('HGET', usersKey, userId), id, cutoff)
    if #live >= maxPeers then return {4, maxPeers} end
    table.insert(live, id)
    members = table.concat(live)
  end

  -- Credit (the SwarmStore contract, _credit-rules.lua).
  local du, dd, duDec, ddDec, hu, hd, huDec, hdDec, reason =
    judgeCredit(prev, prevBand, prevSeen, event, up, down, now, maxRate, torrentSize, marks, id, peersKey, cutoff)

  -- Writes in the order that keeps the bytes exact if a step fails (a script has no
  -- rollback; a key of the wrong type under our prefix is the way it fails): the ledger entry
  -- first, so a refused XADD changes nothing, then the record holding the baselines, whose
  -- key's type was proven above. Whatever fails after these touches counts, not credit.
  if ledgerOn and reason == '' then
    redis.call('XADD', streamKey, '*', 'u', userId, 't', torrentId, 'h', infoHex, 'p', peerKey,
      'du', duDec, 'dd', ddDec, 'l', leftStr, 'e', event, 's', seeding and '1' or '0',
      'ts', num(now), 'i', instance)
  elseif ledgerOn then
    -- What was held travels in the same entry: the evidence staff review.
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
  -- A leecher's announce (any event), or the one that ends its leeching (it received bytes
  -- until now), also marks the swarm's leecher times, in the same call.
  if seeding and not (prev and prevBand == 1) then redis.call('HSET', dataKey, id, packed)
  else redis.call('HSET', dataKey, id, packed, LEECHERS, markLeecher(marks, id, now)) end
  if completedNow == 1 then redis.call('INCR', completedKey) end
  redis.call('ZADD', peersKey, band * BAND + now, id)
  redis.call('PEXPIRE', peersKey, keep)
  redis.call('PEXPIRE', dataKey, keep)
  if band ~= 2 and ep6 ~= '' then
    local time6 = now
    if family == '4' then time6 = otherTime end
    redis.call('ZADD', peers6Key, band * BAND + time6, id)
    redis.call('PEXPIRE', peers6Key, keep)
  elseif bit.band(prevFlags, 8) ~= 0 then
    -- Only a live record can have a live peers6 member; an expired one is skipped by score.
    redis.call('ZREM', peers6Key, id)
  end
  -- The counter outlives the swarm: refreshed when a peer joins and when one completes,
  -- which every swarm that is still in use keeps doing.
  if prev == nil or completedNow == 1 then redis.call('PEXPIRE', completedKey, completedTtl) end
  -- The users hash lives as long as the swarm's other keys: refreshed by every private announce.
  if members then redis.call('HSET', usersKey, userId, members) end
  if limitOn then redis.call('PEXPIRE', usersKey, keep) end

  -- Lazy expiry, on one announce in eight and bounded per call: counts never depend on it
  -- (ZCOUNT skips expired scores), it only frees memory, so it need not run every time.
  if math.random(8) == 1 then
    local purged = 0
    for b = 0, 2 do
      local stale = redis.call('ZRANGEBYSCORE', peersKey, num(b * BAND), num(b * BAND + cutoff), 'LIMIT', 0, PURGE_PER_BAND)
      purged = purged + #stale
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
    if limitOn and purged > 0 then pruneUsers(usersKey, peersKey, cutoff) end
  end

  local complete = redis.call('ZCOUNT', peersKey, '(' .. num(cutoff), '(' .. num(BAND))
  local incomplete = redis.call('ZCOUNT', peersKey, '(' .. num(BAND + cutoff), '(' .. num(2 * BAND))
  local downloaded = tonumber(redis.call('GET', completedKey) or '0')

  -- Where to sample: IPv6 announcers from peers6 (only live IPv6 endpoints); IPv4 ones from
  -- peers, skipping the rare peers without a live IPv4 endpoint. A seeder gets leechers only.
  local sampleKey = family == '6' and peers6Key or peersKey
  -- Live members per wanted band: on peers these are the counts already; peers6 needs its own.
  local bands, total = {}, 0
  if band ~= 2 and numWant > 0 then
    for b = seeding and 1 or 0, 1 do
      local n
      if sampleKey == peersKey then n = b == 0 and complete or incomplete
      else n = redis.call('ZCOUNT', sampleKey, '(' .. num(b * BAND + cutoff), '(' .. num((b + 1) * BAND)) end
      if n > 0 then table.insert(bands, {b, n}); total = total + n end
    end
  end

  -- Appends the usable peers among ids to out, at most limit of them, never self (self may be
  -- nil: a pool is shared by every announcer).
  local out, given = {}, 0
  local function take(ids, limit, self)
    if #ids == 0 then return end
    local records = redis.call('HMGET', dataKey, unpack(ids))
    for i, m in ipairs(ids) do
      local rec = records[i]
      if m ~= self and rec and given < limit then
        local f = string.byte(rec, 1)
        local live4, live6 = bit.band(f, 4) ~= 0, bit.band(f, 8) ~= 0
        if live4 and live6 and struct.unpack('<d', rec, 42) <= cutoff then
          if bit.band(f, 16) ~= 0 then live4 = false else live6 = false end
        end
        if family == '4' and live4 then
          table.insert(out, string.sub(rec, 18, 23)); given = given + 1
        elseif family == '6' and live6 then
          local pos = bit.band(f, 4) ~= 0 and 24 or 18
          table.insert(out, string.sub(rec, pos, pos + 17)); given = given + 1
        end
      end
    end
  end

  -- Up to limit random live peers of the wanted bands into out, in O(limit + log n): random
  -- runs of ranks, in a few rounds when some candidates turn out unusable (self, no endpoint
  -- of this family).
  local function sampleRanked(limit, self)
    -- Rank of each band's first live member (expired members sort before the live ones).
    local ranges = {}
    for _, bn in ipairs(bands) do
      table.insert(ranges, {redis.call('ZCOUNT', sampleKey, '-inf', num(bn[1] * BAND + cutoff)), bn[2]})
    end
    local function rankAt(index)
      for _, r in ipairs(ranges) do
        if index < r[2] then return r[1] + index end
        index = index - r[2]
      end
    end
    -- Runs of RUN consecutive ranks from random starts: one ZRANGE per run instead of one
    -- per peer (each call inside a script costs more than the peers it returns).
    -- Neighbours in last-announce order are otherwise unrelated peers.
    local RUN = 12
    local runs = math.ceil(total / RUN)
    local taken = {}
    for _ = 1, 4 do
      local ids, want = {}, limit - given + 1
      local tries = 0
      while #ids < want and tries < 4 * want do
        tries = tries + 1
        local run = math.random(runs) - 1
        if not taken[run] then
          taken[run] = true
          local first = run * RUN
          local last = math.min(first + RUN, total) - 1
          -- A run may straddle the seeder and leecher ranges: fetch each part.
          local index = first
          while index <= last do
            local rank = rankAt(index)
            local r = ranges[1]
            local rangeEnd = (index < r[2]) and (r[2] - 1) or (total - 1)
            local upto = math.min(last, rangeEnd)
            for _, m in ipairs(redis.call('ZRANGE', sampleKey, rank, rank + upto - index)) do table.insert(ids, m) end
            index = upto + 1
          end
        end
      end
      if #ids == 0 then break end
      take(ids, limit, self)
      if given >= limit then break end
    end
  end

  -- numWant consecutive records of a pool from a random start (wrapping), without self.
  local function fromPool(blob, size)
    local n = math.floor(#blob / size)
    if n == 0 then return '' end
    local want = math.min(numWant + 1, n)
    local start = math.random(n) - 1
    local head = math.min(want, n - start)
    local window = string.sub(blob, start * size + 1, (start + head) * size) .. string.sub(blob, 1, (want - head) * size)
    local at = string.find(window, endpoint, 1, true)
    if at and (at - 1) % size == 0 then window = string.sub(window, 1, at - 1) .. string.sub(window, at + size) end
    return string.sub(window, 1, math.min(numWant, math.floor(#window / size)) * size)
  end

  local peersOut
  if total <= 2 * (numWant + 1) then
    -- Every candidate when there are few, read by score (no ranks needed).
    local ids = {}
    for _, bn in ipairs(bands) do
      local b = bn[1]
      for _, m in ipairs(redis.call('ZRANGEBYSCORE', sampleKey, '(' .. num(b * BAND + cutoff), '(' .. num((b + 1) * BAND))) do
        table.insert(ids, m)
      end
    end
    for i = #ids, 2, -1 do
      local j = math.random(i)
      ids[i], ids[j] = ids[j], ids[i]
    end
    take(ids, numWant, id)
    peersOut = table.concat(out)
  elseif total >= POOL_FROM and numWant <= POOL_SIZE / 4 then
    -- A hot swarm: sampling 50 of 50,000 peers touches 50 random places in two large
    -- structures, the costliest part of an announce. Announcers share a pool of POOL_SIZE
    -- sampled peers per family and kind (seeder: leechers only), rebuilt when older than
    -- POOL_MS, and each takes a random window of it.
    local field = family .. (seeding and 'l' or 'a')
    local pool = redis.call('HGET', poolKey, field)
    if not pool or struct.unpack('>d', pool) < now - POOL_MS or struct.unpack('>d', pool) > now then
      sampleRanked(POOL_SIZE, nil)
      pool = struct.pack('>d', now) .. table.concat(out)
      redis.call('HSET', poolKey, field, pool)
      redis.call('PEXPIRE', poolKey, POOL_MS * 10)
    end
    peersOut = fromPool(string.sub(pool, 9), #endpoint)
  else
    sampleRanked(numWant, id)
    peersOut = table.concat(out)
  end

  return {1, complete, incomplete, downloaded, completedNow, du, dd, hu, hd, reason, peersOut}
end

-- A packed reply per announce (decodeBatchReply in announce-batch-codec.ts).
local function packReply(r)
  local status = r[1]
  if status == 1 then
    return struct.pack('>BdddBc8c8c8c8B', 1, r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], #r[10]) .. r[10]
      .. struct.pack('>H', #r[11]) .. r[11]
  elseif status == 0 or status == 4 then
    return struct.pack('>Bd', status, r[2])
  end
  local message = tostring(r[2])
  return struct.pack('>BH', status, #message) .. message
end

-- Each announce in its own protected call: a fault in one (a key of the wrong type, say)
-- is that announce's error reply, and the others of the batch still happen. The fields of
-- each packed announce, in order (encodeAnnounceRecord in announce-batch-codec.ts).
local RECORD = '>Bc40c8Bc0Bc88Bc0Bc0Bc0Bc0Hc0Bc0Bc0'
local n, batch, at = tonumber(ARGV[1]), ARGV[2], 1
local replies = {}
for i = 1, n do
  local mode, infoHex, id, endpoint, eventCode, numbers, leftStr, passkey, userId, torrentId, peerKey, instance, peerIdHex, after =
    struct.unpack(RECORD, batch, at)
  at = after
  local ok, reply = pcall(announceOne, mode, infoHex, id, endpoint, eventCode, numbers, leftStr, passkey, userId, torrentId, peerKey, instance, peerIdHex)
  if not ok then reply = {3, type(reply) == 'table' and tostring(reply.err) or tostring(reply)} end
  replies[i] = packReply(reply)
end
return table.concat(replies)
