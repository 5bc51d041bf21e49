-- Replaces registry hashes of one kind in one atomic step (every RedisRegistryWriter write).
-- KEYS[1]: the version counter, bumped once; KEYS[2]: the change feed (`<prefix>:reg:changes`),
-- one entry per call: `v` the version it made, `k` the kind, `r` the refs, comma-joined, so
-- memory-sync announcers re-read exactly those keys (ADR 0019). ARGV[1]: the key head (`<prefix>:reg:user:`);
-- ARGV[2]: the number F of field names; ARGV[3 .. F + 2]: the names; ARGV[F + 3]: one line per
-- hash, "ref<TAB>value 1<TAB>...<TAB>value F<LF>", '' for a field the hash lacks (all '': the
-- hash is only deleted). Refs are hex and values decimal, so neither holds a tab or a newline.
-- The hash keys are built here from the head, as the announce script builds them: one string
-- instead of 4 arguments per hash made a 200,000-key republish 2.5 times faster (ioredis's cost
-- is per argument). Single Redis primary, as the announce script already requires.
-- ARGV[F + 4]: the kind for the feed (`u` or `t`); ARGV[F + 5]: the feed's approximate MAXLEN.
local head = ARGV[1]
local f = tonumber(ARGV[2])
local refs = {}
local names = {}
for j = 1, f do names[j] = ARGV[2 + j] end
for line in string.gmatch(ARGV[f + 3], '([^\n]*)\n') do
  local cols = {}
  for col in string.gmatch(line .. '\t', '([^\t]*)\t') do cols[#cols + 1] = col end
  local key = head .. cols[1]
  refs[#refs + 1] = cols[1]
  redis.call('DEL', key)
  local fields = {}
  for j = 1, f do
    local v = cols[j + 1]
    if v ~= nil and v ~= '' then
      fields[#fields + 1] = names[j]
      fields[#fields + 1] = v
    end
  end
  if #fields > 0 then redis.call('HSET', key, unpack(fields)) end
end
local version = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[f + 5], '*', 'v', version, 'k', ARGV[f + 4], 'r', table.concat(refs, ','))
return version
