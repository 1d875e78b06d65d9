#!/usr/bin/env bash
# Load test of the visitor desk (issue 3) on SQLite, on this machine, with wrk beside the
# server. Every figure is compared with the health route measured in the same run.
#
#   bench/visitors.sh                     # 10 s per measurement, 5,000,000 visits
#   DURATION=30s VISITS=1000000 bench/visitors.sh
#
# 1. Check-in: POST /visits/walk-ins at 64 connections on a fresh database. Each request
#    writes the visitor, the visit (+ search index), the audit row, the host's task and
#    the notification rows, durably (its WAL synced), before it is answered.
# 2. A visitor log of VISITS historical visits (bench/seed_visits.cpp, the server's own
#    search documents), then: search by a 2-character name, and today's queue of a site
#    with 40 people waiting, each at 1 connection (latency) and at 8.
# Writes the results between the visitors markers of docs/benchmarks.md (OUT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
VISITS=${VISITS:-5000000}
BIN=${BIN:-build/yingbin}
DIR=$(mktemp -d /tmp/yingbin-bench-visitors.XXXXXX)
PASSWORD=Bench-Passw0rd-1
OUT=${OUT:-docs/benchmarks.md}
PID=
stop() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; PID=; }
trap 'stop; rm -rf "$DIR"' EXIT

cmake --build build --target yingbin yingbin_bench_seed >/dev/null

start() {  # db-file
  PORT=$((30000 + RANDOM % 10000))
  URL=http://127.0.0.1:$PORT
  (cd "$DIR" && YINGBIN_INITIAL_ADMIN_PASSWORD=$PASSWORD YINGBIN_LOG_LEVEL=warn YINGBIN_LOGIN_RATE=100000 \
    exec "$OLDPWD/$BIN" serve --listen 127.0.0.1:$PORT --db "sqlite:$DIR/$1" >"$DIR/server-$1.log" 2>&1) &
  PID=$!
  for _ in $(seq 300); do grep -q "listening on" "$DIR/server-$1.log" && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$DIR/server-$1.log" >&2; exit 1
}

measure() {  # label connections script path -> one table row
  local out
  out=$(COOKIE=$COOKIE CSRF=$CSRF SITE=$SITE HOST=$HOST \
    wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"$DURATION" -s "$3" "$URL$4")
  read -r _ rps p50 p95 p99 errors <<<"$(grep '^REPORT' <<<"$out")"
  printf '| %s | %s | %s | %s ms | %s ms | %s ms | %s |\n' "$1" "$2" "$rps" "$p50" "$p95" "$p99" "$errors"
}

count() { sqlite3 "$DIR/$1" "SELECT COUNT(*) FROM $2"; }

RESULTS=$DIR/results.md
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/visitors.sh\` (DURATION=$DURATION, VISITS=$VISITS)"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), wrk beside the server;"
  echo "SQLite in WAL mode, each write answered after its WAL is synced to the machine's disk, the default RelWithDebInfo build."
  echo
  echo "**Check-in** (fresh database; every request durable before its answer):"
  echo
  echo "| what | connections | req/s | p50 | p95 | p99 | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  start checkin.db
  eval "$(node bench/session.mjs "$URL" admin "$PASSWORD")"
  measure "baseline: health (no auth, no DB)" 64 bench/get.lua /api/v1/health
  before_visits=$(count checkin.db visits); before_audit=$(count checkin.db audit_log)
  before_tasks=$(count checkin.db tasks); before_outbox=$(count checkin.db outbox)
  measure "walk-in registration (POST /visits/walk-ins)" 64 bench/walkin.lua /api/v1/visits/walk-ins
  measure "baseline again: health" 64 bench/get.lua /api/v1/health
  stop
  visits=$(( $(count checkin.db visits) - before_visits ))
  echo
  echo "Written by the check-in run: $visits visits, $(( $(count checkin.db audit_log) - before_audit )) audit rows,"
  echo "$(( $(count checkin.db tasks) - before_tasks )) tasks, $(( $(count checkin.db outbox) - before_outbox )) outbox rows."
  echo
  "$BIN" --db "sqlite:$DIR/big.db" migrate >/dev/null
  seed_start=$(date +%s)
  build/yingbin_bench_seed "$DIR/big.db" "$VISITS" 2>/dev/null
  echo "**Visitor log of $(count big.db visits) visits** (seeded in $(( $(date +%s) - seed_start )) s, $(du -m "$DIR/big.db" | cut -f1) MB):"
  echo
  echo "| what | connections | req/s | p50 | p95 | p99 | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  start big.db
  eval "$(node bench/session.mjs "$URL" admin "$PASSWORD" 40)"
  measure "baseline: health" 1 bench/get.lua /api/v1/health
  for q in 张伟 王芳 欧阳; do
    enc=$(node -p "encodeURIComponent('$q')")
    hits=$(curl -s -H "Cookie: $COOKIE" "$URL/api/v1/visits?q=$enc&page_size=1" | node -p "JSON.parse(require('fs').readFileSync(0)).total")
    measure "search “$q” ($hits visits), first page of 50" 1 bench/get.lua "/api/v1/visits?q=$enc&page_size=50"
  done
  measure "search “张伟”, first page of 50" 8 bench/get.lua "/api/v1/visits?q=$(node -p "encodeURIComponent('张伟')")&page_size=50"
  # What the visitor log page sends: a site and a date range with the search.
  from=$(date -u -d '365 days ago' +%F); to=$(date -u +%F)
  measure "search “张伟” at a site over the last year (the log page)" 1 bench/get.lua "/api/v1/visits?q=$(node -p "encodeURIComponent('张伟')")&site_id=$SITE&from=$from&to=$to&page_size=50"
  measure "search “张” (one character, ~350,000 visits)" 1 bench/get.lua "/api/v1/visits?q=$(node -p "encodeURIComponent('张')")&page_size=50"
  measure "today's queue of a site (40 waiting)" 1 bench/get.lua "/api/v1/sites/$SITE/queue"
  measure "today's queue of a site (40 waiting)" 8 bench/get.lua "/api/v1/sites/$SITE/queue"
  measure "baseline again: health" 1 bench/get.lua /api/v1/health
  RSS=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  stop
  echo
  echo "Server resident memory after the log run: $((RSS / 1024)) MiB."
} | tee "$RESULTS"

if grep -q '<!-- bench-visitors:start -->' "$OUT" 2>/dev/null; then
  awk -v results="$RESULTS" '
    /<!-- bench-visitors:start -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
    /<!-- bench-visitors:end -->/ { skip = 0 }
    !skip { print }' "$OUT" >"$OUT.new"
  mv "$OUT.new" "$OUT"
else
  { echo; echo "## Latest run of \`bench/visitors.sh\`"; echo; echo "<!-- bench-visitors:start -->"; cat "$RESULTS"; echo "<!-- bench-visitors:end -->"; } >>"$OUT"
fi
