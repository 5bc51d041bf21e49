#!/usr/bin/env bash
# Time from "Redis restarted empty" to the first accepted announce of the member published
# last, at MEMBERS users and MEMBERS torrents (default 100,000): see the .measure.ts beside it.
# Needs the local MariaDB (TEST_DATABASE_URL) and redis-server on PATH; about a minute.
#   bash apps/cms/scripts/measure-registry-republish.sh            # 100,000
#   MEMBERS=10000 bash apps/cms/scripts/measure-registry-republish.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
exec node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js \
  --config apps/cms/jest.config.js --testMatch '<rootDir>/scripts/measure-registry-republish.measure.ts' \
  --testTimeout 600000
