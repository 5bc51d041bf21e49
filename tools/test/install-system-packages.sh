#!/usr/bin/env bash
# The Debian packages `npm test` needs, installed in one command (CI runs this same script):
# Redis and MariaDB for the integration tests, real BitTorrent clients (aria2, libtorrent's
# Python binding, mktorrent) and chromium for the end-to-end and browser tests, docker-compose
# to validate the compose file (no engine needed), lua-check to lint the Redis scripts (`npm run lint`).
# usage: sudo bash tools/test/install-system-packages.sh [--check]
#   --check  install nothing; print one line naming what is missing and exit 1, or exit 0
set -euo pipefail
need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v aria2c >/dev/null || need+=(aria2)
python3 -c 'import libtorrent' >/dev/null 2>&1 || /usr/bin/python3 -c 'import libtorrent' >/dev/null 2>&1 || need+=(python3-libtorrent)
command -v mktorrent >/dev/null || need+=(mktorrent)
command -v chromium >/dev/null || need+=(chromium)
command -v luacheck >/dev/null || need+=(lua-check)
if [ ${#need[@]} -eq 0 ]; then
  [ "${1:-}" = --check ] || echo "system packages present"
  exit 0
fi
if [ "${1:-}" = --check ]; then
  echo "missing Debian packages: ${need[*]}"
  exit 1
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "system packages present"
