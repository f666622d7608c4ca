#!/usr/bin/env bash
# The main job: builds jrx (native configuration) and searches the shipped
# sample text. Arguments, if given, replace the default pattern.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${JRX_BUILD_DIR:-$root/build}/demo"
"$root/scripts/install-deps.sh" >/dev/null
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target jrx-demo >/dev/null
pattern="${1:-\b[\w.-]+@(\w+)\.(?:com|org|net|dev)\b}"
"$build/tools/jrx-demo" "$pattern" "$root/samples/sample.txt"
