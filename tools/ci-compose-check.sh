#!/usr/bin/env bash
# docker-compose.yml ships no default secrets: `docker-compose config` must refuse to run
# without each required variable (and name it), and pass once all are given. Also checks the
# production shape: no obsolete `version:` key, a restart policy and a health check on every
# service. Usage: tools/ci-compose-check.sh [compose file]. Any .env file of the checkout is
# ignored (an empty --env-file): CI tests the file, not a developer's secrets.
set -euo pipefail
cd "$(dirname "$0")/.."
empty_env=$(mktemp)
trap 'rm -f "$empty_env"' EXIT

file=${1:-docker-compose.yml}
REQUIRED=(SESSION_SECRET MYSQL_PASSWORD MYSQL_ROOT_PASSWORD ANNOUNCE_BASE_URL)
declare -A VALUE=(
  [SESSION_SECRET]=ci-session-secret-ci-session-secret-0123
  [MYSQL_PASSWORD]=ciDatabasePassword1
  [MYSQL_ROOT_PASSWORD]=ciRootPassword1
  [ANNOUNCE_BASE_URL]=https://tracker.example.org
)

fail() {
  echo "compose check: $*" >&2
  exit 1
}

# docker-compose config with exactly the given VAR=value pairs set among the required ones.
compose_config() {
  env -u SESSION_SECRET -u MYSQL_PASSWORD -u MYSQL_ROOT_PASSWORD -u ANNOUNCE_BASE_URL "$@" \
    docker-compose --env-file "$empty_env" -f "$file" config
}

with_all_but() {
  local skip=$1 pairs=()
  for name in "${REQUIRED[@]}"; do
    [[ $name == "$skip" ]] || pairs+=("$name=${VALUE[$name]}")
  done
  printf '%s\n' "${pairs[@]}"
}

grep -q "^version:" "$file" && fail "$file has an obsolete version: key"

for missing in "${REQUIRED[@]}"; do
  mapfile -t pairs < <(with_all_but "$missing")
  if out=$(compose_config "${pairs[@]}" 2>&1); then
    fail "docker-compose config passed without $missing: it must refuse"
  fi
  grep -q "set $missing" <<<"$out" || fail "without $missing the error does not name it: $out"
done

mapfile -t pairs < <(with_all_but none)
config=$(compose_config "${pairs[@]}") || fail "docker-compose config failed with every required variable set"

services=$(grep -c '^  [a-z]*:$' <<<"$(sed -n '/^services:/,/^[a-z]/p' <<<"$config")" || true)
restarts=$(grep -c 'restart: unless-stopped' <<<"$config" || true)
healthchecks=$(grep -c '^    healthcheck:' <<<"$config" || true)
[[ $services -ge 4 ]] || fail "expected 4 services, found $services"
[[ $restarts -eq $services ]] || fail "$restarts of $services services have restart: unless-stopped"
[[ $healthchecks -eq $services ]] || fail "$healthchecks of $services services have a health check"
echo "compose check: refuses without ${REQUIRED[*]}; passes with them; $services services, each restarting and health-checked"
