#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for tests.
#   scripts/pg-test-server.sh start DIR PORT   # prints postgresql://postgres@127.0.0.1:PORT
#   scripts/pg-test-server.sh stop DIR
# Trust authentication on 127.0.0.1 only and fsync=off: for tests, never for data.
# Idempotent: start on a running cluster just prints the URL; stop on a stopped one is a no-op.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

# Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() { as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || usage

case "$cmd" in
  start)
    port=${3:-}
    [[ "$port" =~ ^[0-9]+$ ]] || usage
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_pg "$PG_BIN/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/../$(basename "$dir").initdb.log" 2>&1 ||
        { cat "$dir/../$(basename "$dir").initdb.log" >&2; exit 1; }
    fi
    if ! running "$dir"; then
      as_pg "$PG_BIN/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
            -c max_connections=100" \
        start >/dev/null ||
        { tail -n 20 "$dir/server.log" >&2; exit 1; }
    fi
    echo "postgresql://postgres@127.0.0.1:$port"
    ;;
  stop)
    if [ -f "$dir/PG_VERSION" ] && running "$dir"; then
      as_pg "$PG_BIN/pg_ctl" -D "$dir" -w -m fast stop >/dev/null
    fi
    ;;
  *)
    usage
    ;;
esac
