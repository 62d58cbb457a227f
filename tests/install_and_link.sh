#!/usr/bin/env bash
# Installs a built koubei into a scratch prefix, builds examples/link against
# it with find_package(koubei), runs it, and checks it prints a number.
#   install_and_link.sh BUILD_DIR SOURCE_DIR CXX_COMPILER BUILD_TYPE
set -euo pipefail
if (($# != 4)); then
  echo "usage: $0 BUILD_DIR SOURCE_DIR CXX_COMPILER BUILD_TYPE" >&2
  exit 2
fi
build_dir=$1 source_dir=$2 cxx=$3 build_type=$4

scratch=$(mktemp -d "${TMPDIR:-/tmp}/koubei-install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

step() { printf 'install_and_link: %s\n' "$*"; }

step "installing $build_dir into $scratch/prefix"
cmake --install "$build_dir" --prefix "$scratch/prefix" >"$scratch/install.log" ||
  { cat "$scratch/install.log"; exit 1; }
test -f "$scratch/prefix/include/koubei/version.hpp" ||
  { echo "koubei/version.hpp was not installed" >&2; exit 1; }

step "building examples/link against it"
# Only the scratch prefix and the system: never the build tree.
cmake -S "$source_dir/examples/link" -B "$scratch/build" \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
cmake --build "$scratch/build"

step "running it"
output=$("$scratch/build/koubei_link")
echo "$output"
if ! [[ $output =~ :\ [0-9]+(\.[0-9]+)?$ ]]; then
  echo "install_and_link: expected the output to end in a number" >&2
  exit 1
fi
# The library logs to stderr only (koubei/core/log.hpp): stdout is the
# program's own result line.
if [[ $output == *$'\n'* ]]; then
  echo "install_and_link: expected one line on stdout, the program's result" >&2
  exit 1
fi
step "running the sweep example"
output=$("$scratch/build/koubei_sweep_trust")
echo "$output"
# The giant share of ER(k=4) at trust 0.5 is 0.797 (percolation).
if ! [[ $output =~ giant\ share\ is:\ 0\.(7[6-9]|8[0-3]) ]]; then
  echo "install_and_link: expected the sweep example's giant share near 0.797" >&2
  exit 1
fi
step "ok"
