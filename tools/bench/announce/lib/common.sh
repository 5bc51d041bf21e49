# Shared helpers for run.sh (sourced). Expects W (work dir) and RESULTS to be set.

say() { echo "bench: $*" >&2; }
die() { say "error: $*"; exit 1; }

# The one long-running child (load generator or prefill) in its own process group, so
# cleanup can stop it and everything it spawned even when the signal is not a Ctrl-C.
CHILD=""
# run_child OUT ERR CMD...  runs CMD in the background and waits; returns CMD's status.
# `wait` is interruptible by trapped signals, a foreground command is not.
run_child() {
  local out=$1 err=$2; shift 2
  setsid "$@" >"$out" 2>"$err" &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}

stop_child() {
  [ -n "$CHILD" ] || return 0
  kill -TERM -- "-$CHILD" 2>/dev/null || true
  sleep 0.2
  kill -KILL -- "-$CHILD" 2>/dev/null || true
  CHILD=""
}

# port_free PORT -> 0 when nothing listens on 127.0.0.1:PORT
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_ok URL SECONDS -> 0 once URL answers 200 within SECONDS
http_ok() {
  local url=$1 secs=$2 i
  for i in $(seq 1 $((secs * 10))); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# Appends one result line to the raw results (the report reads only these lines).
record() { echo "$*" >>"$RESULTS/raw.txt"; }

# wait_port PORT PID -> 0 once 127.0.0.1:PORT accepts; 1 when PID died or 10 s passed
wait_port() {
  local port=$1 pid=$2 i
  for i in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# stop_pid PIDFILE -> SIGTERM the one PID recorded there, SIGKILL after 5 s; removes the file
stop_pid() {
  local f=$1 pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  rm -f "$f"
}

# rss_kb PID -> resident memory in kB, 0 when the process is gone
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# machine_busy_pct SECONDS -> how busy the whole machine was, in % of one core (max 100 x cores)
machine_busy_pct() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  sleep "$1"
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  echo "$a $b" | awk -v n="$(nproc)" '{ printf "%.0f", 100 * n * ($3 - $1) / ($4 - $2) }'
}
