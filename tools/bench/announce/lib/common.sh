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
