# Redis for the announcer under test (sourced): the machine's own redis-server on
# 127.0.0.1:$REDIS_PORT, pinned to the server core for the run, our keys under $PREFIX only.

REDIS_PID="" REDIS_AFFINITY=""

redis_url() { echo "redis://127.0.0.1:$REDIS_PORT"; }
redis_keys() { timeout 300 node "$HERE/redis-keys.js" "$(redis_url)" "$PREFIX" "$@"; }

# The PID listening on the Redis port (there may be other redis-servers on the machine).
find_redis_pid() {
  ss -ltnpH "sport = :$REDIS_PORT" 2>/dev/null | sed -nE 's/.*"redis-server",pid=([0-9]+).*/\1/p' | head -1
}

# Pins every thread of Redis to core 0 (the server core) and remembers the old affinity,
# so the announcer and its Redis share one core as the references get one core.
pin_redis() {
  REDIS_AFFINITY=$(taskset -cp "$REDIS_PID" | sed -E 's/.*: //')
  if taskset -acp "$REDIS_CPU" "$REDIS_PID" >/dev/null 2>&1; then
    say "redis-server (pid $REDIS_PID) pinned to core $REDIS_CPU (was $REDIS_AFFINITY)"
    record "redis pid=$REDIS_PID pinned=$REDIS_CPU was=$REDIS_AFFINITY"
  else
    say "could not pin redis-server (pid $REDIS_PID); it runs on cores $REDIS_AFFINITY"
    record "redis pid=$REDIS_PID pinned=no runs_on=$REDIS_AFFINITY"
    REDIS_AFFINITY=""
  fi
}

restore_redis() {
  [ -n "$REDIS_PID" ] && [ -n "$REDIS_AFFINITY" ] || return 0
  taskset -acp "$REDIS_AFFINITY" "$REDIS_PID" >/dev/null 2>&1 || true
  say "redis-server affinity restored to $REDIS_AFFINITY"
  REDIS_AFFINITY=""
}

# "calls usec" of EVAL + EVALSHA so far: Redis's own time inside scripts, which other
# clients of this Redis barely touch (unlike its process CPU time).
script_stats() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info commandstats 2>/dev/null |
    awk -F'[:,=]' '/^cmdstat_eval(sha)?:/ { c += $3; u += $5 } END { print c + 0, u + 0 }'
}

# Deletes every key of our prefix; run at start (a crashed earlier run) and at exit.
drop_prefix() {
  [ -n "${PREFIX:-}" ] || return 0
  local out
  out=$(redis_keys clear 2>&1) || { say "could not delete keys under $PREFIX: $out"; return 0; }
  say "deleted Redis keys under $PREFIX ($out)"
}
