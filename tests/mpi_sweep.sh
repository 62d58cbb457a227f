#!/usr/bin/env bash
# MPI gives the files of one process: runs a sweep, a comparison, a run and
# a fit alone, then under mpirun with 1, 2 and 3 ranks, and compares the
# files (summary.csv without its wall-time column); checks that every rank
# ran replicates and that a sweep and a fit killed under mpirun resume to
# the same files.
#   mpi_sweep.sh KOUBEI_BINARY
set -euo pipefail
if (($# != 1)); then
  echo "usage: $0 KOUBEI_BINARY" >&2
  exit 2
fi
koubei=$1
scratch=$(mktemp -d "${TMPDIR:-/tmp}/koubei-mpi.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"

# As root in a container: Open MPI refuses root unless told, and its
# single-copy shared-memory transport may not be allowed.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1
mpirun=(mpirun --allow-run-as-root --oversubscribe)

step() { printf 'mpi_sweep: %s\n' "$*"; }
fail() { printf 'mpi_sweep: FAILED: %s\n' "$*" >&2; exit 1; }

sweep=(sweep --graph er:n=20000,k=4 --vary 'trust=const:0.1;const:0.25;const:0.5'
  --rule ic --seeds 20 --reps 40 --threads 1 --timeseries all)
# Every column but summary.csv's wall_ms (the 12th).
same_files() {
  local a=$1 b=$2 f
  for f in points.csv aggregate.csv timeseries.csv failures.csv config.ini; do
    cmp -s "$a/$f" "$b/$f" || fail "$b/$f differs from $a/$f"
  done
  cmp -s <(cut -d, -f1-11,13- "$a/summary.csv") <(cut -d, -f1-11,13- "$b/summary.csv") ||
    fail "$b/summary.csv differs from $a/summary.csv"
}

step "one process"
"$koubei" "${sweep[@]}" --out alone -q >/dev/null

for ranks in 1 2 3; do
  step "mpirun -np $ranks"
  "${mpirun[@]}" -np "$ranks" "$koubei" "${sweep[@]}" --out "np$ranks" >"np$ranks.out" \
    2>"np$ranks.log" || { cat "np$ranks.log" >&2; fail "mpirun -np $ranks exited $?"; }
  same_files alone "np$ranks"
  if ((ranks > 1)); then
    # "replicates run by ranks 0 to 2: 40, 40, 40": every rank ran some.
    line=$(grep -o 'replicates run by ranks 0 to .*' "np$ranks.log") ||
      fail "the log of -np $ranks does not say what each rank ran"
    step "  $line"
    counts=${line#*: }
    IFS=', ' read -r -a per_rank <<<"$counts"
    ((${#per_rank[@]} == ranks)) || fail "expected $ranks counts in '$line'"
    for c in "${per_rank[@]}"; do ((c > 0)) || fail "a rank ran no replicates: '$line'"; done
  fi
done

step "mpirun -np 3, killed with SIGKILL after 30 replicates, then resumed"
"${mpirun[@]}" -np 3 "$koubei" "${sweep[@]}" --out killed -q --test-kill-after 30 \
  >/dev/null 2>&1 && fail "the killed run exited 0"
[[ -s killed/.partial/journal ]] || fail "no journal after the kill"
[[ ! -e killed/summary.csv ]] || fail "summary.csv written by a killed run"
"${mpirun[@]}" -np 3 "$koubei" "${sweep[@]}" --out killed -q >/dev/null
same_files alone killed

step "compare, one process and -np 2"
compare=(compare --graph ba:n=20000,m=3 --trust wc --rules 'ic;lt' --seeds 20 --reps 20 -q)
"$koubei" "${compare[@]}" --out c1 >c1.txt
"${mpirun[@]}" -np 2 "$koubei" "${compare[@]}" --out c2 >c2.txt
# Every column but the last two (arcs per second and wall time per replicate).
cmp -s <(cut -d, -f1-12 c1/comparison.csv) <(cut -d, -f1-12 c2/comparison.csv) ||
  fail "comparison.csv differs between one process and 2 ranks"
grep -q '^lt ' c2.txt || fail "mpirun compare printed no table"
step "run with arms, communities and --trace, one process and -np 3"
run=(run --graph sbm:n=6000,communities=3,k_in=5,k_out=1 --trust const:0.2 --seeds 10
  --reps 30 --threads 1 --trace --model wom --steps 15
  --arm 'a: trust=const:0.1' --arm 'b: trust=const:0.3' -q)
mkdir r1 r3  # the same --out in each, as config.ini records it
(cd r1 && "$koubei" "${run[@]}" --out run >out.txt)
(cd r3 && "${mpirun[@]}" -np 3 "$koubei" "${run[@]}" --out run >out.txt)
for f in timeseries.csv communities.csv referrals.csv runs.csv config.ini; do
  cmp -s "r1/run/$f" "r3/run/$f" || fail "run: r3/run/$f differs from r1/run/$f"
done
cmp -s <(cut -d, -f1-11,13- r1/run/summary.csv) <(cut -d, -f1-11,13- r3/run/summary.csv) ||
  fail "run: r3/run/summary.csv differs from r1/run/summary.csv"
cmp -s <(grep -v 'wall time' r1/out.txt) <(grep -v 'wall time' r3/out.txt) ||
  fail "run: stdout differs between one process and 3 ranks"

step "fit, one process and -np 2; -np 2 killed with SIGKILL after 15 evaluations, then resumed"
cat >targets.csv <<'EOF2'
kind,column,window,observed
timeseries,adopters,step=4,3000
timeseries,adopters,step=8,12000
EOF2
fit=(fit --graph er:n=20000,k=4 --trust const:0 --rule bass:p=0.01,q=0.1,scope=global --seeds 1
  --steps 12 --reps 4 --threads 1 --targets "$scratch/targets.csv" --free rule.p=log:0.001:0.09
  --free rule.q=0.01:0.9 --budget 30 --profile-points 3 --profile-bisections 4 -q)
mkdir f1 f2 fk  # the same --out in each, as best.ini records it
(cd f1 && "$koubei" "${fit[@]}" --out fit >out.txt)
(cd f2 && "${mpirun[@]}" -np 2 "$koubei" "${fit[@]}" --out fit >out.txt)
(cd fk && "${mpirun[@]}" -np 2 "$koubei" "${fit[@]}" --out fit --test-kill-after 15 >/dev/null 2>&1) &&
  fail "the killed fit exited 0"
[[ -s fk/fit/.partial/journal && ! -e fk/fit/best.ini ]] || fail "the killed fit left no journal, or files"
(cd fk && "${mpirun[@]}" -np 2 "$koubei" "${fit[@]}" --out fit >out.txt)
for d in f2 fk; do
  for f in fit/evaluations.csv fit/validation.csv fit/profile.csv fit/best.ini; do
    cmp -s "f1/$f" "$d/$f" || fail "fit: $d/$f differs from f1/$f"
  done
done
cmp -s f1/out.txt f2/out.txt || fail "fit: stdout differs between one process and 2 ranks"

step "bad input under mpirun: exit 2, the error printed once"
set +e
"${mpirun[@]}" -np 3 "$koubei" sweep --graph file:missing.txt --vary 'trust=const:0.1;const:0.2' \
  --out bad >bad.out 2>bad.err
code=$?
set -e
((code == 2)) || { cat bad.err >&2; fail "expected exit 2 for a missing graph file, got $code"; }
(($(grep -c "koubei sweep: error: cannot open edge list 'missing.txt'" bad.err) == 1)) ||
  { cat bad.err >&2; fail "expected the error once on stderr"; }
[[ ! -e bad ]] || fail "a failed sweep left its output directory"
step "passed"
