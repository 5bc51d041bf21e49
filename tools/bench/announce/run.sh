#!/usr/bin/env bash
# npm run bench:announce [-- options]
#
# Measures our announcer (apps/announcer build, private mode, local Redis) and, in the same
# invocation, the references: opentracker (when installed), bittorrent-tracker (npm,
# in-memory) and a bare node:http server with a fixed body, all driven by the project's load
# generator (tools/bench/loadgen, C, built here on demand); see tools/bench/README.md.
#
# options:
#   --quick             5 s measured per scenario, 1 s warm-up, prefill <= 60 s (smoke test)
#   --only ours|references
#   --scenarios LIST    comma-separated subset of a,b,c,d,s10 (default: all)
#   --secs N            measured seconds per scenario (default 20; 5 with --quick)
#   --profile           run our announcer under `node --cpu-prof`, print its top functions
#   --no-build          use the existing apps/announcer/dist build
#   --port-base N       first of 4 loopback ports (default 17170)
#   --redis-port N      the local Redis on 127.0.0.1 (default 6379)
#   --redis-cpu N       pin Redis to core N instead of the server's core 0 (an experiment: the
#                       targets assume one core for Node and Redis together)
# Results: tools/bench/results/announce-<time>/ (raw.txt, report.md, logs/, profile/).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
# The reference tracker from npm, installed at bench time into the work folder (not a
# dependency of the repository: its WebRTC dependency's install script downloads a binary,
# hence --ignore-scripts; the HTTP server needs none of it).
BT_PACKAGE=bittorrent-tracker@11.2.3

SECS=20 WARMUP=2 PREFILL_CAP=300 ONLY=all SCENARIOS=a,b,c,d,s10 PROFILE=0 BUILD=1
PORT_BASE=17170 REDIS_PORT=6379 SECS_SET=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SECS=5 WARMUP=1 PREFILL_CAP=60 ;;
    --only) ONLY=${2:?--only needs ours or references}; shift ;;
    --scenarios) SCENARIOS=${2:?--scenarios needs a list}; shift ;;
    --secs) SECS_SET=${2:?--secs needs a number}; shift ;;
    --profile) PROFILE=1 ;;
    --no-build) BUILD=0 ;;
    --port-base) PORT_BASE=${2:?--port-base needs a port}; shift ;;
    --redis-port) REDIS_PORT=${2:?--redis-port needs a port}; shift ;;
    --redis-cpu) REDIS_CPU=${2:?--redis-cpu needs a core number}; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$SECS_SET" ] && SECS=$SECS_SET
[[ "$ONLY" =~ ^(all|ours|references)$ ]] || { echo "bench: --only must be ours or references" >&2; exit 2; }
[[ "$SCENARIOS" =~ ^(a|b|c|d|s10)(,(a|b|c|d|s10))*$ ]] || { echo "bench: --scenarios takes a,b,c,d,s10" >&2; exit 2; }
[[ "$SECS" =~ ^[0-9]+$ ]] && [ "$SECS" -ge 1 ] && [ "$SECS" -le 300 ] || { echo "bench: --secs must be 1..300" >&2; exit 2; }
[[ "$PORT_BASE" =~ ^[0-9]+$ ]] && [ "$PORT_BASE" -ge 1024 ] && [ "$PORT_BASE" -le 65530 ] || { echo "bench: bad --port-base" >&2; exit 2; }
[[ "$REDIS_PORT" =~ ^[0-9]+$ ]] || { echo "bench: bad --redis-port" >&2; exit 2; }

SERVER_CPU=0 GEN_CPU=1
REDIS_CPU=${REDIS_CPU:-$SERVER_CPU}
[[ "$REDIS_CPU" =~ ^[01]$ ]] || { echo "bench: --redis-cpu must be 0 or 1" >&2; exit 2; }
RESULTS="$REPO/tools/bench/results/announce-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS/logs"
# Own temp folder; world-traversable because opentracker drops to its own user before it
# reads the whitelist from it.
W=$(mktemp -d "${TMPDIR:-/var/tmp}/announce-bench.XXXXXX")
chmod 755 "$W"
trap 'rm -rf "$W"' EXIT
export TMPDIR=$W
PREFIX="" MEM_BEFORE=""

