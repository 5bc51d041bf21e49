#!/usr/bin/env bash
# Makes sure the MariaDB and Redis that the integration tests use are up, starting them
# with the machine's own commands when they are not, and creates the test database and
# the `tracker` user (TCP root login is refused on Debian's MariaDB).
set -euo pipefail

wait_for() { # name, command
  for _ in $(seq 1 60); do
    if eval "$2" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "ensure-services: $1 did not come up" >&2
  return 1
}

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for redis "redis-cli -h 127.0.0.1 -p 6379 ping"

if ! mariadb-admin ping >/dev/null 2>&1; then
  echo "starting mariadb"
  mkdir -p /run/mysqld && chown mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
fi
wait_for mariadb "mariadb-admin ping"

mariadb -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS test;
CREATE USER IF NOT EXISTS 'tracker'@'localhost' IDENTIFIED BY 'tracker';
CREATE USER IF NOT EXISTS 'tracker'@'127.0.0.1' IDENTIFIED BY 'tracker';
GRANT ALL PRIVILEGES ON `test`.* TO 'tracker'@'localhost';
GRANT ALL PRIVILEGES ON `test`.* TO 'tracker'@'127.0.0.1';
GRANT ALL PRIVILEGES ON `test\_%`.* TO 'tracker'@'localhost';
GRANT ALL PRIVILEGES ON `test\_%`.* TO 'tracker'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
echo "services: redis and mariadb answer"
