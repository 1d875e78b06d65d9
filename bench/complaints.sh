#!/usr/bin/env bash
# Load test of customer complaints (issue 4: CMP) on SQLite, on this machine, with wrk beside
# the server. Every figure is compared with the health route measured in the same run.
#
#   bench/complaints.sh                       # 10 s per measurement, 1,000,000 tickets
#   DURATION=30s TICKETS=250000 bench/complaints.sh
#
# 1. Ticket creation: POST /complaints at 64 connections on a fresh database (bench/intake.lua:
#    a phone complaint of a new customer each time). Each request writes the customer (phone
#    encrypted), the ticket with its human number, two clocks with their warning and breach
#    tasks, the timeline entry, the audit row and the live event, and evaluates the red-alert
#    rules, durably (its WAL synced), before it is answered.
# 2. TICKETS tickets (bench/seed_complaints.cpp: twenty departments, every state, ~15 % open,
#    clocks with overdue ones), then the open-ticket list of a department (first page, soonest
#    due first) and the overdue dashboard, each at 1 connection (latency) and at 8; then the
#    list's search (q) as a clerk types what a caller says: a 2-character name, a common
#    surname alone, the last four digits of a phone, a ticket number.
# Ports: 29100-29899 (the range this project's helpers may use on the shared machine).
# Writes the results between the complaints markers of docs/benchmarks.md (OUT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
TICKETS=${TICKETS:-1000000}
BIN=${BIN:-build/yingbin}
DIR=$(mktemp -d /tmp/yingbin-bench-complaints.XXXXXX)
PASSWORD=Bench-Passw0rd-1
OUT=${OUT:-docs/benchmarks.md}
PID=
stop() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; PID=; }
trap 'stop; rm -rf "$DIR"' EXIT

cmake --build build --target yingbin yingbin_bench_seed_complaints -- -j2 >/dev/null

start() {  # db-file
  PORT=$((29100 + RANDOM % 800))
  URL=http://127.0.0.1:$PORT
  (cd "$DIR" && YINGBIN_INITIAL_ADMIN_PASSWORD=$PASSWORD YINGBIN_LOG_LEVEL=warn YINGBIN_LOGIN_RATE=100000 \
    exec "$OLDPWD/$BIN" serve --listen 127.0.0.1:$PORT --db "sqlite:$DIR/$1" >"$DIR/server-$1.log" 2>&1) &
  PID=$!
  for _ in $(seq 600); do grep -q "listening on" "$DIR/server-$1.log" && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$DIR/server-$1.log" >&2; exit 1
}

measure() {  # label connections script path -> one table row
  local out
  out=$(COOKIE=$COOKIE CSRF=$CSRF SITE=$SITE \
    wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"$DURATION" -s "$3" "$URL$4")
  read -r _ rps p50 p95 p99 errors <<<"$(grep '^REPORT' <<<"$out")"
  printf '| %s | %s | %s | %s ms | %s ms | %s ms | %s |\n' "$1" "$2" "$rps" "$p50" "$p95" "$p99" "$errors"
}

count() { sqlite3 "$DIR/$1" "SELECT COUNT(*) FROM $2"; }