RUN="$W/run" BT_DIR="$W/bittorrent-tracker"
mkdir -p "$RUN"

. "$HERE/lib/common.sh"
. "$HERE/lib/redis.sh"
. "$HERE/lib/targets.sh"
. "$HERE/lib/scenarios.sh"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_child
  stop_all_targets
  drop_prefix
  restore_redis
  rm -rf "$W"
  [ "$rc" = 0 ] || say "stopped (exit $rc); partial results in $RESULTS"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wants() { [ "$ONLY" = all ] || [ "$ONLY" = "$1" ]; }

if wants ours && [ "$BUILD" = 1 ]; then
  say "building the announcer (nx run announcer:build)"
  run_child "$RESULTS/logs/build.log" "$RESULTS/logs/build.err" env -C "$REPO" NX_DAEMON=false \
    timeout 600 npx nx run announcer:build --outputStyle=static ||
    die "build failed, see $RESULTS/logs/build.log and build.err"
fi
LOADGEN=$("$REPO/tools/bench/loadgen/build.sh" 2>"$RESULTS/logs/loadgen-build.log") ||
  die "the load generator did not build, see $RESULTS/logs/loadgen-build.log"
HASHES="$W/hashes-10000.txt"
node "$HERE/bench-hashes.js" 10000 "$HASHES"
PASSKEYS="$W/passkeys.txt"
: >"$PASSKEYS"
record "bench secs=$SECS warmup=$WARMUP prefill_cap=$PREFILL_CAP only=$ONLY scenarios=$SCENARIOS machine_busy_pct_before=$(machine_busy_pct 2)"

TARGETS=()
if wants ours; then
  [ -f "$REPO/apps/announcer/dist/main.js" ] || die "apps/announcer/dist/main.js missing: build first"
  PREFIX="bench-announce:$$-$RANDOM"
  REDIS_PID=$(find_redis_pid)
  [ -n "$REDIS_PID" ] || die "the announcer benchmark needs the local redis-server on 127.0.0.1:$REDIS_PORT"
  say "registering 10,000 torrents and 100,000 users under $PREFIX"
  run_child /dev/null "$RESULTS/logs/seed.log" timeout 600 node "$HERE/seed-registry.js" "$(redis_url)" "$PREFIX" \
    "$HASHES" 100000 "$PASSKEYS" || die "could not register the benchmark's torrents and users: $(tail -1 "$RESULTS/logs/seed.log")"
  say "$(tail -1 "$RESULTS/logs/seed.log")"
  TARGETS+=(ours)
fi
if wants references; then
  if [ -x /usr/bin/opentracker ]; then TARGETS+=(opentracker); else say "opentracker not installed: skipped"; fi
  say "installing $BT_PACKAGE into the work folder (npm install --ignore-scripts)"
  mkdir -p "$BT_DIR"
  echo '{ "private": true, "type": "module" }' >"$BT_DIR/package.json"
  cp "$HERE/servers/bittorrent-tracker.mjs" "$BT_DIR/"
  if run_child "$RESULTS/logs/npm-install.log" "$RESULTS/logs/npm-install.err" env -C "$BT_DIR" \
    timeout 300 npm install --ignore-scripts --no-audit --no-fund --no-save "$BT_PACKAGE"; then
    TARGETS+=(bittorrent-tracker)
  else
    say "npm install of bittorrent-tracker failed (see logs/npm-install.err): skipped"
  fi
  TARGETS+=(node-http)
fi

# Redis is pinned only while ours runs: the references do not use it, and other users of
# this Redis should not compete with them for the server core.
for target in "${TARGETS[@]}"; do
  if [ "$target" = ours ]; then pin_redis; fi
  for group in k b c; do run_group "$target" "$group"; done
  if [ "$target" = ours ]; then restore_redis; fi
done

node "$HERE/report.js" "$RESULTS/raw.txt" >"$RESULTS/report.md"
if [ "$PROFILE" = 1 ] && compgen -G "$RESULTS/profile/*.cpuprofile" >/dev/null; then
  node "$HERE/profile-summary.js" "$RESULTS"/profile/*.cpuprofile >>"$RESULTS/report.md"
fi
cat "$RESULTS/report.md"
say "results in $RESULTS"
