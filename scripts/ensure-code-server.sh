#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) into a per-user cache, once
# (see shared TEST-HOST.md). Prints the install folder on stdout.
set -euo pipefail
VERSION=4.100.3
DIR="${OAUTH_WORKBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oauth-workbench}/code-server-$VERSION"
MARKER="$DIR/.complete"
if [ -f "$MARKER" ]; then echo "$DIR"; exit 0; fi
# One installer at a time (several runs may start cold together); re-check once we hold the lock.
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9
if [ -f "$MARKER" ]; then echo "$DIR"; exit 0; fi
command -v rg >/dev/null || { echo "[code-server] ripgrep missing: run scripts/ensure-system.sh" >&2; exit 1; }
echo "[code-server] installing $VERSION into $DIR (first run only, ~4 min)" >&2
rm -rf "$DIR"; mkdir -p "$DIR"; cd "$DIR"
# Under `npm test`, npm exports its own settings for the repository (npm_config_local_prefix,
# npm_package_*, ...); the installs below are for the cache folder, so keep only the
# network settings (registry, CA, proxy) and the npm cache.
for v in $(compgen -e | grep '^npm_' || true); do
  case "$v" in
    npm_config_registry|npm_config_cafile|npm_config_ca|npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_strict_ssl|npm_config_cache) ;;
    *) unset "$v" ;;
  esac
done
[ "$(id -u)" = "0" ] && export npm_config_unsafe_perm=true
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
{
  echo '{"name":"code-server-cache","private":true}' > package.json
  npm install --ignore-scripts --no-save "code-server@$VERSION"
  VS="$DIR/node_modules/code-server/lib/vscode"
  (cd "$VS" && npm install --omit=dev --ignore-scripts)
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  ln -sf "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"
  (cd "$VS" && npm rebuild && ln -sfn node_modules node_modules.asar)
  (cd "$VS/bin/remote-cli" && ln -sfn code-linux.sh code-server)
  (cd "$VS/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
  (cd "$VS/extensions" && npm install --omit=dev)
  npm rebuild
} >"$DIR/install.log" 2>&1 || { echo "[code-server] install failed; see $DIR/install.log" >&2; tail -30 "$DIR/install.log" >&2; exit 1; }
touch "$MARKER"
echo "$DIR"
