#!/usr/bin/env bash
# Runs `npm ci` when node_modules is missing or does not match package-lock.json
# (every locked package must be installed at its locked version; optional packages
# for other platforms may be absent). Seconds when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh() {
  [ -f node_modules/.package-lock.json ] || return 1
  node -e '
    const lock = require("./package-lock.json").packages ?? {};
    const installed = require("./node_modules/.package-lock.json").packages ?? {};
    const stale = Object.entries(lock).filter(([key, p]) => {
      if (key === "" || p.link) return false;
      const got = installed[key];
      if (!got) return !p.optional && !p.dev ? true : !p.optional;
      return got.version !== p.version;
    });
    if (stale.length) { console.error("[deps] not installed as locked: " + stale.slice(0, 5).map(([k]) => k).join(", ") + (stale.length > 5 ? ", …" : "")); process.exit(1); }
  '
}
if fresh; then
  echo "[deps] node_modules matches package-lock.json"
  exit 0
fi
echo "[deps] npm ci"
npm ci --no-audit --no-fund
