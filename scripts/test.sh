#!/usr/bin/env bash
# Runs every test of jrx in every build configuration:
#   native        host build (x86-64 here) with AddressSanitizer + UBSan
#   native-tsan   host build with ThreadSanitizer of the tests labelled "threads"
#                 (only what they run is built: target jrx_threads_tests)
#   arm64         cross-compiled, run under qemu-aarch64 by ctest
# On an arm64 host the native configurations already are arm64 ones.
# A test that cannot run here exits 77 and is counted as skipped, never as
# passed. Then every libFuzzer target runs for a short bounded time, and
# the differential one in the arm64 configuration under qemu, where it
# fuzzes the JIT (fuzz/ci.sh, about two minutes of fuzzing plus the
# builds; JRX_SKIP_FUZZ=1 skips it). Installs missing system packages
# first. Ends with each configuration's ctest summary line, the skipped
# tests and a total; exits non-zero if anything failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_root="${JRX_BUILD_DIR:-$root/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

"$root/scripts/install-deps.sh"

summaries=()
status=0
total_passed=0
total_failed=0
total_skipped=0
skipped_tests=()

# run_configuration NAME BUILD_TARGET CTEST_ARGS -- CMAKE_ARGS...
run_configuration() {
  local name="$1"; shift
  local target="$1"; shift
  local ctest_args=()
  while [ "$1" != "--" ]; do ctest_args+=("$1"); shift; done
  shift
  local dir="$build_root/$name"
  echo "=== $name: configure and build"
  if ! cmake -S "$root" -B "$dir" -DJRX_WERROR=ON "$@" >"$dir.configure.log" 2>&1; then
    cat "$dir.configure.log"; summaries+=("$name: configure FAILED"); status=1; return
  fi
  if ! cmake --build "$dir" -j "$jobs" --target "$target" >"$dir.build.log" 2>&1; then
    grep -E "error|Error" -A3 "$dir.build.log" | head -80
    summaries+=("$name: build FAILED"); status=1; return
  fi
  echo "=== $name: test"
  local log="$dir.ctest.log"
  if (cd "$dir" && ctest --output-on-failure -j "$jobs" "${ctest_args[@]}") >"$log" 2>&1; then :; else status=1; fi
  cat "$log"
  local summary
  summary="$(grep -E "tests passed|No tests were found" "$log" | tail -1)"
  # ctest counts a skipped test (exit status 77, SKIP_RETURN_CODE) among
  # the passed ones; it lists them under "did not run".
  local skipped
  skipped="$(grep -E '^[[:space:]]+[0-9]+ - .* \(Skipped\)$' "$log" |
             sed -E 's/^[[:space:]]+[0-9]+ - (.*) \(Skipped\)$/\1/' || true)"
  local skipped_count=0
  if [ -n "$skipped" ]; then
    skipped_count="$(printf '%s\n' "$skipped" | wc -l)"
    while IFS= read -r test; do skipped_tests+=("$name: $test"); done <<<"$skipped"
  fi
  summaries+=("$name: $summary${skipped:+ ($skipped_count of them skipped)}")
  if [[ "$summary" =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
    total_failed=$((total_failed + BASH_REMATCH[1]))
    total_skipped=$((total_skipped + skipped_count))
    total_passed=$((total_passed + BASH_REMATCH[2] - BASH_REMATCH[1] - skipped_count))
  else
    status=1
  fi
}

mkdir -p "$build_root"
run_configuration native all -- -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJRX_SANITIZE=address,undefined
run_configuration native-tsan jrx_threads_tests -L threads -- -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJRX_SANITIZE=thread
if [ "$(uname -m)" = "aarch64" ] || [ "$(uname -m)" = "arm64" ]; then
  summaries+=("arm64: the native configurations ran on this arm64 host")
else
  run_configuration arm64 all -- -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake"
fi

if [ "${JRX_SKIP_FUZZ:-0}" != 1 ]; then
  echo "=== fuzz: every target for a short bounded time"
  if JRX_FUZZ_BUILD_DIR="$build_root" "$root/fuzz/ci.sh" >"$build_root/fuzz.log" 2>&1; then
    summaries+=("fuzz: $(tail -1 "$build_root/fuzz.log")")
  else
    tail -40 "$build_root/fuzz.log"
    summaries+=("fuzz: FAILED (see above)")
    status=1
  fi
fi

echo "=== summary"
for line in "${summaries[@]}"; do echo "$line"; done
for test in "${skipped_tests[@]}"; do echo "skipped: $test"; done
if [ "$status" -ne 0 ] && [ "$total_failed" -eq 0 ]; then
  total_failed=1 # a configuration failed to build or the fuzzers found something
fi
echo "total: $total_passed passed, $total_skipped skipped, $total_failed failed"
exit "$status"
