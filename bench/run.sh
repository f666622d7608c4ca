#!/usr/bin/env bash
# Builds jrx in Release and runs the benchmark suite (bench/suite) in one
# configuration, then writes the table, a throughput plot and the machine
# description into bench/README.md (section "suite-CONFIG") and
# bench/throughput-CONFIG.svg.
#   native  the host build (x86-64 here: jrx runs its interpreter and DFA)
#   arm64   cross-compiled, run under qemu-aarch64 (jrx runs native code);
#           the haystacks are sherlock, the Russian and Chinese subtitles
#           and the in-repository ones, since emulation is slow, and the
#           guest instructions executed per haystack byte are counted as
#           well (see suite/count_guest_insns.c) for the workloads on
#           sherlock and the literal workloads on the subtitles
# The word lists of the @words workloads are written first by
# suite/word_lists.py into the results folder.
# Usage: bench/run.sh native|arm64 BENCH_DATA_DIR
# JRX_BENCH_CPU_TIME=1 times by process CPU time (bench_suite --cpu-time),
# for runs on a machine that other jobs share.
# The build goes to ${JRX_BUILD_DIR:-ROOT/build}/bench-CONFIG.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="${1:-}"
data_dir="${2:-}"
if [ "$config" != native ] && [ "$config" != arm64 ] || [ ! -d "$data_dir" ]; then
  echo "usage: bench/run.sh native|arm64 BENCH_DATA_DIR" >&2
  exit 2
fi
data_dir="$(cd "$data_dir" && pwd)"
build_dir="${JRX_BUILD_DIR:-$root/build}/bench-$config"
results="$build_dir/bench-results"
jobs="$(nproc 2>/dev/null || echo 2)"
mkdir -p "$results"

cmake_args=(-DCMAKE_BUILD_TYPE=Release)
runner=()
suite_args=()
if [ "${JRX_BENCH_CPU_TIME:-0}" = 1 ]; then suite_args+=(--cpu-time); fi
if [ "$config" = arm64 ]; then
  cmake_args+=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake")
  runner=(qemu-aarch64 -L /)
  suite_args+=(--haystacks sherlock,sample-en,source-c,subtitles-ru,subtitles-zh)
fi

echo "=== build ($config, Release) in $build_dir"
cmake -S "$root" -B "$build_dir" "${cmake_args[@]}" >"$results/configure.log"
cmake --build "$build_dir" -j "$jobs" --target bench_suite >"$results/build.log"
suite="$build_dir/bench/suite/bench_suite"

echo "=== word lists"
python3 "$root/bench/suite/word_lists.py" "$data_dir" "$results/word-lists"
suite_args+=(--word-lists "$results/word-lists")

echo "=== bench_suite (progress on stderr)"
"${runner[@]}" "$suite" "${suite_args[@]}" --plot-data "$results/throughput.dat" "$data_dir" \
  >"$results/table.md"

plot="bench/throughput-$config.svg"
gnuplot -e "datafile='$results/throughput.dat'; columns=$(head -1 "$results/throughput.dat" | wc -w); \
outfile='$root/$plot'; chart_title='jrx bench suite, $config: throughput per workload'" \
  "$root/bench/plot.gnuplot"

# Guest instructions per haystack byte: the difference between one and two
# calls of a scan removes start-up, file reading and compilation.
instructions_table() {
  local engines=(pcre2-jit jrx jrx-interp re2 vectorscan)
  local counter="$build_dir/count_guest_insns"
  cc -O2 -std=c11 -Wall -Wextra -Werror -o "$counter" "$root/bench/suite/count_guest_insns.c"
  printf '| workload | haystack |'; printf ' %s |' "${engines[@]}"; printf '\n|---|---|'
  printf -- '--:|%.0s' "${engines[@]}"; printf '\n'
  local id
  for id in $(awk -F'\t' '!/^#/ && $2 == "scan" && ($3 == "sherlock" ||
                ($3 ~ /^subtitles-(ru|zh)$/ && ($1 ~ /^(literal|alternation)/))) {print $1 "/" $3}' \
                "$root/bench/suite/workloads.tsv"); do
    printf '| %s | %s |' "${id%%/*}" "${id#*/}"
    local engine
    for engine in "${engines[@]}"; do
      local counts=() bytes="" calls output
      for calls in 1 2; do
        output="$("$counter" "${runner[@]}" -- "$suite" --engine "$engine" --calls "$calls" \
                  --word-lists "$results/word-lists" --only "$id" "$data_dir" 2>&1)"
        counts+=("$(sed -n 's/^guest_instructions=//p' <<<"$output")")
        bytes="$(sed -n 's/.* bytes=\([0-9]*\) .*/\1/p' <<<"$output")"
      done
      if [ -z "$bytes" ] || [ -z "${counts[0]}" ] || [ -z "${counts[1]}" ]; then
        printf ' n/c |'
      else
        awk -v one="${counts[0]}" -v two="${counts[1]}" -v bytes="$bytes" \
          'BEGIN { printf " %.2f |", (two - one) / bytes }'
      fi
    done
    printf '\n'
  done
}

{
  echo "Latest run: \`${JRX_BENCH_CPU_TIME:+JRX_BENCH_CPU_TIME=1 }bench/run.sh $config BENCH_DATA_DIR\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo "Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
       "$(uname -sr); $(cc --version | head -1)."
  if [ "$config" = arm64 ]; then
    echo "Cross-compiled with $(aarch64-linux-gnu-gcc --version | head -1)," \
         "run under $(qemu-aarch64 --version | head -1): times are emulated, not an ARM CPU's."
  fi
  echo
  cat "$results/table.md"
  echo
  echo "![throughput, $config]($(basename "$plot"))"
  if [ "$config" = arm64 ]; then
    echo
    echo "### Guest instructions executed per haystack byte (arm64, counted under qemu; lower is better)"
    echo
    echo "pcre2-interp is left out: its slowest rows would take hours with qemu's per-block logging."
    echo
    instructions_table
  fi
} >"$results/section.md"

python3 "$root/bench/suite/update_readme.py" "$root/bench/README.md" "suite-$config" \
  "$results/section.md"
echo "=== done: bench/README.md (suite-$config) and $plot updated"
