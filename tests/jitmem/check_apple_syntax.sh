#!/bin/sh
# jitmem's Apple platform files compiled (syntax and types only) by clang
# for macOS on both architectures, with a deployment target before macOS
# 11, and for iOS and Mac Catalyst, against tests/apple_sdk_stubs: headers
# written here from Apple's documentation, not Apple's SDK. What it shows:
# the files parse and type-check with those declarations and each target's
# macros, every call of a macOS 11 API is under __builtin_available
# (clang's -Wunguarded-availability-new, an error here), and no iOS build
# names an API Apple marks unavailable there. What it cannot show: that
# the stubs match the real SDK, that anything links, or how it runs; no
# Apple machine has built jrx. A control file with an unguarded call must
# fail, or the check proves nothing. Skipped (77) without clang-14.
# usage: check_apple_syntax.sh SOURCE_DIR
set -eu
source_dir=$1
clang=clang-14
if ! command -v "$clang" >/dev/null 2>&1; then
  echo "skipped: no $clang"
  exit 77
fi
stubs=$source_dir/tests/apple_sdk_stubs
flags="-std=c11 -fsyntax-only -Wall -Wextra -Werror -Wunguarded-availability-new \
  -ffreestanding -nostdlibinc -isystem $stubs -I$source_dir/include -I$source_dir/src"
status=0

# compile TARGET FILE...
compile() {
  target=$1
  shift
  for file in "$@"; do
    # shellcheck disable=SC2086 # flags is a word list
    if "$clang" -target "$target" $flags "$source_dir/src/jitmem/$file"; then
      echo "ok $target: $file"
    else
      echo "FAILED $target: $file"
      status=1
    fi
  done
}

# code_sync.c is core, but its ISB is for Apple silicon above all.
apple_files="platform_macos.c platform_unsupported.c platform_private_after_fork.c code_sync.c"
for target in arm64-apple-macos11 x86_64-apple-macos10.15 arm64-apple-ios14 \
              arm64-apple-ios14-macabi; do
  # shellcheck disable=SC2086 # apple_files is a word list
  compile "$target" $apple_files
done

control=$(mktemp "${TMPDIR:-/tmp}/jitmem-apple-control-XXXXXX.c")
trap 'rm -f "$control"' EXIT
printf '#include <pthread.h>\nvoid control(void);\nvoid control(void) { pthread_jit_write_protect_np(1); }\n' \
  >"$control"
# shellcheck disable=SC2086
if "$clang" -target x86_64-apple-macos10.15 $flags "$control" 2>/dev/null; then
  echo "FAILED: an unguarded call for macOS 10.15 compiled, so the stubs check nothing"
  status=1
else
  echo "ok: an unguarded call for macOS 10.15 is refused"
fi
exit $status
