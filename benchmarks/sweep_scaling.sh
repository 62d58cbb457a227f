#!/usr/bin/env bash
# Whole-run timings of one sweep (three trust points on er:n=1000000,k=4,
# 60 replicates each) on 1 thread, 2 threads, and 2 MPI ranks of 1 thread,
# with the speed-up of each over 1 thread. The README's MPI section quotes
# these figures.
#   benchmarks/sweep_scaling.sh [KOUBEI_BINARY]   (default build/release/cli/koubei)
set -euo pipefail
koubei=${1:-build/release/cli/koubei}
koubei=$(realpath "$koubei")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/koubei-scaling.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export OMPI_MCA_btl_vader_single_copy_mechanism=none
sweep=(sweep --graph er:n=1000000,k=4 --vary 'trust=const:0.1;const:0.25;const:0.5' --rule ic
  --seeds 20 --reps 60 -q)

seconds() { # command... -> wall seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

one=$(seconds "$koubei" "${sweep[@]}" --threads 1 --out t1)
two=$(seconds "$koubei" "${sweep[@]}" --threads 2 --out t2)
printf '| run | wall time | speed-up |\n|---|--:|--:|\n'
printf '| 1 process, 1 thread | %.2f s | 1.00 |\n' "$one"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '| 1 process, 2 threads | %.2f s | %s |\n' "$two" "$(ratio "$one" "$two")"
if command -v mpirun >/dev/null; then
  ranks=$(seconds mpirun --allow-run-as-root --oversubscribe -np 2 "$koubei" "${sweep[@]}" \
    --threads 1 --out r2)
  printf '| 2 MPI ranks, 1 thread each | %.2f s | %s |\n' "$ranks" "$(ratio "$one" "$ranks")"
  cmp -s t1/aggregate.csv r2/aggregate.csv || { echo "2 ranks wrote another aggregate.csv" >&2; exit 1; }
fi
cmp -s t1/aggregate.csv t2/aggregate.csv || { echo "2 threads wrote another aggregate.csv" >&2; exit 1; }
