#!/usr/bin/env bash
# Formal receptions (PLAN-3..8) on SQLite, on this machine, with wrk beside the server. Goal
# of the issue: building and validating a 5-day plan for 30 guests with 200 itinerary items
# answers in < 50 ms. Every figure is compared with the health route measured in the same run.
#
#   bench/receptions.sh                      # 10 s per measurement, 5 days, 30 guests, 200 items
#   DURATION=30s ITEMS=300 bench/receptions.sh
#
# 1. The plan is built through the API as the plan page does it (bench/seed_reception.mjs):
#    guests with taboos, items with staff, vehicles, venues and menus, roles with backups,
#    budget lines; submitted and approved. The time of the whole build is reported.
# 2. GET /receptions/{id}: the answer that recomputes the level, the budget against the cost
#    standard, the checks that block submission and the conflicts (staff, vehicles, venues
#    against other plans and the meeting rooms' bookings, menus against taboos), at 1
#    connection. Then PUT of one item (unchanged): the write path, which recomputes the same
#    and answers the whole plan.
# 3. After POST /start (every item becomes its people's tasks): GET /execution (tasks,
#    arrangement, actuals) and the same PUT, which now also diffs the 400+ tasks of the visit.
# Writes the results between the receptions markers of docs/benchmarks.md (OUT=... to change).
# The server listens on a port in 25000-25999 (PORT=... to choose).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
DAYS=${DAYS:-5}
GUESTS=${GUESTS:-30}
ITEMS=${ITEMS:-200}
BIN=${BIN:-build/yingbin}
DIR=$(mktemp -d /tmp/yingbin-bench-receptions.XXXXXX)
PASSWORD=Bench-Passw0rd-1
OUT=${OUT:-docs/benchmarks.md}
PORT=${PORT:-$((25000 + RANDOM % 1000))}
URL=http://127.0.0.1:$PORT
PID=
stop() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; PID=; }
trap 'stop; rm -rf "$DIR"' EXIT

cmake --build build --target yingbin >/dev/null

start() {
  (cd "$DIR" && YINGBIN_INITIAL_ADMIN_PASSWORD=$PASSWORD YINGBIN_LOG_LEVEL=warn YINGBIN_LOGIN_RATE=100000 \
    exec "$OLDPWD/$BIN" serve --listen 127.0.0.1:$PORT --db "sqlite:$DIR/r.db" >>"$DIR/server.log" 2>&1) &
  PID=$!
  for _ in $(seq 300); do grep -q "listening on" "$DIR/server.log" && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$DIR/server.log" >&2; exit 1
}

measure() {  # label connections script path -> one table row
  local out
  out=$(COOKIE=$COOKIE CSRF=$CSRF BODY=${BODY:-} wrk -t1 -c"$2" -d"$DURATION" -s "$3" "$URL$4")
  read -r _ rps p50 p95 p99 errors <<<"$(grep '^REPORT' <<<"$out")"
  printf '| %s | %s | %s | %s ms | %s ms | %s ms | %s |\n' "$1" "$2" "$rps" "$p50" "$p95" "$p99" "$errors"
}

count() { sqlite3 "$DIR/r.db" "SELECT COUNT(*) FROM $1"; }

RESULTS=$DIR/results.md
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/receptions.sh\` (DURATION=$DURATION, DAYS=$DAYS, GUESTS=$GUESTS, ITEMS=$ITEMS)"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), wrk beside the server;"
  echo "SQLite in WAL mode, each write answered after its WAL is synced to the machine's disk, the default RelWithDebInfo build."
  echo
  start
  eval "$(node bench/seed_reception.mjs "$URL" admin "$PASSWORD" "$DAYS" "$GUESTS" "$ITEMS")"
  echo "**One plan: $N_GUESTS guests, $N_ITEMS items over $DAYS days** (built through the API in $((BUILD_MS / 1000)).$(( (BUILD_MS % 1000) / 100 )) s:"
  echo "$((N_ITEMS + 50)) requests; budget ¥$((TOTAL_FEN / 100)), $N_CONFLICTS conflicts found):"
  echo
  echo "| what | connections | req/s | p50 | p95 | p99 | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  measure "baseline: health (no auth, no DB)" 1 bench/get.lua /api/v1/health
  measure "the plan: level, budget, checks, conflicts (GET /receptions/{id})" 1 bench/get.lua "/api/v1/receptions/$ID"
  BODY=$ITEM_BODY measure "change one item, recomputed and answered (PUT item)" 1 bench/put.lua "/api/v1/receptions/$ID/items/$ITEM"
  curl -s -o /dev/null -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
    -X POST -d '{}' "$URL/api/v1/receptions/$ID/start"
  tasks=$(count "tasks WHERE subject_type = 'reception' AND status = 'open'")
  measure "in progress: tasks, arrangement, actuals (GET /execution)" 1 bench/get.lua "/api/v1/receptions/$ID/execution"
  BODY=$ITEM_BODY measure "in progress: change one item, $tasks tasks diffed (PUT item)" 1 bench/put.lua "/api/v1/receptions/$ID/items/$ITEM"
  measure "baseline again: health" 1 bench/get.lua /api/v1/health
  RSS=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  stop
  echo
  echo "Server resident memory after the run: $((RSS / 1024)) MiB."
} | tee "$RESULTS"

if grep -q '<!-- bench-receptions:start -->' "$OUT" 2>/dev/null; then
  awk -v results="$RESULTS" '
    /<!-- bench-receptions:start -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
    /<!-- bench-receptions:end -->/ { skip = 0 }
    !skip { print }' "$OUT" >"$OUT.new"
  mv "$OUT.new" "$OUT"
else
  { echo; echo "## Latest run of \`bench/receptions.sh\`"; echo; echo "<!-- bench-receptions:start -->"; cat "$RESULTS"; echo "<!-- bench-receptions:end -->"; } >>"$OUT"
fi
