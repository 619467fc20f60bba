#!/usr/bin/env bash
# Installs the Debian packages the VS Code test host and the e2e tests need.
# As root it installs them; otherwise it stops and names the exact apt-get line.
set -euo pipefail
PKGS="chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "[setup] installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $missing >/dev/null
else
  echo "[setup] missing system packages:$missing" >&2
  echo "[setup] run: sudo apt-get update && sudo apt-get install -y $PKGS" >&2
  exit 1
fi
