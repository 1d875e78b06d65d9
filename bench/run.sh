#!/usr/bin/env bash
# Load test of the foundation on this machine, on SQLite. The machine is shared and noisy,
# so every figure is compared with a baseline measured in the same run: the public health
# route (no auth, no database) is the floor the other routes are judged against.
#
#   bench/run.sh                 # 10 s per route, 2 threads, 64 connections
#   DURATION=30s bench/run.sh
# Writes the results, the command and the machine to docs/benchmarks.md (OUT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
BIN=${BIN:-build/yingbin}
DIR=$(mktemp -d /tmp/yingbin-bench.XXXXXX)
PORT=$((30000 + RANDOM % 10000))
URL=http://127.0.0.1:$PORT
PASSWORD=Bench-Passw0rd-1

(cd "$DIR" && YINGBIN_INITIAL_ADMIN_PASSWORD=$PASSWORD YINGBIN_LOG_LEVEL=warn YINGBIN_LOGIN_RATE=100000 \
  exec "$OLDPWD/$BIN" serve --listen 127.0.0.1:$PORT --db "sqlite:$DIR/bench.db" >"$DIR/server.log" 2>&1) &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$DIR/server.log" && break; sleep 0.1; done

# Sign in and seed 2,000 staff in 20 departments so the list reads a realistic table.
node bench/seed.mjs "$URL" admin "$PASSWORD" >"$DIR/session.json"
COOKIE=$(node -p "require('$DIR/session.json').cookie")

run() {  # label path
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$URL$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | `%s` | %s | %s | %s | %s |\n' "$1" "$2" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

OUT=${OUT:-docs/benchmarks.md}
RESULTS=$DIR/results.md
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/run.sh\` (DURATION=$DURATION, $THREADS wrk threads,"
  echo "$CONNECTIONS connections) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "wrk and the server sharing the machine; SQLite (WAL, synced before each answer), the default"
  echo "RelWithDebInfo build (-O2 -g). The health route is the baseline"
  echo "taken in the same run; it is measured first and last to show the noise."
  echo
  echo "| route | path | req/s | p50 | p99 | non-2xx |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  run "baseline: health (no auth, no DB)" /api/v1/health
  run "session check" /api/v1/auth/me
  run "staff list, 50 of 2,000 rows" "/api/v1/staff?page=1&page_size=50"
  run "staff search by a name character" "/api/v1/staff?q=%E5%BC%A0"
  run "baseline again: health" /api/v1/health
  RSS=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  echo
  echo "Server resident memory after the run: $((RSS / 1024)) MiB."
} | tee "$RESULTS"
# Replace the generated part of the document (between the bench markers), keep the rest.
if grep -q '<!-- bench:start -->' "$OUT" 2>/dev/null; then
  awk -v results="$RESULTS" '
    /<!-- bench:start -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
    /<!-- bench:end -->/ { skip = 0 }
    !skip { print }' "$OUT" >"$OUT.new"
else
  { echo "# Benchmarks"; echo; echo "<!-- bench:start -->"; cat "$RESULTS"; echo "<!-- bench:end -->"; } >"$OUT.new"
fi
mv "$OUT.new" "$OUT"
