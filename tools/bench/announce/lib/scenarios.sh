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

passkey_args() { if [ "$1" = ours ]; then echo "--passkeys $PASSKEYS"; fi; }

# Announces every peer of the group once (event=started), bounded by $PREFILL_CAP seconds;
# a server too slow to finish is measured with the peers it got (the report says so).
prefill() {
  local target=$1 group=$2 url=$3 pk=()
  scen_shape "$group"
  if [ "$target" = ours ]; then pk=(-K "$PASSKEYS"); fi
  if ! run_child "$W/prefill.out" "$W/prefill.err" taskset -c "$GEN_CPU" "$H/annload" -P -m announce -k 1 \
    -d "$PREFILL_CAP" -c 64 -p "$SCEN_P" -T "$SCEN_T" -H "$HASHES" -w 50 "${pk[@]}" "$url"; then
    say "$target: prefill of group $group failed: $(tail -2 "$W/prefill.err")"
    return 1
  fi
  record "prefill target=$target group=$group slots=$((SCEN_T * SCEN_P)) $(cat "$W/prefill.out")"
  say "$target: prefill $group: $(grep -oE 'reqs=[0-9]+ rps=[0-9]+' "$W/prefill.out") of $((SCEN_T * SCEN_P)) peers"
}

# One measured load.sh run; appends the redis-server CPU share when the target uses Redis.
measure() {
  local target=$1 scen=$2 r0 r1 t0 t1 rpct="" s0 s1
  scen_shape "$scen"
  s0=$(script_stats)
  r0=$(redis_ticks) t0=$(date +%s.%N)
  # shellcheck disable=SC2046 # passkey_args is two words or none
  if ! run_child "$W/load.out" "$W/load.err" "$H/load.sh" "$TURL" --hashes "$HASHES" \
    --torrents "$SCEN_T" --ppt "$SCEN_P" --secs "$SECS" --warmup "$WARMUP" --pid "$TPID" \
    --gen-cpu "$GEN_CPU" $(passkey_args "$target") "${SCEN_FLAGS[@]}"; then
    say "$target $scen: load run failed: $(tail -2 "$W/load.err")"
    record "failed target=$target scen=$scen"
    return 0
  fi
  r1=$(redis_ticks) t1=$(date +%s.%N)
  s1=$(script_stats)
  if [ "$target" = ours ]; then
    rpct=" redis_cpu_pct=$(echo "scale=0; 100 * ($r1 - $r0) / $HZ / ($t1 - $t0)" | bc)"
    # shellcheck disable=SC2086 # "calls usec" pairs
    rpct+=$(set -- $s0 $s1 && echo " redis_script_calls=$(($3 - $1)) redis_script_usec=$(($4 - $2))")
  fi
  record "rep=1 target=$target scen=$scen $(cat "$W/load.out")$rpct"
  say "$target $scen: $(grep -oE 'rps=[0-9]+ p50_ms=[0-9.]+ p90_ms=[0-9.]+ p99_ms=[0-9.]+' "$W/load.out")"
}

# Correctness before load (harness check.js): recorded, never fatal (bittorrent-tracker's
# scrape is known to fail it).
check_target() {
  local target=$1 rc=0
  run_child "$W/check.out" "$W/check.err" timeout 60 node "$H/check.js" "$TURL" "$HASHES" "$(head -1 "$PASSKEYS")" || rc=$?
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
