#!/usr/bin/env bash
# Short bounded fuzzing for CI: every target natively for a share of about
# 60 s in all (JRX_FUZZ_CI_SECONDS overrides the total), through run.sh.
# Fails if any target finds something; the finding is left in fuzz/crashes/
# with its reproducer printed. Build time is not counted.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
total="${JRX_FUZZ_CI_SECONDS:-60}"
targets=(differential parse jitmem)
share=$((total / ${#targets[@]}))

failed=()
for target in "${targets[@]}"; do
  if ! "$root/fuzz/run.sh" "$target" "$share" native; then
    failed+=("$target")
  fi
done
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz ci: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz ci: no findings in ${#targets[@]} targets, ${share} s each"
