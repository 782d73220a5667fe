#!/usr/bin/env bash
# Builds fuzz targets as libFuzzer binaries (clang, AddressSanitizer,
# UndefinedBehaviorSanitizer) in build/fuzz and fuzzes them for a while.
#
# New interesting inputs go to build/fuzz/corpus/<target>/ (kept between runs;
# the seeds in tests/fuzz/corpus/<target>/ are read, never written); a crash,
# timeout, leak or out-of-memory is saved under build/fuzz/artifacts/<target>/,
# its path is printed and the script exits non-zero. Arguments after the
# seconds go to libFuzzer unchanged (e.g. -jobs=4 -workers=4, -max_len=20000).
#
# Usage: tests/fuzz/run.sh <target> [seconds] [libFuzzer flags...]
#        tests/fuzz/run.sh --all [seconds] [libFuzzer flags...]
#   e.g. tests/fuzz/run.sh markdown 600
#        tests/fuzz/run.sh --all 60      (CI: every target, one after another)
set -euo pipefail

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  sed -n '2,14s/^# \{0,1\}//p' "$0"
  exit 2
fi
target=$1
seconds=${2:-60}
shift $(($# >= 2 ? 2 : 1))

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${HEARTH_FUZZ_BUILD_DIR:-$repo_root/build/fuzz}

if [[ $target == --all ]]; then
  # Every target has a seed corpus folder named after it.
  targets=()
  for seeds in "$repo_root"/tests/fuzz/corpus/*/; do
    targets+=("$(basename "$seeds")")
  done
else
  if [[ ! -d $repo_root/tests/fuzz/corpus/$target ]]; then
    echo "run.sh: no fuzz target '$target' (no $repo_root/tests/fuzz/corpus/$target)" >&2
    exit 2
  fi
  targets=("$target")
fi
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "run.sh: seconds must be a whole number, not '$seconds'" >&2
  exit 2
fi

# Configure once; later runs only rebuild. Shared third-party libraries, as in
# the asan-ubsan preset. Only the targets and the libraries they link are built.
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S "$repo_root" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARTH_BUILD_TESTS=ON -DHEARTH_FUZZ=ON -DHEARTH_STATIC_DEPS=OFF
fi
cmake --build "$build_dir" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Fuzzes one target for `seconds`; returns libFuzzer's status and prints the
# reproducers it wrote.
fuzz_one() {
  local name=$1
  shift
  local corpus=$build_dir/corpus/$name
  local artifacts=$build_dir/artifacts/$name
  mkdir -p "$corpus" "$artifacts"
  local flags=(-max_total_time="$seconds" -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/")
  local dict=$repo_root/tests/fuzz/$name.dict
  [[ -f $dict ]] && flags+=(-dict="$dict")
  local marker
  marker=$(mktemp)
  local status=0
  echo "=== fuzz_$name: ${seconds}s"
  "$build_dir/tests/fuzz/fuzz_$name" "${flags[@]}" "$@" "$corpus" "$repo_root/tests/fuzz/corpus/$name" || status=$?
  if ((status != 0)); then
    echo "=== fuzz_$name FAILED (exit $status). Reproducer(s):"
    find "$artifacts" -type f -newer "$marker" -printf '    %p\n'
    echo "    replay: $build_dir/tests/fuzz/fuzz_$name <file>; once fixed, copy it into tests/fuzz/corpus/$name/"
  fi
  rm -f "$marker"
  return "$status"
}

failed=()
for name in "${targets[@]}"; do
  fuzz_one "$name" "$@" || failed+=("$name")
done
if ((${#targets[@]} > 1)); then
  echo "=== fuzzed ${#targets[@]} targets for ${seconds}s each; failed: ${failed[*]:-none}"
fi
((${#failed[@]} == 0))
