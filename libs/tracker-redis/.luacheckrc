-- luacheck settings for the Redis scripts (Redis runs Lua 5.1 with these globals).
std = 'lua51'
read_globals = { 'redis', 'struct', 'bit', 'cjson', 'cmsgpack', 'KEYS', 'ARGV', 'unpack' }
max_line_length = 160
