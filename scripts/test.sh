#!/usr/bin/env bash
# `npm test`: sets everything up on a fresh clone, then runs every test layer —
# unit (plain node), integration (inside a real VS Code: code-server + Chromium),
# e2e (Playwright driving the workbench with the packaged extension) — and ends with
# ONE line `N passed, N failed` (`, N skipped` if tests are pending).
#
# Every layer runs even when an earlier one failed; each step has a time limit, and
# all of them together stay inside OAUTH_WB_TEST_BUDGET seconds (default 80 min).
# A step that crashes or times out counts as one failure. Exit code 0 only if
# nothing failed. Logs, results and screenshots: test-output/.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export OAUTH_WB_TEST_OUTPUT="${OAUTH_WB_TEST_OUTPUT:-$ROOT/test-output}"
OUT=$OAUTH_WB_TEST_OUTPUT
RESULTS=$OUT/results
rm -rf "$RESULTS" "$OUT/logs" "$OUT/screenshots"
mkdir -p "$RESULTS" "$OUT/logs" "$OUT/screenshots"
STEPS=$RESULTS/steps.tsv
: >"$STEPS"
BUDGET=${OAUTH_WB_TEST_BUDGET:-4800}
START=$(date +%s)
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

current=""
interrupted=""
on_signal() {
  interrupted=1
  [ -n "$current" ] && kill -TERM "$current" 2>/dev/null
}
trap on_signal INT TERM HUP

# step NAME LIMIT_SECONDS RESULT_PREFIX|- COMMAND...
# Runs COMMAND under `timeout` (its whole process group is killed on expiry), with its
# output shown and kept in test-output/logs/NAME.log; records the outcome in steps.tsv.
step() {
  local name=$1 limit=$2 prefix=$3
  shift 3
  if [ -n "$interrupted" ]; then
    printf '%s\tskip\t0\t%s\t%s\n' "$name" "$prefix" "interrupted" >>"$STEPS"
    return 1
  fi
  local left=$((BUDGET - ($(date +%s) - START) - 30))
  [ "$left" -lt "$limit" ] && limit=$left
  if [ "$limit" -le 0 ]; then
    printf '%s\t124\t0\t%s\t%s\n' "$name" "$prefix" "not started: the ${BUDGET}s budget is spent" >>"$STEPS"
    return 1
  fi
  echo
  echo "=== [$name] $* (limit ${limit}s)"
  local t0 rc
  t0=$(date +%s)
  # In the background so that a signal reaches on_signal at once; `timeout` forwards it.
  STEP_LIMIT=$limit timeout --kill-after=20 "$limit" "$@" > >(tee "$OUT/logs/$name.log") 2>&1 </dev/null &
  current=$!
  while :; do
    wait "$current"
    rc=$?
    kill -0 "$current" 2>/dev/null || break
  done
  current=""
  local secs=$(($(date +%s) - t0))
  local note=""
  [ -n "$interrupted" ] && note="interrupted"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rc" "$secs" "$prefix" "$note" >>"$STEPS"
  echo "=== [$name] exit $rc after ${secs}s"
  return "$rc"
}

skip() {
  local why=$2
  [ -n "$interrupted" ] && why="interrupted"
  printf '%s\tskip\t0\t-\t%s\n' "$1" "$why" >>"$STEPS"
}

# Without the summarizer (no node_modules yet) the steps file is summed here.
fallback_summary() {
  local failed=0 name rc secs prefix note
  while IFS=$'\t' read -r name rc secs prefix note; do
    if [ "$rc" != 0 ] && [ "$rc" != skip ]; then
      failed=$((failed + 1))
      echo "  $name FAILED (exit $rc) $note"
    fi
  done <"$STEPS"
  [ "$failed" -eq 0 ] && failed=1
  echo
  echo "0 passed, $failed failed"
}

finish() {
  sleep 0.2 # let the last tee flush
  local out="" rc=1
  if [ -x node_modules/.bin/tsx ]; then
    out=$(node_modules/.bin/tsx test/host/summarize.ts "$STEPS" 2>&1)
    rc=$?
    printf '%s\n' "$out"
  fi
  # The closing line must be there whatever happened to the summarizer.
  if ! printf '%s\n' "$out" | tail -n 1 | grep -Eq '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$'; then
    echo "[test] stopped before the test layers could be summarized"
    fallback_summary
    rc=1
  fi
  exit "$rc"
}

# --- set-up ----------------------------------------------------------------------
if ! step system-packages 900 - bash scripts/ensure-system.sh; then
  if [ "$(id -u)" != 0 ]; then
    echo "[test] system packages are missing (see the apt-get line above); stopping."
    finish
  fi
fi
step dependencies 900 - bash scripts/ensure-deps.sh || finish
build_ok=1
step build 300 - npm run --silent build || build_ok=""
step typecheck 600 - npm run --silent typecheck
step lint 600 - npm run --silent lint

# --- unit ----------------------------------------------------------------------------
step unit 900 unit node_modules/.bin/mocha --config .mocharc.json \
  --reporter ./test/host/summary-reporter.ts \
  --reporter-option output=results/unit.json --reporter-option layer=unit

# --- integration (inside VS Code) ----------------------------------------------------
cs_ok=""
step code-server 900 - bash scripts/ensure-code-server.sh && cs_ok=1
if [ -z "$cs_ok" ]; then
  skip integration "code-server is not installed"
elif [ -z "$build_ok" ]; then
  skip integration "the build failed"
else
  # The runner's own limit ends a hung pass cleanly (screenshot, crash record) before `timeout` would.
  step integration 1200 integration bash -c 'exec node_modules/.bin/tsx test/host/run-integration.ts --timeout-ms $(( (STEP_LIMIT > 60 ? STEP_LIMIT - 30 : STEP_LIMIT * 3 / 4) * 1000 ))'
fi

# --- benchmark smoke run (tiny counts; fails if a part cannot run or a row is missing, never on a timing)
if [ -z "$cs_ok" ]; then
  skip bench-smoke "code-server is not installed"
else
  step bench-smoke 600 - npm run --silent bench -- --smoke
fi

# --- e2e (the workbench with the packaged extension) -----------------------------------
pkg_ok=""
step package 600 - npm run --silent package && pkg_ok=1
if [ -z "$cs_ok" ]; then
  skip e2e "code-server is not installed"
elif [ -z "$pkg_ok" ]; then
  skip e2e "npm run package failed"
else
  step e2e 1500 e2e env OAUTH_WB_VSIX="$ROOT/dist/oauth-workbench.vsix" \
    node_modules/.bin/mocha --config .mocharc.e2e.json 'test/e2e/**/*.e2e.ts'
fi

# The README's "Security and reliability" figures, from this run (never fails the run).
echo
echo "[test] security figures (test-output/results/security-figures.json):"
[ -x node_modules/.bin/tsx ] && node_modules/.bin/tsx scripts/security-figures.ts 2>&1 || true

echo
echo "[test] total $(($(date +%s) - START))s"
finish
