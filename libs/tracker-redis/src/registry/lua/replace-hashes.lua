-- Replaces many registry hashes in one atomic step: KEYS and ARGV in redis-registry-writer.ts.
-- Loaded into the build by scripts/generate-lua.mjs.
local f = tonumber(ARGV[1])
local a = f + 2
for i = 1, #KEYS - 1 do
  redis.call('DEL', KEYS[i])
  local fields = {}
  for j = 1, f do
    local v = ARGV[a + j - 1]
    if v ~= '' then
      fields[#fields + 1] = ARGV[1 + j]
      fields[#fields + 1] = v
    end
  end
  if #fields > 0 then redis.call('HSET', KEYS[i], unpack(fields)) end
  a = a + f
end
return redis.call('INCR', KEYS[#KEYS])
