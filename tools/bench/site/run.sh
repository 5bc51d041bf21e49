#!/usr/bin/env bash
# npm run bench:site [-- options]
#
# Fills a MariaDB/MySQL database with 100,000 published releases (with files and torrents),
# 10,000 users and 200,000 comments (once; later runs reuse it), starts the built CMS on it and
# measures six pages with autocannon from a separate process, then EXPLAINs the SQL those pages
# ran. See tools/bench/site/README.md.
#
# options:
#   --refill      drop the database and fill it again
#   --secs N      measured seconds per page (default 10)
#   --no-build    use the existing apps/cms/dist build
#   --port N      the CMS port on 127.0.0.1 (default 17300; N+1 is the SQL capture proxy)
# env: BENCH_DATABASE_URL (default mysql://tracker:tracker@127.0.0.1:3306/test_bench_site)
#      BENCH_REDIS_URL (optional, e.g. redis://127.0.0.1:6379): run the CMS as in production, with
#      sessions and live seeder/leecher counts in Redis, under its own key prefix (deleted after)
# Results: tools/bench/site/results/<time>/ (report.md, measure.json, plans.json, logs).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"

REFILL="" SECS=10 BUILD=1 PORT=17300
while [ $# -gt 0 ]; do
  case "$1" in
    --refill) REFILL=--refill ;;
    --secs) SECS=${2:?--secs needs a number}; shift ;;
    --no-build) BUILD=0 ;;
    --port) PORT=${2:?--port needs a number}; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench:site: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$SECS" =~ ^[0-9]+$ ]] && [ "$SECS" -ge 1 ] && [ "$SECS" -le 300 ] || { echo "bench:site: --secs must be 1..300" >&2; exit 2; }
[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1024 ] && [ "$PORT" -le 65530 ] || { echo "bench:site: bad --port" >&2; exit 2; }

say() { echo "bench:site: $*" >&2; }
DB_URL=${BENCH_DATABASE_URL:-mysql://tracker:tracker@127.0.0.1:3306/test_bench_site}
# host:port of the database, and the same URL pointed at the capture proxy instead.
DB_HOSTPORT=$(node -e 'const u=new URL(process.argv[1]); console.log(`${u.hostname}:${u.port||3306}`)' "$DB_URL")
PROXY_URL=$(node -e 'const u=new URL(process.argv[1]); u.hostname="127.0.0.1"; u.port=process.argv[2]; console.log(u.href)' "$DB_URL" $((PORT + 1)))
BASE="http://127.0.0.1:$PORT"
RESULTS="$HERE/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS/logs"

# One CMS (and at most one proxy) at a time, stopped on any exit.
CMS_PID="" PROXY_PID=""
# stop PID: SIGTERM, then wait; a process killed by a signal is the expected outcome here.
stop() { [ -z "$1" ] || { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }; }
stop_cms() { stop "$CMS_PID"; CMS_PID=""; }
stop_proxy() { stop "$PROXY_PID"; PROXY_PID=""; }
REDIS_URL_FOR_CMS=${BENCH_REDIS_URL:-}
REDIS_PREFIX_FOR_CMS="bench-site:$$"
# Deletes what the CMS wrote to Redis (its registry copy, sessions) under the bench's prefix.
drop_redis_prefix() {
  [ -n "$REDIS_URL_FOR_CMS" ] || return 0
  redis-cli -u "$REDIS_URL_FOR_CMS" --scan --pattern "$REDIS_PREFIX_FOR_CMS:*" |
    xargs -r -n 500 redis-cli -u "$REDIS_URL_FOR_CMS" unlink >/dev/null || true
}
trap 'stop_cms; stop_proxy; drop_redis_prefix' EXIT
if [ -n "$REDIS_URL_FOR_CMS" ]; then export REDIS_URL=$REDIS_URL_FOR_CMS REDIS_PREFIX=$REDIS_PREFIX_FOR_CMS; else unset REDIS_URL; fi

# start_cms DATABASE_URL LOG: the built CMS, pinned to CPU 0 (the load generator gets CPU 1).
start_cms() {
  CMS_HOST=127.0.0.1 CMS_PORT=$PORT DATABASE_URL=$1 SESSION_SECRET=bench-site-session-secret-0123456789 \
    LOG_LEVEL=warn ANNOUNCE_BASE_URL=http://127.0.0.1:3001 NODE_ENV=production \
    taskset -c 0 node "$REPO/apps/cms/dist/main.js" >"$2" 2>&1 &
  CMS_PID=$!
  local i
  for i in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/healthz" || true)" = 200 ] && break
    kill -0 "$CMS_PID" 2>/dev/null || { cat "$2" >&2; say "the CMS did not start"; exit 1; }
    sleep 0.1
  done
  settle "$CMS_PID"
}

# settle PID: waits (at most 90 s) until the process uses under 10% of a core, because the CMS
# publishes its whole registry (every user and torrent) right after it starts listening.
settle() {
  local hz prev now i
  hz=$(getconf CLK_TCK)
  prev=$(awk '{print $14 + $15}' "/proc/$1/stat")
  for i in $(seq 1 90); do
    sleep 1
    now=$(awk '{print $14 + $15}' "/proc/$1/stat")
    [ $((now - prev)) -lt $((hz / 10)) ] && return 0
    prev=$now
  done
  say "warning: the CMS is still busy after 90 s; measuring anyway"
}

if [ "$BUILD" = 1 ]; then
  say "building the CMS and its libraries"
  (cd "$REPO" && NX_DAEMON=false npx nx run cms:build --outputStyle=static >"$RESULTS/logs/build.log" 2>&1) ||
    { tail -20 "$RESULTS/logs/build.log" >&2; say "build failed"; exit 1; }
fi

say "preparing $DB_URL"
BENCH_DATABASE_URL=$DB_URL node "$HERE/fill.js" $REFILL

say "capturing the SQL of each page (through the proxy on port $((PORT + 1)))"
node "$HERE/sql-capture-proxy.js" $((PORT + 1)) "$DB_HOSTPORT" "$RESULTS/sql.log" &
PROXY_PID=$!
sleep 0.3
start_cms "$PROXY_URL" "$RESULTS/logs/cms-capture.log"
node "$HERE/capture-queries.js" "$BASE" "$RESULTS/sql.log" "$RESULTS/queries.json"
stop_cms; stop_proxy

say "measuring ($SECS s per page)"
start_cms "$DB_URL" "$RESULTS/logs/cms.log"
{
  echo "# Site benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores; CMS pinned to CPU 0, autocannon to CPU 1; MariaDB unpinned. Database: 100,000 releases, 10,000 users, 200,000 comments."
  if [ -n "$REDIS_URL_FOR_CMS" ]; then echo "Redis: sessions and live counts in Redis (unpinned), as in production."; else echo "Redis: none (sessions in the database, live counts from the in-process store)."; fi
  echo "Load average before measuring (the machine is shared): $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  BENCH_DATABASE_URL=$DB_URL taskset -c 1 node "$HERE/measure.js" "$BASE" "$SECS" "$RESULTS/measure.json"
  echo
  echo "Load average after measuring: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  stop_cms
  BENCH_DATABASE_URL=$DB_URL node "$HERE/explain.js" "$RESULTS/queries.json" "$RESULTS/plans.json"
} | tee "$RESULTS/report.md"
say "report: ${RESULTS#"$REPO"/}/report.md"
