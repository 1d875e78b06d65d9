#!/usr/bin/env bash
# Load test of the meeting service (issue 5, MTG-4) on SQLite, on this machine, with wrk
# beside the server. Every figure is compared with the health route measured in the same run.
#
#   bench/meetings.sh                          # 10 s per measurement, 50 rooms, 100,000 bookings
#   DURATION=30s BOOKINGS=200000 bench/meetings.sh
#
# 1. A site with ROOMS meeting rooms and BOOKINGS bookings (bench/seed_meetings.cpp: five a
#    day in every room, 200 days back and ahead), then the site's calendar as the page asks
#    for it: the week (all rooms, ~1,750 bookings) and the day, at 1 connection (latency)
#    and at 8.
# 2. Booking creation: POST /meetings at 64 connections, each in a free slot (bench/book.lua),
#    so every request runs the whole path durably before its answer: the venue's conflict
#    check, the insert, seven checklist tasks (MTG-3), the audit row, the live event.
# Writes the results between the meetings markers of docs/benchmarks.md (OUT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
BOOKINGS=${BOOKINGS:-100000}
ROOMS=${ROOMS:-50}
BIN=${BIN:-build/yingbin}
DIR=$(mktemp -d /tmp/yingbin-bench-meetings.XXXXXX)
PASSWORD=Bench-Passw0rd-1
OUT=${OUT:-docs/benchmarks.md}
PID=
stop() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; PID=; }
trap 'stop; rm -rf "$DIR"' EXIT

cmake --build build --target yingbin yingbin_bench_seed_meetings >/dev/null

start() {
  PORT=$((30000 + RANDOM % 10000))
  URL=http://127.0.0.1:$PORT
  (cd "$DIR" && YINGBIN_INITIAL_ADMIN_PASSWORD=$PASSWORD YINGBIN_LOG_LEVEL=warn YINGBIN_LOGIN_RATE=100000 \
    exec "$OLDPWD/$BIN" serve --listen 127.0.0.1:$PORT --db "sqlite:$DIR/m.db" >>"$DIR/server.log" 2>&1) &
  PID=$!
  for _ in $(seq 300); do grep -q "listening on" "$DIR/server.log" && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$DIR/server.log" >&2; exit 1
}

measure() {  # label connections script path -> one table row
  local out
  out=$(COOKIE=$COOKIE CSRF=$CSRF FIRST_VENUE=$FIRST_VENUE ROOMS=$ROOMS TODAY=$TODAY DAY0=$DAY0 \
    wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"$DURATION" -s "$3" "$URL$4")
  read -r _ rps p50 p95 p99 errors <<<"$(grep '^REPORT' <<<"$out")"
  printf '| %s | %s | %s | %s ms | %s ms | %s ms | %s |\n' "$1" "$2" "$rps" "$p50" "$p95" "$p99" "$errors"
}

count() { sqlite3 "$DIR/m.db" "SELECT COUNT(*) FROM $1"; }

# The first start makes the default site (Asia/Shanghai) and the administrator.
start
stop
seed_start=$(date +%s)
eval "$(build/yingbin_bench_seed_meetings "$DIR/m.db" "$BOOKINGS" "$ROOMS" 2>/dev/null)"
seed_secs=$(( $(date +%s) - seed_start ))
TODAY=$(TZ=Asia/Shanghai date -d 'today 00:00' +%s)   # the site's local midnight
DAY0=205                                              # after the seeded bookings
monday=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%F) -$(( $(TZ=Asia/Shanghai date +%u) - 1 )) days" +%F)
week_from=$(TZ=Asia/Shanghai date -u -d "$monday 00:00 +0800" +%FT%TZ)
week_to=$(TZ=Asia/Shanghai date -u -d "$monday 00:00 +0800 +7 days" +%FT%TZ)
day_from=$(date -u -d "@$TODAY" +%FT%TZ)
day_to=$(date -u -d "@$((TODAY + 86400))" +%FT%TZ)

RESULTS=$DIR/results.md
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/meetings.sh\` (DURATION=$DURATION, ROOMS=$ROOMS, BOOKINGS=$BOOKINGS)"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), wrk beside the server;"
  echo "SQLite in WAL mode, each write answered after its WAL is synced to the machine's disk, the default RelWithDebInfo build."
  echo
  start
  eval "$(node bench/session.mjs "$URL" admin "$PASSWORD")"
  week_n=$(curl -s -H "Cookie: $COOKIE" "$URL/api/v1/meetings/calendar?site_id=$SITE&from=$week_from&to=$week_to" | node -p "JSON.parse(require('fs').readFileSync(0)).bookings.length")
  day_n=$(curl -s -H "Cookie: $COOKIE" "$URL/api/v1/meetings/calendar?site_id=$SITE&from=$day_from&to=$day_to" | node -p "JSON.parse(require('fs').readFileSync(0)).bookings.length")
  echo "**Calendar of a site with $ROOMS rooms and $(count meetings) bookings** (seeded in $seed_secs s, $(du -m "$DIR/m.db" | cut -f1) MB):"
  echo
  echo "| what | connections | req/s | p50 | p95 | p99 | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  measure "baseline: health (no auth, no DB)" 1 bench/get.lua /api/v1/health
  measure "week calendar, $ROOMS rooms, $week_n bookings" 1 bench/get.lua "/api/v1/meetings/calendar?site_id=$SITE&from=$week_from&to=$week_to"
  measure "week calendar, $ROOMS rooms, $week_n bookings" 8 bench/get.lua "/api/v1/meetings/calendar?site_id=$SITE&from=$week_from&to=$week_to"
  measure "day calendar, $ROOMS rooms, $day_n bookings" 1 bench/get.lua "/api/v1/meetings/calendar?site_id=$SITE&from=$day_from&to=$day_to"
  measure "baseline again: health" 1 bench/get.lua /api/v1/health
  echo
  echo "**Booking creation** (every request durable before its answer):"
  echo
  echo "| what | connections | req/s | p50 | p95 | p99 | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  measure "baseline: health (no auth, no DB)" 64 bench/get.lua /api/v1/health
  before_m=$(count meetings); before_t=$(count tasks); before_a=$(count audit_log)
  measure "book a room (POST /meetings), each in a free slot" 64 bench/book.lua /api/v1/meetings
  measure "baseline again: health" 64 bench/get.lua /api/v1/health
  made=$(( $(count meetings) - before_m ))
  measure "week calendar after the bookings" 1 bench/get.lua "/api/v1/meetings/calendar?site_id=$SITE&from=$week_from&to=$week_to"
  RSS=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  stop
  echo
  echo "Written by the booking run: $made bookings, $(( $(count tasks) - before_t )) checklist tasks,"
  echo "$(( $(count audit_log) - before_a )) audit rows. Server resident memory after the run: $((RSS / 1024)) MiB."
} | tee "$RESULTS"

if grep -q '<!-- bench-meetings:start -->' "$OUT" 2>/dev/null; then
  awk -v results="$RESULTS" '
    /<!-- bench-meetings:start -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
    /<!-- bench-meetings:end -->/ { skip = 0 }
    !skip { print }' "$OUT" >"$OUT.new"
  mv "$OUT.new" "$OUT"
else
  { echo; echo "## Latest run of \`bench/meetings.sh\`"; echo; echo "<!-- bench-meetings:start -->"; cat "$RESULTS"; echo "<!-- bench-meetings:end -->"; } >>"$OUT"
fi
