# Scenarios and how one target is driven through them (sourced).
#
# Scenarios sharing a swarm state run in one group, after one restart and one prefill:
#   group k (1,000 torrents x 10 peers): a keep-alive, d Connection: close, s10 scrape of 10
#   group b (10,000 torrents x 10 peers = 100,000 peers, one per registered user)
#   group c (1 torrent x 50,000 peers: the hot swarm)

SCEN_T="" SCEN_P="" SCEN_FLAGS=()

scen_shape() {
  SCEN_FLAGS=()
  case "$1" in
    a | k) SCEN_T=1000 SCEN_P=10 ;;
    d) SCEN_T=1000 SCEN_P=10 SCEN_FLAGS=(--close) ;;
    s10) SCEN_T=1000 SCEN_P=10 SCEN_FLAGS=(--mode scrape --scrape-n 10) ;;
    b) SCEN_T=10000 SCEN_P=10 ;;
    c) SCEN_T=1 SCEN_P=50000 ;;
    *) die "unknown scenario $1" ;;
  esac
}

# Scenarios of GROUP that were selected and that TARGET supports (node-http: a and d only).
group_scenarios() {
  local group=$1 target=$2 s out=()
  case "$group" in k) set -- a d s10 ;; *) set -- "$group" ;; esac
  for s in "$@"; do
    [[ ",$SCENARIOS," == *",$s,"* ]] || continue
    if [ "$target" = node-http ] && [ "$s" != a ] && [ "$s" != d ]; then continue; fi
    out+=("$s")
  done
  echo "${out[@]:-}"
}

# Announces every peer of the group once (event=started), bounded by $PREFILL_CAP seconds;
# a server too slow to finish is measured with the peers it got (the report says so).
prefill() {
  local target=$1 group=$2 url=$3 pk=()
  scen_shape "$group"
  if [ "$target" = ours ]; then pk=(--passkeys "$PASSKEYS"); fi
  if ! run_child "$W/prefill.out" "$W/prefill.err" taskset -c "$GEN_CPU" "$LOADGEN" --prefill \
    --prefill-secs "$PREFILL_CAP" --conns 64 --ppt "$SCEN_P" --torrents "$SCEN_T" --hashes "$HASHES" \
    "${pk[@]}" "$url"; then
    say "$target: prefill of group $group failed: $(tail -2 "$W/prefill.err" "$W/prefill.out")"
    return 1
  fi
  record "prefill target=$target group=$group slots=$((SCEN_T * SCEN_P)) $(cat "$W/prefill.out")"
  say "$target: prefill $group: $(grep -oE 'reqs=[0-9]+ rps=[0-9]+' "$W/prefill.out") of $((SCEN_T * SCEN_P)) peers"
}

# One measured run of the load generator. The generator itself reports the server's CPU
# share and RSS over the measured window, and Redis's when the target uses it.
measure() {
  local target=$1 scen=$2 s0 s1 extra=() scripts="" progress
  scen_shape "$scen"
  if [ "$target" = ours ]; then extra=(--passkeys "$PASSKEYS" --watch "redis=$REDIS_PID"); fi
  s0=$(script_stats)
  if ! run_child "$W/load.out" "$W/load.err" taskset -c "$GEN_CPU" "$LOADGEN" --hashes "$HASHES" \
    --torrents "$SCEN_T" --ppt "$SCEN_P" --secs "$SECS" --warmup "$WARMUP" --conns 64 --timeout-ms 5000 \
    --server-pid "$TPID" "${extra[@]}" "${SCEN_FLAGS[@]}" "$TURL" && [ ! -s "$W/load.out" ]; then
    say "$target $scen: load run failed: $(tail -2 "$W/load.err")"
    record "failed target=$target scen=$scen"
    return 0
  fi
  s1=$(script_stats)
  if [ "$target" = ours ]; then
    # shellcheck disable=SC2086 # "calls usec" pairs
    scripts=$(set -- $s0 $s1 && echo " redis_script_calls=$(($3 - $1)) redis_script_usec=$(($4 - $2))")
  fi
  record "rep=1 target=$target scen=$scen gen=loadgen $(cat "$W/load.out")$scripts"
  if progress=$(node "$HERE/summary.js" "$W/load.out" 2>"$W/summary.err"); then
    say "$target $scen: $progress"
  else
    say "$target $scen: FAILED: $(cat "$W/summary.err"); $progress"
    record "failed target=$target scen=$scen"
  fi
}

# Correctness before load (check-tracker.js): recorded, never fatal (bittorrent-tracker's
# scrape is known to fail it).
check_target() {
  local target=$1 rc=0
  run_child "$W/check.out" "$W/check.err" timeout 60 node "$HERE/check-tracker.js" "$TURL" "$HASHES" "$(head -1 "$PASSKEYS")" || rc=$?
  local failed
  failed=$(grep -c '^FAIL' "$W/check.out" || true)
  record "check target=$target rc=$rc failed_lines=$failed"
  say "$target: correctness check rc=$rc"
  [ "$rc" = 0 ] || sed 's/^/  /' "$W/check.out" "$W/check.err" | tail -8 >&2
}

# Redis memory of the hot swarm right after it was filled: exact MEMORY USAGE of its keys,
# and the used_memory delta (which includes the stats-stream entries the prefill appended).
memory_probe() {
  local target=$1 phase=$2
  if [ "$target" = ours ]; then
    if [ "$phase" = before ]; then
      MEM_BEFORE=$(redis_keys used-memory)
    else
      record "memory target=ours scen=c used_before=$MEM_BEFORE $(redis_keys swarm-memory "$(head -c 40 "$HASHES")") server_rss_kb=$(rss_kb "$TPID")"
    fi
  else
    if [ "$phase" = before ]; then MEM_BEFORE=$(rss_kb "$TPID"); else
      record "memory target=$target scen=c rss_before_kb=$MEM_BEFORE server_rss_kb=$(rss_kb "$TPID")"
    fi
  fi
}

# Restart (fresh swarms), prefill and measure every selected scenario of one group.
run_group() {
  local target=$1 group=$2 scens s
  scens=$(group_scenarios "$group" "$target")
  [ -n "$scens" ] || return 0
  if [ "$target" = ours ]; then redis_keys clear swarms >/dev/null; fi
  start_target "$target" "$group" || { record "failed target=$target group=$group start"; return 0; }
  if [ "$group" = k ] && [ "$target" != node-http ]; then check_target "$target"; fi
  if [ "$group" = c ]; then memory_probe "$target" before; fi
  if [ "$target" != node-http ]; then prefill "$target" "$group" "$TURL" || { stop_target "$target"; return 0; }; fi
  if [ "$group" = c ]; then memory_probe "$target" after; fi
  for s in $scens; do measure "$target" "$s"; done
  stop_target "$target"
}
