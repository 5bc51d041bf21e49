-- The counts script (scrape, the site's live counts): ARGV and reply in announce-script.ts.
-- Loaded into the build by scripts/generate-lua.mjs.
local BAND = 1e13
local function num(x) return string.format('%.0f', x) end
local swarmHead, sfxPeers, sfxCompleted = ARGV[1], ARGV[2], ARGV[3]
local cutoff = math.max(tonumber(ARGV[4]), -1)
local seeders, seedersEnd = '(' .. num(cutoff), '(' .. num(BAND)
local leechers, leechersEnd = '(' .. num(BAND + cutoff), '(' .. num(2 * BAND)
local out = {}
for i = 5, #ARGV do
  local tag = swarmHead .. ARGV[i]
  local peers = tag .. sfxPeers
  out[#out + 1] = struct.pack('>ddd',
    redis.call('ZCOUNT', peers, seeders, seedersEnd),
    redis.call('ZCOUNT', peers, leechers, leechersEnd),
    tonumber(redis.call('GET', tag .. sfxCompleted) or '0'))
end
return table.concat(out)
