-- One digest over many registry hashes (RedisRegistryStore.digest), so a reconciliation chunk
-- that matches costs one small reply. KEYS: the hashes; ARGV[i]: the ref of KEYS[i]. Builds
-- exactly what tracker-core's digestFields builds: sha1 over "ref{k=v,...}" lines with the
-- pairs sorted, joined by LF (the registry store contract checks both agree). Many keys in one
-- call: a single Redis primary (or one shard), as the announce script already requires.
local lines = {}
for i, key in ipairs(KEYS) do
  local f = redis.call('HGETALL', key)
  local kv = {}
  for j = 1, #f, 2 do kv[#kv + 1] = f[j] .. '=' .. f[j + 1] end
  table.sort(kv)
  lines[#lines + 1] = ARGV[i] .. '{' .. table.concat(kv, ',') .. '}'
end
return redis.sha1hex(table.concat(lines, '\n'))
