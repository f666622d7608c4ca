#!/usr/bin/env bash
# Runs one fuzz target for a bounded time:
#   fuzz/run.sh TARGET SECONDS [native|arm64] [libFuzzer flags...]
# (e.g. -fork=2 -ignore_crashes=1 to keep going after a finding; natively
# only: under qemu without binfmt libFuzzer cannot start its fork children).
# TARGET is differential, parse, jitmem, bitnfa or pike (arm64 only: it runs the
# generated Pike VM). native builds with clang-14 and
# -fsanitize=fuzzer,address,undefined; arm64 cross-builds the same with
# clang-14 --target=aarch64-linux-gnu and runs under qemu-aarch64, where
# LeakSanitizer cannot stop threads and is switched off (ASan and UBSan work).
# Build directories: $JRX_FUZZ_BUILD_DIR (default build/)/fuzz-<config>; new
# inputs found go to a working corpus there, never into fuzz/corpus (which
# fuzz/make_corpus.py owns). A crash, leak or timeout is left in
# fuzz/crashes/ and a one-line reproducer is printed. Exits non-zero when
# the run found something.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: fuzz/run.sh differential|parse|jitmem|pike|bitnfa SECONDS [native|arm64] [libFuzzer flags...] (pike: arm64 only)"
target="${1:?$usage}"
seconds="${2:?$usage}"
config="${3:-native}"
shift $(($# < 3 ? $# : 3))
case "$target" in differential|parse|jitmem|pike|bitnfa) ;; *) echo "$usage" >&2; exit 2 ;; esac
case "$seconds" in ''|*[!0-9]*) echo "$usage" >&2; exit 2 ;; esac
if [ "$target" = pike ] && [ "$config" != arm64 ]; then
  echo "fuzz/run.sh: pike runs generated A64 code: arm64 only" >&2
  exit 2
fi

build_dir="${JRX_FUZZ_BUILD_DIR:-$root/build}/fuzz-$config"
crash_dir="$root/fuzz/crashes"
work_corpus="$build_dir/corpus/$target"
mkdir -p "$crash_dir" "$work_corpus"

case "$config" in
  native)
    cmake_args=(-DCMAKE_C_COMPILER=clang-14 -DJRX_SANITIZE=address,undefined)
    runner=()
    # A match that takes this long is a finding of its own.
    fuzzer_args=(-timeout=25)
    # The outer bound on the run, should libFuzzer overrun its own.
    grace=120
    ;;
  arm64)
    cmake_args=(-DCMAKE_TOOLCHAIN_FILE="$root/fuzz/aarch64-clang.cmake"
                -DJRX_SANITIZE=address,undefined)
    runner=(env ASAN_OPTIONS=detect_leaks=0 qemu-aarch64 -L /)
    # libFuzzer's RSS and timeout watchdogs misfire under qemu.
    fuzzer_args=(-rss_limit_mb=0 -timeout=0 -detect_leaks=0)
    # One input can take tens of seconds under qemu (compiling a{65535}).
    grace=$((seconds + 300))
    ;;
  *) echo "$usage" >&2; exit 2 ;;
esac

case "$target" in
  # The header, a 1,024-byte pattern, the separator and a 1,024-byte
  # subject: the largest input the target runs.
  differential) fuzzer_args+=(-max_len=2054 -dict="$root/fuzz/regex.dict") ;;
  # Longer: the native Pike VM is for long subjects, its seeds have some.
  pike) fuzzer_args+=(-max_len=1024 -dict="$root/fuzz/regex.dict") ;;
  bitnfa) fuzzer_args+=(-max_len=512 -dict="$root/fuzz/regex.dict") ;;
  parse) fuzzer_args+=(-max_len=2048 -dict="$root/fuzz/regex.dict") ;;
  jitmem) fuzzer_args+=(-max_len=1024) ;;
esac

echo "=== fuzz $target ($config): build in $build_dir"
cmake -S "$root" -B "$build_dir" -DJRX_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "${cmake_args[@]}" >"$build_dir.configure.log" 2>&1 || { cat "$build_dir.configure.log"; exit 2; }
cmake --build "$build_dir" --target "fuzz_$target" -j "$(nproc 2>/dev/null || echo 2)" \
  >"$build_dir.build.log" 2>&1 || { grep -E "error" -A3 "$build_dir.build.log" | head -60; exit 2; }
binary="$build_dir/fuzz/fuzz_$target"

# Artifacts of this target and configuration only: other runs may share the
# directory.
artifacts() { ls "$crash_dir" | grep -F "$target-$config-" || true; }
before="$(artifacts)"
echo "=== fuzz $target ($config): $seconds s"
status=0
timeout --signal=KILL "$((seconds + grace))" "${runner[@]}" "$binary" "${fuzzer_args[@]}" \
  -max_total_time="$seconds" -print_final_stats=1 \
  -artifact_prefix="$crash_dir/$target-$config-" "$@" \
  "$work_corpus" "$root/fuzz/corpus/$target" || status=$?

# Slow units (over 10 s, common under qemu) are listed but not failures;
# a hang is a timeout- file natively.
found=0
for file in $(artifacts); do
  if ! grep -qxF "$file" <<<"$before"; then
    case "$file" in
      *slow-unit-*) echo "slow: fuzz/crashes/$file" ;;
      *) found=1; echo "found: fuzz/crashes/$file" ;;
    esac
    echo "reproduce: ${runner[*]:+${runner[*]} }$binary $crash_dir/$file"
  fi
done
if [ "$found" -ne 0 ] || [ "$status" -ne 0 ]; then
  echo "=== fuzz $target ($config): FAILED (libFuzzer exit status $status)"
  exit 1
fi
echo "=== fuzz $target ($config): no findings"
