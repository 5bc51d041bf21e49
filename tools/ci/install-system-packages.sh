#!/usr/bin/env bash
# Debian packages the checks need: docker-compose (to validate the compose file; no engine),
# real BitTorrent clients for the end-to-end tests, chromium for the browser tests.
set -euo pipefail
need=()
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v aria2c >/dev/null || need+=(aria2)
python3 -c 'import libtorrent' >/dev/null 2>&1 || /usr/bin/python3 -c 'import libtorrent' >/dev/null 2>&1 || need+=(python3-libtorrent)
command -v mktorrent >/dev/null || need+=(mktorrent)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "system packages present"
