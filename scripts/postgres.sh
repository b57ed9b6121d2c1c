#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the tests and benchmarks, and prints
# its URL (postgres://postgres@127.0.0.1:<port>/pollinate) on the last line of stdout.
#
#   scripts/postgres.sh            start (or reuse) the server; print the URL
#   scripts/postgres.sh stop       stop it
#
# It uses Debian's PostgreSQL (`apt-get install -y postgresql`); the data folder lives in
# $POLLINATE_PG_DIR (default /tmp/pollinate-postgres-<port>). As root it runs the server as the
# `postgres` user, as PostgreSQL refuses to run as root. Authentication is `trust` on loopback
# only: this server is for tests, never for data anyone keeps.
set -euo pipefail
port="${POLLINATE_PG_PORT:-54329}"
dir="${POLLINATE_PG_DIR:-/tmp/pollinate-postgres-$port}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL server binaries not found; install them: apt-get install -y postgresql" >&2
  exit 1
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "${1:-start}" = stop ]; then
  as_owner "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
  fi
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
fi
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'pollinate'" | grep -q 1 ||
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE pollinate" >/dev/null
echo "postgres://postgres@127.0.0.1:$port/pollinate"
