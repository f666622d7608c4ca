#!/usr/bin/env bash
# The main job: builds jrxgrep (native configuration) and searches the
# shipped sample text with it. Arguments, if given, replace the default
# pattern and options (they are passed to jrxgrep before the file name).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${JRX_BUILD_DIR:-$root/build}/demo"
"$root/scripts/install-deps.sh" >/dev/null
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target jrxgrep >/dev/null
if [ "$#" -eq 0 ]; then
  set -- -n --color=auto '\b[\w.-]+@\w+\.(?:com|org|net|dev)\b'
fi
"$build/src/cli/jrxgrep" "$@" "$root/samples/sample.txt"
