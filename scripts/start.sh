#!/usr/bin/env bash
# Installs what is missing, builds the server and the web app, and starts Yingbin on an
# embedded SQLite file (data/yingbin.db). On the first start it creates the administrator
# account and prints its password. Extra arguments go to `yingbin serve`.
#   LISTEN=0.0.0.0:8080 scripts/start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
ninja -C build -j "$(nproc)" yingbin
(cd web && npm run --silent build)
exec ./build/yingbin serve --listen "${LISTEN:-127.0.0.1:8080}" --db "${DB:-sqlite:data/yingbin.db}" \
  --web-root web/dist "$@"
