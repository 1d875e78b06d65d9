#!/usr/bin/env bash
# Installs what building, running and testing Yingbin needs on Debian 12, and nothing that
# is already there: the Debian packages below, then the npm packages of the web app and of
# the browser tests (from their package-lock.json files). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config ccache make
  # libraries
  libboost1.81-dev libsqlite3-dev libpq-dev nlohmann-json3-dev libsodium-dev libspdlog-dev
  libcli11-dev libqrencode-dev libcurl4-openssl-dev libxlsxwriter-dev
  libhowardhinnant-date-dev libopencc-dev libicu-dev libjemalloc-dev libpng-dev libgtest-dev libgmock-dev tzdata
  # tests: a real PostgreSQL server, a real browser with a CJK font, the psql client
  postgresql postgresql-client sqlite3 chromium fonts-wqy-microhei
  # tests: a real SMTP server (Debian's python3, not a pyenv one), a QR decoder for badges
  python3-aiosmtpd zbar-tools unzip
  # tests: every generated iCalendar file is parsed by a real parser
  python3-icalendar
  # web app build and tests
  nodejs npm
  # benchmarks
  wrk
)

missing=()
for p in "${PACKAGES[@]}"; do
  # Node may come from elsewhere (nodesource, nvm): accept a node >= 20 on PATH.
  if [[ $p == nodejs || $p == npm ]] && command -v node >/dev/null && command -v npm >/dev/null; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "install-deps: Node.js 20 or newer is needed, found $(node --version)" >&2
  exit 1
fi

# npm ci only when the lock file changed since the last install (node_modules keeps a copy).
npm_install() {
  local dir=$1
  if [[ ! -f $dir/node_modules/.package-lock.json ]] ||
     ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.yingbin-lock"; then
    echo "install-deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.yingbin-lock"
  fi
}
npm_install web
npm_install tests
echo "install-deps: all dependencies present"
