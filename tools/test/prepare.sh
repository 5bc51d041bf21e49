#!/usr/bin/env bash
# Runs before a test tier (npm test, test:integration, test:e2e): makes sure what that tier needs
# is there, setting up what it can (starting the local Redis and MariaDB, creating the test
# user), else stops at once with one line naming what is missing and the command that fixes it.
# usage: tools/test/prepare.sh unit|integration|e2e|all
set -uo pipefail
cd "$(dirname "$0")/../.."
tier=${1:-all}
case "$tier" in unit | integration | e2e | all) ;; *) echo "prepare: unknown tier $tier" >&2; exit 2 ;; esac
[ "$tier" = unit ] && exit 0

fail() { # what, fix
  echo "npm test: $1. Fix: $2" >&2
  exit 1
}

can_admin() { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }
as_admin() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if [ "$tier" = e2e ] || [ "$tier" = all ]; then
  missing=$(bash tools/test/install-system-packages.sh --check 2>&1) || {
    if can_admin; then
      echo "npm test: $missing; installing them" >&2
      as_admin bash tools/test/install-system-packages.sh >/dev/null 2>&1 || fail "$missing" "sudo bash tools/test/install-system-packages.sh"
    else
      fail "$missing" "sudo bash tools/test/install-system-packages.sh"
    fi
  }
fi

if ! node tools/test/check-services.mjs --quiet; then
  # Only the machine's own services are set up; test URLs set by hand are the user's.
  if [ -z "${TEST_REDIS_URL:-}${TEST_DATABASE_URL:-}" ] && can_admin; then
    as_admin bash tools/test/setup-services.sh >/dev/null 2>&1
  fi
  problems=$(node tools/test/check-services.mjs 2>&1) ||
    fail "$(echo "$problems" | paste -sd';' -)" "sudo bash tools/test/setup-services.sh (or set TEST_REDIS_URL / TEST_DATABASE_URL)"
fi
exit 0
