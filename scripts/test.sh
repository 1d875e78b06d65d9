#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test: unit tests (GoogleTest), web unit tests (Vitest),
# API tests against the real binary on SQLite and on a real PostgreSQL server that this
# script starts and stops, browser tests in Chromium, and the unit + SQLite API tests again
# under AddressSanitizer/UBSan. Ends with one line "N passed, N failed".
#
#   scripts/test.sh            everything
#   SKIP_ASAN=1 scripts/test.sh   without the sanitizer build (quicker while developing)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REPORTS=$ROOT/tests/reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
JOBS=$(nproc)
PASSED=0
FAILED=0
FAILED_STAGES=()
export YINGBIN_LOG_LEVEL=${YINGBIN_LOG_LEVEL:-warn}

log() { printf '\n=== %s ===\n' "$*"; }

# Adds the counts of a report to the totals; a stage that failed without a report counts
# as one failure so that a broken build can never look green.
count() {  # stage-name exit-code passed failed
  local name=$1 rc=$2 p=${3:-0} f=${4:-0}
  if ((rc != 0 && f == 0)); then f=1; fi
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  ((f > 0)) && FAILED_STAGES+=("$name")
  printf -- '--- %s: %d passed, %d failed\n' "$name" "$p" "$f"
}

ctest_stage() {  # name build-dir [extra ctest args...]  (GoogleTest through CTest)
  local name=$1 dir=$2; shift 2
  local xml=$REPORTS/$name.xml
  ctest --test-dir "$dir" -j "$JOBS" --output-on-failure --output-junit "$xml" "$@"
  local rc=$?
  local p=0 f=0
  if [[ -f $xml ]]; then
    read -r p f < <(node scripts/lib/junit-counts.mjs "$xml")
  fi
  count "$name" "$rc" "$p" "$f"
}

node_stage() {  # name [node --test args...]
  local name=$1; shift
  local tap=$REPORTS/$name.tap
  node --test --test-timeout=180000 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$@"
  local rc=$?
  local p=0 f=0
  if [[ -f $tap ]]; then
    p=$(grep -m1 '^# pass ' "$tap" | awk '{print $3}')
    f=$(grep -m1 '^# fail ' "$tap" | awk '{print $3}')
  fi
  count "$name" "$rc" "${p:-0}" "${f:-0}"
}

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null || { echo "$port"; return; }
  done
}

build() {  # dir [cmake args...]
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null && ninja -C "$dir" -j "$JOBS"
}

# --- build ---
log "build (RelWithDebInfo)"
build build
count build $? 0 0
log "web build"
(cd web && npm run --silent build)
count web-build $? 0 0

# --- unit tests ---
log "unit tests"
ctest_stage unit build
log "web unit tests"
(cd web && npx vitest run --reporter=default --reporter=json --outputFile="$REPORTS/web-unit.json")
rc=$?
read -r p f < <(node -e 'try{const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests)}catch{console.log("0 0")}' "$REPORTS/web-unit.json")
count web-unit $rc "$p" "$f"

# --- API tests on SQLite ---
log "API tests on SQLite"
YINGBIN_BIN=$ROOT/build/yingbin YINGBIN_TEST_BACKEND=sqlite node_stage api-sqlite tests/api/

# --- PostgreSQL: a real server on its own port, stopped at exit ---
PG_DIR=$(mktemp -d /tmp/yingbin-pg.XXXXXX)
PG_PORT=$(free_port)
trap 'scripts/pg-test-server.sh stop "$PG_DIR" >/dev/null 2>&1; rm -rf "$PG_DIR"' EXIT
log "PostgreSQL on 127.0.0.1:$PG_PORT"
if PG_BASE=$(scripts/pg-test-server.sh start "$PG_DIR" "$PG_PORT"); then
  log "db unit tests on PostgreSQL"
  YINGBIN_TEST_PG_URL=$PG_BASE/postgres ctest_stage unit-postgres build -R Postgres
  log "API tests on PostgreSQL"
  YINGBIN_BIN=$ROOT/build/yingbin YINGBIN_TEST_BACKEND=postgres YINGBIN_TEST_PG_BASE=$PG_BASE \
    node_stage api-postgres tests/api/
else
  count postgres-start 1 0 1
fi

# --- browser tests ---
log "browser tests in Chromium"
E2E_DIR=$(mktemp -d /tmp/yingbin-e2e.XXXXXX)
E2E_PORT=$(free_port)
# Short delivery retries, so that a failing webhook is dead (and retried by hand) within the test.
# Every browser signs in from 127.0.0.1: the per-address sign-in limit (tested in
# tests/api/auth.test.mjs) would otherwise refuse the suite's users after 30 a minute.
(cd "$E2E_DIR" && YINGBIN_INITIAL_ADMIN_PASSWORD=Admin-e2e-12345 YINGBIN_NOTIFY_MAX_ATTEMPTS=2 \
  YINGBIN_NOTIFY_BACKOFF_MS=200 YINGBIN_LOGIN_RATE=1000 exec "$ROOT/build/yingbin" serve \
  --listen 127.0.0.1:$E2E_PORT --db "sqlite:$E2E_DIR/yingbin.db" --web-root "$ROOT/web/dist" \
  >"$E2E_DIR/server.log" 2>&1) &
E2E_PID=$!
for _ in $(seq 100); do
  grep -q "listening on" "$E2E_DIR/server.log" 2>/dev/null && break
  sleep 0.1
done
YINGBIN_URL=http://127.0.0.1:$E2E_PORT YINGBIN_ADMIN_USER=admin YINGBIN_ADMIN_PASSWORD=Admin-e2e-12345 \
  node_stage e2e --test-concurrency=1 tests/e2e/
kill -TERM $E2E_PID 2>/dev/null; wait $E2E_PID 2>/dev/null
cp "$E2E_DIR/server.log" "$REPORTS/e2e-server.log" 2>/dev/null
rm -rf "$E2E_DIR"

# --- the same under AddressSanitizer + UBSan ---
if [[ -z ${SKIP_ASAN:-} ]]; then
  log "build with AddressSanitizer + UBSan"
  # -g1: line tables and function names, all a sanitizer report needs; full debug
  # information made this build 3.2 GB, and a CI run once ran out of disk building it.
  build build-asan -DCMAKE_BUILD_TYPE=Debug -DYINGBIN_SANITIZE=ON -DCMAKE_CXX_FLAGS_DEBUG=-g1
  count build-asan $? 0 0
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
  log "unit tests (sanitizers)"
  ctest_stage unit-asan build-asan
  log "API tests on SQLite (sanitizers)"
  YINGBIN_BIN=$ROOT/build-asan/yingbin YINGBIN_TEST_BACKEND=sqlite node_stage api-sqlite-asan tests/api/
fi

echo
((FAILED > 0)) && echo "failed stages: ${FAILED_STAGES[*]}"
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
