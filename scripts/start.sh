#!/usr/bin/env bash
# `npm start`: builds and packages the extension, then opens it in a real VS Code
# (code-server, in your browser) next to a local authorization server with demo
# clients and a ready demo profile. Prints the URL; Ctrl-C stops everything.
# Options go to test/host/start-demo.ts: --no-open, --port N, --demo-dir DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
bash scripts/ensure-system.sh
bash scripts/ensure-deps.sh
echo "[start] building and packaging the extension"
npm run --silent package >/dev/null
bash scripts/ensure-code-server.sh >/dev/null
exec node_modules/.bin/tsx test/host/start-demo.ts "$@"
