#!/usr/bin/env bash
# Sets up, builds and runs koubei on Debian 12. Installs missing packages
# (as root), configures once, then rebuilds only what changed.
#
#   ./build.sh run [ARGS...]   build (Release) and run `koubei run ARGS...`
#   ./build.sh test            build (Release) and run the test suite
#   ./build.sh sanitize        build with ASan + UBSan (clang-14) in build/sanitize and run
#                              the suite less the tests labelled slow
#   ./build.sh fuzz [SECONDS]  build the libFuzzer targets in build/fuzz (clang-14), replay
#                              their corpora and crashes, then fuzz each for SECONDS (15)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian packages the build needs. libboost-dev brings the header-only parts of
# Boost (Graph's CSR, Math's Student's t); the -dev packages named after a
# Boost library bring its CMake config and compiled part. Open MPI lets
# `mpirun koubei sweep` spread a sweep over processes and hosts; gnuplot
# (without X) and a font draw `koubei plot`'s images.
packages=(g++ make cmake
  libboost-dev libboost-graph-dev libboost-program-options-dev
  libfmt-dev libspdlog-dev librandom123-dev zlib1g-dev libnlopt-cxx-dev
  libgtest-dev libbenchmark-dev
  libopenmpi-dev openmpi-bin
  gnuplot-nox fonts-dejavu-core)

# The tests of `koubei report` check its page with xmllint (libxml2-utils)
# and render it in headless Chromium (./build.sh test, ./build.sh sanitize).
test_packages=(libxml2-utils chromium)

# The sanitizer build and the fuzz targets need clang and its libFuzzer and
# sanitizer runtimes (./build.sh sanitize, ./build.sh fuzz).
fuzz_packages=(clang-14 libclang-rt-14-dev)

jobs=$(nproc)

log() { printf 'build.sh: %s\n' "$*" >&2; }

usage() {
  cat >&2 <<'EOF'
Usage: ./build.sh COMMAND
  run [ARGS...]  build (Release) and run `koubei run ARGS...` (no ARGS: the built-in scenario)
  test           build (Release) and run the test suite with ctest
  sanitize       build with AddressSanitizer + UndefinedBehaviorSanitizer
                 (clang-14) in build/sanitize and run the test suite there,
                 less the tests labelled slow
  fuzz [SECONDS] build the fuzz targets of tests/fuzz with clang-14 and
                 libFuzzer in build/fuzz, replay every committed corpus and
                 crash, then fuzz each target for SECONDS (default 15)
EOF
}

install_missing_packages() {
  if ! command -v dpkg-query >/dev/null; then
    log "no dpkg here: not checking packages (needed: ${packages[*]})"
    return
  fi
  local missing=() p
  for p in "${packages[@]}" "$@"; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] ||
      missing+=("$p")
  done
  ((${#missing[@]})) || return 0

  local install=(apt-get install -y -q --no-install-recommends "${missing[@]}")
  if ((EUID != 0)); then
    log "missing Debian packages: ${missing[*]}"
    log "install them as root, then run me again:"
    printf '  apt-get update && %s\n' "${install[*]}" >&2
    exit 1
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${install[@]}" >&2; then
    log "apt-get install failed; updating the package lists and trying again"
    apt-get update -q >&2
    "${install[@]}" >&2 || { log "could not install ${missing[*]}"; exit 1; }
  fi
}

# build DIR TARGET CMAKE_ARGS...: configures DIR if it has no cache yet, then
# builds TARGET there (all: everything).
build() {
  local dir=$1 target=$2
  shift 2
  install_missing_packages
  # A directory configured with another compiler than asked (CXX) starts
  # afresh: CMake keeps the first compiler it found.
  if [[ -n ${CXX:-} && -f $dir/CMakeCache.txt ]] &&
    ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=.*$CXX\$" "$dir/CMakeCache.txt"; then
    log "$dir was configured with another compiler than $CXX: configuring it afresh"
    rm -rf "$dir"
  fi
  if [[ ! -f $dir/CMakeCache.txt ]]; then
    log "configuring $dir"
    cmake -S . -B "$dir" "$@" >&2
  fi
  log "building $target in $dir"
  cmake --build "$dir" --target "$target" -j "$jobs" >&2
}

# run_tests DIR [CTEST_ARGS...]
run_tests() {
  local dir=$1
  shift
  log "testing $dir${*:+ (ctest $*)}"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" "$@"
}

command=${1:-}
(($#)) && shift
case $command in
  run)
    build build/release koubei_cli -DCMAKE_BUILD_TYPE=Release
    log "running koubei run${*:+ $*}"
    exec build/release/cli/koubei run "$@"
    ;;
  test)
    install_missing_packages "${test_packages[@]}"
    build build/release all -DCMAKE_BUILD_TYPE=Release
    run_tests build/release
    ;;
  sanitize)
    # Stop at the first report, leaks included. Options already in the
    # environment come last, so they win.
    export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:print_stacktrace=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
    # clang-14 (the fuzz targets' compiler, so a second compiler's view of
    # the code), Debug (-O0, assertions on): the whole suite compiles in
    # about a third of gcc's time under the sanitizers (4.7 against 13
    # minutes on two cores), which outweighs it running slower (7.5 against
    # 5 minutes). Without MPI: Open MPI's own allocations would read as
    # leaks, and the MPI sweep is the same library code the release suite
    # tests.
    install_missing_packages "${fuzz_packages[@]}" "${test_packages[@]}"
    CC=clang-14 CXX=clang++-14 build build/sanitize all -DCMAKE_BUILD_TYPE=Debug -DKOUBEI_SANITIZE=ON \
      -DKOUBEI_BUILD_BENCHMARKS=OFF -DKOUBEI_MPI=OFF
    # Without the tests labelled slow (over about 5 s in Release; the list is
    # in tests/CMakeLists.txt): statistical checks whose kernels the fast
    # tests also run under the sanitizers, and which would take minutes at -O0.
    run_tests build/sanitize -LE slow
    ;;
  fuzz)
    seconds=${1:-15}
    install_missing_packages "${fuzz_packages[@]}"
    # -O1 -g: fast to build, the usual level for fuzzing. Without MPI, tests
    # and benchmarks: the library and the targets only.
    CC=clang-14 CXX=clang++-14 build build/fuzz all -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DKOUBEI_FUZZ=ON -DKOUBEI_MPI=OFF \
      -DKOUBEI_BUILD_TESTS=OFF -DKOUBEI_BUILD_BENCHMARKS=OFF
    exec tests/fuzz/run_fuzz.sh build/fuzz/tests/fuzz "$seconds"
    ;;
  -h | --help | help)
    usage
    ;;
  *)
    [[ -n $command ]] && log "unknown command: $command"
    usage
    exit 2
    ;;
esac
