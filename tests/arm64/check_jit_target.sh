#!/bin/sh
# Whether jrx runs its A64 code must follow each compiler target, not the
# build system's idea of the processor: a macOS universal build compiles
# the same sources, with the same definitions, once per slice, and its
# x86_64 slice must not jump into A64 words. Compiles jit_target_probe.c
# with the definitions the build gives libjrx's sources, for arm64 and
# x86-64 Linux (gcc) and, with clang and tests/apple_sdk_stubs, arm64 and
# x86_64 macOS, iOS and Mac Catalyst. Compile-time only: it proves the
# decision per target, nothing about running on Apple systems. A compiler
# that is missing is reported and skipped.
# usage: check_jit_target.sh SOURCE_DIR "DEFINITIONS"
set -eu
source_dir=$1
definitions=$2
probe=$source_dir/tests/arm64/jit_target_probe.c
includes="-I$source_dir/include -I$source_dir/src"
status=0

# check NAME EXPECTED COMPILER ARGUMENTS...
check() {
  name=$1
  expected=$2
  compiler=$3
  shift 3
  if ! command -v "$compiler" >/dev/null 2>&1; then
    echo "skipped $name: no $compiler"
    return
  fi
  # shellcheck disable=SC2086 # definitions and includes are word lists
  if "$compiler" "$@" $includes $definitions -DEXPECTED="$expected" -fsyntax-only "$probe"; then
    echo "ok $name: JRX_HAVE_JIT=$expected"
  else
    echo "FAILED $name: JRX_HAVE_JIT should be $expected"
    status=1
  fi
}

apple="-ffreestanding -nostdlibinc -isystem $source_dir/tests/apple_sdk_stubs"
check "x86-64 Linux" 0 gcc -std=c11 -m64
check "arm64 Linux" 1 aarch64-linux-gnu-gcc -std=c11
# shellcheck disable=SC2086
check "arm64 macOS" 1 clang-14 -std=c11 -target arm64-apple-macos11 $apple
# shellcheck disable=SC2086
check "x86_64 macOS (the other slice of a universal build)" 0 clang-14 -std=c11 \
  -target x86_64-apple-macos10.15 $apple
# shellcheck disable=SC2086
check "arm64 iOS" 0 clang-14 -std=c11 -target arm64-apple-ios14 $apple
# shellcheck disable=SC2086
check "arm64 Mac Catalyst" 0 clang-14 -std=c11 -target arm64-apple-ios14-macabi $apple
exit $status
