# Starting and stopping the servers under test (sourced). Each server runs on core
# $SERVER_CPU, listens on 127.0.0.1 only, and is recorded in $RUN/<name>.pid so that
# cleanup stops exactly the processes this run started. Logs go to $RESULTS/logs/<name>.log.

TPID="" TURL=""

target_port() {
  case "$1" in
    ours) echo "$PORT_BASE" ;;
    opentracker) echo $((PORT_BASE + 1)) ;;
    bittorrent-tracker) echo $((PORT_BASE + 2)) ;;
    node-http) echo $((PORT_BASE + 3)) ;;
  esac
}

# start_target NAME SCENARIO -> sets TPID and TURL (the announce URL to load); 1 on failure
start_target() {
  local name=$1 scen=$2 port
  port=$(target_port "$name")
  port_free "$port" || { say "port $port is in use; pick another --port-base"; return 1; }
  TURL="http://127.0.0.1:$port/announce"
  case "$name" in
    ours) start_ours "$port" || return 1 ;;
    opentracker) start_opentracker "$port" || return 1 ;;
    bittorrent-tracker)
      # Its per-swarm LRU (default 1000 peers) must hold the hot swarm.
      local cache=""
      [ "$scen" = c ] && cache=100000
      PEERS_CACHE_LENGTH=$cache start_server bittorrent-tracker "$port" node "$BT_DIR/bittorrent-tracker.mjs" "$port" || return 1 ;;
    node-http) start_server node-http "$port" node "$HERE/servers/node-http.mjs" "$port" || return 1 ;;
  esac
}

# start_server NAME PORT CMD... -> CMD on the server core in the background; sets TPID
start_server() {
  local name=$1 port=$2
  shift 2
  taskset -c "$SERVER_CPU" "$@" >>"$RESULTS/logs/$name.log" 2>&1 &
  TPID=$!
  echo "$TPID" >"$RUN/$name.pid"
  wait_port "$port" "$TPID" && return 0
  say "$name did not start; last log lines:"
  tail -5 "$RESULTS/logs/$name.log" >&2
  return 1
}

# Debian's opentracker is built whitelist-only (README.Debian): it gets every hash of the
# run as its whitelist. It listens on TCP and UDP of the same port, as by default, so a UDP
# run can use it too. It chroots to "/" and drops to its own user before a thread reads the
# whitelist, hence the absolute path and the world-readable work folder.
start_opentracker() {
  local port=$1 conf="$RUN/opentracker.conf"
  printf 'listen.tcp_udp 127.0.0.1:%s\naccess.whitelist %s\ntracker.rootdir /\ntracker.user _opentracker\n' \
    "$port" "$HASHES" >"$conf"
  chmod a+r "$conf" "$HASHES"
  start_server opentracker "$port" /usr/bin/opentracker -f "$conf" || return 1
  opentracker_whitelist_ready "$port" || { say "opentracker: whitelist not loaded after 10 s"; return 1; }
}

# The whitelist loads in the background: poll with an announce of hash #0 on a port the
# load model never uses until it is accepted, then take that peer out again.
opentracker_whitelist_ready() {
  local port=$1 q i
  q="info_hash=$(head -c 40 "$HASHES" | sed 's/../%&/g')&peer_id=-RD0001-000000000000&port=65535&uploaded=0&downloaded=0&left=0&compact=1&numwant=0"
  for i in $(seq 1 200); do
    if curl -s --max-time 1 "http://127.0.0.1:$port/announce?$q&event=started" | grep -q '8:interval'; then
      curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/announce?$q&event=stopped" || true
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# Our announcer from its build, private mode, its own key prefix. MIN_INTERVAL=0: the
# load model re-announces a random peer every few seconds, which a real client would not;
# with the default minimum interval most answers would be "too soon" failures instead of
# full announces (the references enforce no minimum interval either).
start_ours() {
  local port=$1 prof=()
  [ "$PROFILE" = 1 ] && prof=(--cpu-prof "--cpu-prof-dir=$RESULTS/profile")
  # The whole load comes from 127.0.0.1: the per-address budget stays on (each request pays
  # for it) but high enough never to refuse; ANNOUNCE_RATE_PER_IP=0 in the environment runs
  # without it, to measure what it costs. The correctness check joins five peers of one
  # passkey to one torrent: the per-member peer cap stays on, at 5 instead of 3.
  REDIS_URL=$(redis_url) REDIS_PREFIX=$PREFIX TRACKER_MODE=private MIN_INTERVAL=0 \
    ANNOUNCER_HOST=127.0.0.1 ANNOUNCER_PORT=$port ANNOUNCER_INSTANCE=bench \
    ANNOUNCE_RATE_PER_IP=${ANNOUNCE_RATE_PER_IP:-1000000} ANNOUNCE_BURST_PER_IP=${ANNOUNCE_BURST_PER_IP:-1000000} \
    MAX_PEERS_PER_USER=${MAX_PEERS_PER_USER:-5} \
    taskset -c "$SERVER_CPU" node "${prof[@]}" "$REPO/apps/announcer/dist/main.js" \
    >>"$RESULTS/logs/ours.log" 2>&1 &
  TPID=$!
  echo "$TPID" >"$RUN/ours.pid"
  wait_port "$port" "$TPID" && http_ok "http://127.0.0.1:$port/healthz" 10 && {
    TURL="http://127.0.0.1:$port/announce?passkey={passkey}"
    return 0
  }
  say "our announcer did not become healthy; last log lines:"
  tail -5 "$RESULTS/logs/ours.log" >&2
  return 1
}

stop_target() {
  if [ "$1" = ours ]; then stop_ours; else stop_pid "$RUN/$1.pid"; fi
  TPID=""
  return 0
}

# SIGTERM drains and exits; under --cpu-prof the profile is written on that exit, so give
# it longer than stop_pid's 5 s before SIGKILL.
stop_ours() {
  local f="$RUN/ours.pid" pid
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
  for f in "$RUN"/*.pid; do [ -e "$f" ] && stop_pid "$f"; done
  return 0
}
