# Starting and stopping the servers under test (sourced). Each server runs on core
# $SERVER_CPU, listens on 127.0.0.1 only, and is recorded in $W/bench/run/*.pid so that
# cleanup stops exactly the processes this run started.

TPID="" TURL=""

target_port() {
  case "$1" in
    ours) echo "$PORT_BASE" ;;
    opentracker) echo $((PORT_BASE + 1)) ;;
    bittorrent-tracker) echo $((PORT_BASE + 2)) ;;
    node-http) echo $((PORT_BASE + 3)) ;;
  esac
}

# start_target NAME SCENARIO -> sets TPID and TURL (announce URL for load.sh); 1 on failure
start_target() {
  local name=$1 scen=$2 port
  port=$(target_port "$name")
  port_free "$port" || { say "port $port is in use; pick another --port-base"; return 1; }
  TURL="http://127.0.0.1:$port/announce"
  case "$name" in
    ours) start_ours "$port" || return 1 ;;
    opentracker) TPID=$(SERVER_CPU=$SERVER_CPU "$H/run-opentracker.sh" "$port" "$HASHES") || return 1 ;;
    bittorrent-tracker)
      # As the harness does: the per-swarm LRU (default 1000 peers) must hold the hot swarm.
      local cache=""
      [ "$scen" = c ] && cache=100000
      TPID=$(SERVER_CPU=$SERVER_CPU PEERS_CACHE_LENGTH=$cache "$H/run-bittorrent-tracker.sh" "$port") || return 1 ;;
    node-http) TPID=$(SERVER_CPU=$SERVER_CPU "$H/run-trivial.sh" node "$port") || return 1 ;;
  esac
}

# Our announcer from its build, private mode, its own key prefix. MIN_INTERVAL=0: the
# load model re-announces a random peer every few seconds, which a real client would not;
# with the default minimum interval most answers would be "too soon" failures instead of
# full announces (the references enforce no minimum interval either).
start_ours() {
  local port=$1 prof=()
  [ "$PROFILE" = 1 ] && prof=(--cpu-prof "--cpu-prof-dir=$RESULTS/profile")
  REDIS_URL=$(redis_url) REDIS_PREFIX=$PREFIX TRACKER_MODE=private MIN_INTERVAL=0 \
    ANNOUNCER_HOST=127.0.0.1 ANNOUNCER_PORT=$port ANNOUNCER_INSTANCE=bench \
    taskset -c "$SERVER_CPU" node "${prof[@]}" "$REPO/apps/announcer/dist/main.js" \
    >>"$RESULTS/logs/ours.log" 2>&1 &
  TPID=$!
  echo "$TPID" >"$H/run/ours.pid"
  wait_port "$port" "$TPID" && http_ok "http://127.0.0.1:$port/healthz" 10 && {
    TURL="http://127.0.0.1:$port/announce?passkey={passkey}"
    return 0
  }
  say "our announcer did not become healthy; last log lines:"
  tail -5 "$RESULTS/logs/ours.log" >&2
  return 1
}

stop_target() {
  local name=$1 f
  case "$name" in
    ours) f=ours ;;
    node-http) f=trivial-node ;;
    *) f=$name ;;
  esac
  if [ "$name" = ours ]; then stop_ours; else stop_pid "$H/run/$f.pid"; fi
  # the run scripts log into the harness copy, which is deleted at exit: keep the logs
  [ -f "$H/run/$f.log" ] && cat "$H/run/$f.log" >>"$RESULTS/logs/$name.log" && rm -f "$H/run/$f.log"
  TPID=""
  return 0
}

# SIGTERM drains and exits; under --cpu-prof the profile is written on that exit, so give
# it longer than the harness's 5 s before SIGKILL.
stop_ours() {
  local f="$H/run/ours.pid" pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$f"
}

stop_all_targets() {
  stop_ours
  local f
  for f in "$H"/run/*.pid; do [ -e "$f" ] && stop_pid "$f"; done
  return 0
}
