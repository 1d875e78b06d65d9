#!/usr/bin/env bash
# A/B of two server binaries on the write path at 64 connections, in alternating runs so
# that both see the same (shared, noisy) machine. Each run: a fresh SQLite database, 3 s of
# warm-up, then DURATION of load measured by wrk beside the server.
#
#   bench/ab.sh checkin    OLD_BINARY NEW_BINARY   # POST /visits/walk-ins (bench/walkin.lua)
#   bench/ab.sh complaints OLD_BINARY NEW_BINARY   # POST /complaints (bench/intake.lua)
#   RUNS=5 DURATION=10s bench/ab.sh checkin build/yingbin.old build/yingbin
#   AB_DIR=/dev/shm bench/ab.sh ...   # databases on tmpfs: what is left without the disk
#
# Prints one line per run: binary, req/s, p50, p95, p99 (ms), errors.
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:?checkin or complaints}
shift
[ $# -ge 1 ] || { echo "usage: bench/ab.sh checkin|complaints BINARY [BINARY ...]" >&2; exit 2; }
RUNS=${RUNS:-3}
DURATION=${DURATION:-8s}
PASSWORD=Bench-Passw0rd-1
case $WHAT in
  checkin) SCRIPT=bench/walkin.lua PATH_=/api/v1/visits/walk-ins SESSION=bench/session.mjs ;;
  complaints) SCRIPT=bench/intake.lua PATH_=/api/v1/complaints SESSION=bench/complaint_session.mjs ;;
  *) echo "unknown: $WHAT" >&2; exit 2 ;;
esac
DIR=
PID=
cleanup() {
  [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  [ -n "$DIR" ] && rm -rf "$DIR"
  PID= DIR=
}
trap cleanup EXIT

for _ in $(seq "$RUNS"); do
  for bin in "$@"; do
    DIR=$(mktemp -d "${AB_DIR:-/tmp}/yingbin-ab.XXXXXX")
    PORT=$((30000 + RANDOM % 10000))
    URL=http://127.0.0.1:$PORT
    exe=$(realpath "$bin")
    (cd "$DIR" && YINGBIN_INITIAL_ADMIN_PASSWORD=$PASSWORD YINGBIN_LOG_LEVEL=warn \
      YINGBIN_LOGIN_RATE=100000 exec "$exe" serve --listen 127.0.0.1:$PORT --db "sqlite:$DIR/ab.db" >"$DIR/server.log" 2>&1) &
    PID=$!
    for _ in $(seq 100); do grep -q "listening on" "$DIR/server.log" && break; sleep 0.1; done
    eval "$(node "$SESSION" "$URL" admin "$PASSWORD")"
    export COOKIE CSRF SITE HOST
    wrk -t2 -c64 -d3s -s "$SCRIPT" "$URL$PATH_" >/dev/null
    read -r _ rps p50 p95 p99 errors <<<"$(wrk -t2 -c64 -d"$DURATION" -s "$SCRIPT" "$URL$PATH_" | grep '^REPORT')"
    printf '%s  %s req/s  p50 %s  p95 %s  p99 %s ms  errors %s\n' "$bin" "$rps" "$p50" "$p95" "$p99" "$errors"
    cleanup
  done
done