RESULTS=$DIR/results.md
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/complaints.sh\` (DURATION=$DURATION, TICKETS=$TICKETS)"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), wrk beside the server;"
  echo "SQLite in WAL mode, each write answered after its WAL is synced to the machine's disk, the default RelWithDebInfo build."
  echo
  echo "**Ticket creation** (fresh database; every request durable before its answer):"
  echo
  echo "| what | connections | req/s | p50 | p95 | p99 | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  start intake.db
  eval "$(node bench/complaint_session.mjs "$URL" admin "$PASSWORD")"
  measure "baseline: health (no auth, no DB)" 64 bench/get.lua /api/v1/health
  before_tickets=$(count intake.db complaints); before_tasks=$(count intake.db tasks)
  before_audit=$(count intake.db audit_log)
  measure "phone complaint registration (POST /complaints)" 64 bench/intake.lua /api/v1/complaints
  measure "baseline again: health" 64 bench/get.lua /api/v1/health
  stop
  echo
  echo "Written by the creation run: $(( $(count intake.db complaints) - before_tickets )) tickets,"
  echo "$(( $(count intake.db tasks) - before_tasks )) tasks, $(( $(count intake.db audit_log) - before_audit )) audit rows;"
  echo "red alerts raised: $(sqlite3 "$DIR/intake.db" "SELECT COUNT(*) FROM complaints WHERE red_alert_at IS NOT NULL")."
  echo
  "$BIN" --db "sqlite:$DIR/big.db" migrate >/dev/null
  seed_start=$(date +%s)
  build/yingbin_bench_seed_complaints "$DIR/big.db" "$TICKETS" 2>/dev/null
  echo "**$(count big.db complaints) tickets** (seeded in $(( $(date +%s) - seed_start )) s, $(du -m "$DIR/big.db" | cut -f1) MB;"
  echo "$(sqlite3 "$DIR/big.db" "SELECT COUNT(*) FROM complaints WHERE is_open = 1") open, $(sqlite3 "$DIR/big.db" "SELECT COUNT(*) FROM complaint_clocks WHERE met_at IS NULL AND cancelled_at IS NULL AND due_at <= CAST(strftime('%s','now') AS INTEGER) * 1000") clocks past due):"
  echo
  echo "| what | connections | req/s | p50 | p95 | p99 | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  start big.db
  eval "$(node bench/complaint_session.mjs "$URL" admin "$PASSWORD")"
  open=$(sqlite3 "$DIR/big.db" "SELECT COUNT(*) FROM complaints WHERE department_id = $DEPT AND is_open = 1")
  measure "baseline: health" 1 bench/get.lua /api/v1/health
  measure "open tickets of a department ($open), first page of 50" 1 bench/get.lua "/api/v1/complaints?department_id=$DEPT&page_size=50"
  measure "open tickets of a department ($open), first page of 50" 8 bench/get.lua "/api/v1/complaints?department_id=$DEPT&page_size=50"
  measure "overdue dashboard (200 soonest past due)" 1 bench/get.lua /api/v1/complaints/overdue
  measure "overdue dashboard (200 soonest past due)" 8 bench/get.lua /api/v1/complaints/overdue
  measure "overdue dashboard of a department" 1 bench/get.lua "/api/v1/complaints/overdue?department_id=$DEPT"
  number=$(sqlite3 "$DIR/big.db" "SELECT number FROM complaints ORDER BY id DESC LIMIT 1 OFFSET 5000")
  for q in 张伟 王 1234 "$number"; do
    enc=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$q")
    found=$(curl -s -H "Cookie: $COOKIE" "$URL/api/v1/complaints?q=$enc&page_size=1" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.total+(r.total_capped?"+":""))})')
    for conns in 1 8; do
      [ "$conns" = 8 ] && [ "$q" != 张伟 ] && continue
      measure "search q=$q ($found tickets), first page of 50" "$conns" bench/get.lua "/api/v1/complaints?q=$enc&page_size=50"
    done
  done
  measure "baseline again: health" 1 bench/get.lua /api/v1/health
  RSS=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  stop
  echo
  echo "Server resident memory after the list run: $((RSS / 1024)) MiB."
} | tee "$RESULTS"

if grep -q '<!-- bench-complaints:start -->' "$OUT" 2>/dev/null; then
  awk -v results="$RESULTS" '
    /<!-- bench-complaints:start -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
    /<!-- bench-complaints:end -->/ { skip = 0 }
    !skip { print }' "$OUT" >"$OUT.new"
  mv "$OUT.new" "$OUT"
else
  { echo; echo "## Latest run of \`bench/complaints.sh\`"; echo; echo "<!-- bench-complaints:start -->"; cat "$RESULTS"; echo "<!-- bench-complaints:end -->"; } >>"$OUT"
fi
