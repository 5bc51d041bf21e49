-- The credit rules, shared by announce-batch.lua and credit-batch.lua (inlined by
-- scripts/generate-lua.mjs at each `-- include: _credit-rules.lua` line; not a script itself):
-- exact 64-bit counters in 16-bit limbs, the swarm's leecher marks and the SwarmStore
-- contract's plausibility judgement (judgeCredit in tracker-core says the same in TypeScript).
-- luacheck: ignore 211
local BAND = 1e13
local TWO32 = 4294967296
local TWO21 = 2097152
local ZERO64 = string.rep(string.char(0), 8)
-- Reserved field of the data hash (peer ids are 8 bytes): the last two leechers' announces.
local LEECHERS = 'lt'

local function num(x) return string.format('%.0f', x) end
local function limbs(s) return {struct.unpack('>HHHH', s)} end
local function ge64(x, y)
  local a, b = limbs(x), limbs(y)
  for i = 1, 4 do if a[i] ~= b[i] then return a[i] > b[i] end end
  return true
end
local function sub64(x, y)
  local a, b, borrow = limbs(x), limbs(y), 0
  for i = 4, 1, -1 do
    local v = a[i] - b[i] - borrow
    if v < 0 then a[i] = v + 65536; borrow = 1 else a[i] = v; borrow = 0 end
  end
  return struct.pack('>HHHH', a[1], a[2], a[3], a[4])
end
local function dec64(s)
  local l, digits = limbs(s), {}
  repeat
    local rem = 0
    for i = 1, 4 do
      local cur = rem * 65536 + l[i]
      l[i] = math.floor(cur / 10)
      rem = cur % 10
    end
    table.insert(digits, 1, rem)
  until l[1] + l[2] + l[3] + l[4] == 0
  return table.concat(digits)
end
-- Growth over the baseline: 8 bytes BE, decimal, and as a double (exact below 2^53, for the
-- plausibility limits); a counter that went down (client restart) grows by 0 and becomes
-- the new baseline.
local function delta(cur, base)
  local ch, cl = struct.unpack('>I4I4', cur)
  local bh, bl = struct.unpack('>I4I4', base)
  if ch < TWO21 and bh < TWO21 then
    local d = (ch * TWO32 + cl) - (bh * TWO32 + bl)
    if d <= 0 then return ZERO64, '0', 0 end
    return struct.pack('>I4I4', math.floor(d / TWO32), d % TWO32), num(d), d
  end
  if not ge64(cur, base) then return ZERO64, '0', 0 end
  local d = sub64(cur, base)
  local dh, dl = struct.unpack('>I4I4', d)
  return d, dec64(d), dh * TWO32 + dl
end

-- The leecher marks (LEECHERS field): id(8) time(double BE) for the last leecher to announce,
-- then the same for the one before it, always a different peer. The last other than self:
local function otherLeecherAt(marks, self)
  if not marks or #marks < 16 then return nil end
  if string.sub(marks, 1, 8) ~= self then return (struct.unpack('>d', marks, 9)) end
  if #marks >= 32 then return (struct.unpack('>d', marks, 25)) end
  return nil
end
-- O(1) update on a leecher's announce: refresh its time if it was last, else shift.
local function markLeecher(marks, self, now)
  local head = self .. struct.pack('>d', now)
  if not marks or #marks < 16 then return head end
  if string.sub(marks, 1, 8) == self then return head .. string.sub(marks, 17, 32) end
  return head .. string.sub(marks, 1, 16)
end

-- What an announce earns against the peer's previous record `prev` (nil: first announce, or
-- expired), whose last accepted announce was at prevSeen in band prevBand (2: stopped).
-- Nothing for a first announce or a new session after stopped; an implausible delta is held
-- (credited 0, reported as evidence) and the baseline moves on to the reported value.
-- Returns du, dd, duDec, ddDec, hu, hd, huDec, hdDec, reason (8-byte BE counters and their
-- decimals; reason: the causes in HOLD_CAUSES order, comma-joined).
local function judgeCredit(prev, prevBand, prevSeen, event, up, down, now, maxRate, torrentSize, marks, id, peersKey, cutoff)
  local du, dd, duDec, ddDec = ZERO64, ZERO64, '0', '0'
  local hu, hd, huDec, hdDec, reason = ZERO64, ZERO64, '0', '0', ''
  if not prev or (prevBand == 2 and event == 'started') then
    return du, dd, duDec, ddDec, hu, hd, huDec, hdDec, reason
  end
  local upB, upDec, upN = delta(up, string.sub(prev, 2, 9))
  local dnB, dnDec, dnN = delta(down, string.sub(prev, 10, 17))
  local cap = maxRate * math.max(1000, now - prevSeen) / 1000
  local fastUp, fastDown = maxRate > 0 and upN > cap, maxRate > 0 and dnN > cap
  local overSize = torrentSize >= 0 and dnN > torrentSize
  local lonely = false
  if upN > 0 then
    -- Someone could have received it: a leecher announced since, or one is leeching now
    -- (the count only when the marks do not already say so).
    local mark = otherLeecherAt(marks, id)
    if not (mark and mark >= prevSeen) then
      local leeching = redis.call('ZCOUNT', peersKey, '(' .. num(BAND + cutoff), '(' .. num(2 * BAND))
      if prevBand == 1 then leeching = leeching - 1 end
      lonely = leeching <= 0
    end
  end
  if fastUp or lonely then hu, huDec = upB, upDec else du, duDec = upB, upDec end
  if fastDown or overSize then hd, hdDec = dnB, dnDec else dd, ddDec = dnB, dnDec end
  -- No table for the causes: this runs on every re-announce.
  if fastUp or fastDown then reason = 'too_fast' end
  if lonely then reason = reason == '' and 'no_leechers' or reason .. ',no_leechers' end
  if overSize then reason = reason == '' and 'over_size' or reason .. ',over_size' end
  return du, dd, duDec, ddDec, hu, hd, huDec, hdDec, reason
end
