#!/usr/bin/env bash
# Short bounded fuzzing for CI, through run.sh: every target natively for
# a share of about 60 s in all (JRX_FUZZ_CI_SECONDS overrides the total),
# then the differential target in the arm64 configuration under qemu for
# 60 s (JRX_FUZZ_CI_ARM64_SECONDS), where jrx's default engine is the JIT:
# natively it is the interpreter, the same engine as JRX_NO_JIT. On an
# arm64 host the native runs already fuzz the JIT. Fails if any run finds
# something; the finding is left in fuzz/crashes/ with its reproducer
# printed. Build time is not counted.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
total="${JRX_FUZZ_CI_SECONDS:-60}"
arm64_seconds="${JRX_FUZZ_CI_ARM64_SECONDS:-60}"
targets=(differential parse jitmem bitnfa)
share=$((total / ${#targets[@]}))

runs=()
failed=()
for target in "${targets[@]}"; do
  runs+=("$target native ${share} s")
  if ! "$root/fuzz/run.sh" "$target" "$share" native; then
    failed+=("$target native")
  fi
done
case "$(uname -m)" in
  aarch64|arm64) ;;
  *)
    runs+=("differential arm64 ${arm64_seconds} s")
    if ! "$root/fuzz/run.sh" differential "$arm64_seconds" arm64; then
      failed+=("differential arm64")
    fi
    ;;
esac
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz ci: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz ci: no findings in ${#runs[@]} runs ($(IFS=,; echo "${runs[*]}" | sed 's/,/, /g'))"
