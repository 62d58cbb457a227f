#!/usr/bin/env bash
# Replays every fuzz target's committed corpus and crashes (-runs=0), then
# fuzzes each for SECONDS with a fixed seed, new inputs going to a scratch
# corpus under the build directory (the committed one is not changed).
#
#   tests/fuzz/run_fuzz.sh BUILD_DIR/tests/fuzz [SECONDS]
#
# Exits non-zero when any target finds a crash, a leak, a hang (over 10 s on
# one input) or an out-of-memory (over 2 GB); the log names the input, kept
# in BUILD_DIR/tests/fuzz/artifacts/TARGET/.
set -euo pipefail
bin=$1
seconds=${2:-15}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jobs=$(nproc)
# The targets write their inputs as files: in memory where there is a tmpfs,
# so that the journal's fsync does not wait for a disk; in a directory of
# this script's own, removed at the end whatever a target left.
base=/tmp
if [[ -d /dev/shm && -w /dev/shm ]]; then base=/dev/shm; fi
TMPDIR=$(mktemp -d "$base/koubei-fuzz.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

fuzz_one() {
  local bin=$1 seconds=$2 here=$3 target=$4
  local name=${target%_fuzz}
  local corpus=$here/corpus/$name crashes=$here/crashes/$name
  local work=$bin/work/$name artifacts=$bin/artifacts/$name log=$bin/logs/$name.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  local replay=(-rss_limit_mb=2048 -timeout=10 "-artifact_prefix=$artifacts/")
  local common=("${replay[@]}" -max_len=65536)
  {
    # Every committed input once: the corpus, then each crash found before,
    # whole (some are longer than the inputs fuzzing makes).
    "$bin/$target" "${common[@]}" -runs=0 "$corpus" &&
      if compgen -G "$crashes/*" >/dev/null; then "$bin/$target" "${replay[@]}" "$crashes"/*; fi &&
      "$bin/$target" "${common[@]}" -seed=1 -max_total_time="$seconds" -print_final_stats=1 \
        "$work" "$corpus"
  } >"$log" 2>&1
  local status=$?
  if ((status == 0)); then
    printf 'fuzz %-18s ok: %s\n' "$name" \
      "$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs"
  else
    printf 'fuzz %-18s FAILED (exit %d); its log, %s:\n' "$name" "$status" "$log"
    grep -v '^INFO:\|^#[0-9]' "$log" | tail -60
  fi
  return $status
}
export -f fuzz_one

targets=$(cd "$bin" && ls -- *_fuzz)
if printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'fuzz_one "$@"' _ "$bin" "$seconds" "$here" {}; then
  echo "fuzz: every target passed ($(echo $targets | wc -w) targets, ${seconds} s each)"
else
  echo "fuzz: a target failed (above)" >&2
  exit 1
fi
