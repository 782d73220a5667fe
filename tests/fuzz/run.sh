#!/usr/bin/env bash
# Builds one fuzz target as a libFuzzer binary (clang, AddressSanitizer,
# UndefinedBehaviorSanitizer) in build/fuzz and fuzzes it for a while.
#
# New interesting inputs go to build/fuzz/corpus/<target>/ (kept between runs;
# the seeds in tests/fuzz/corpus/<target>/ are read, never written); a crash,
# timeout or leak is saved under build/fuzz/artifacts/<target>/ and the script
# exits non-zero. Arguments after the seconds go to libFuzzer unchanged
# (e.g. -jobs=4 -workers=4, -max_len=20000).
#
# Usage: tests/fuzz/run.sh <target> [seconds] [libFuzzer flags...]
#   e.g. tests/fuzz/run.sh markdown 600
set -euo pipefail

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  sed -n '2,12s/^# \{0,1\}//p' "$0"
  exit 2
fi
target=$1
seconds=${2:-60}
shift $(($# >= 2 ? 2 : 1))

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${HEARTH_FUZZ_BUILD_DIR:-$repo_root/build/fuzz}
seeds=$repo_root/tests/fuzz/corpus/$target
if [[ ! -d $seeds ]]; then
  echo "run.sh: no fuzz target '$target' (no $seeds)" >&2
  exit 2
fi
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "run.sh: seconds must be a whole number, not '$seconds'" >&2
  exit 2
fi

# Configure once; later runs only rebuild. Shared third-party libraries, as in
# the asan-ubsan preset. Only the target and the libraries it links are built.
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S "$repo_root" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARTH_BUILD_TESTS=ON -DHEARTH_FUZZ=ON -DHEARTH_STATIC_DEPS=OFF
fi
cmake --build "$build_dir" --target "fuzz_$target"

corpus=$build_dir/corpus/$target
artifacts=$build_dir/artifacts/$target
mkdir -p "$corpus" "$artifacts"
flags=(-max_total_time="$seconds" -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/")
dict=$repo_root/tests/fuzz/$target.dict
[[ -f $dict ]] && flags+=(-dict="$dict")

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$build_dir/tests/fuzz/fuzz_$target" "${flags[@]}" "$@" "$corpus" "$seeds"
