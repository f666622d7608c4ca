#!/usr/bin/env bash
# Times jrxgrep (Release build of this tree) against grep -P, pcre2grep and
# ripgrep, all native, on the same files and patterns, and writes the table
# into bench/README.md (section "grep"). Every tool must print the same
# number of matching lines (-c, summed over the files of a directory) or
# the script stops: a count that differs is an error, not a number.
# LC_ALL=C gives every tool byte semantics. The -r rows search a directory
# tree of many files, where jrxgrep and rg use a thread per CPU, grep and
# pcre2grep one thread.
# Times: hyperfine's median when hyperfine is installed, else the median
# of 7 runs of a shell loop.
# Usage: bench/grep_bench.sh BENCH_DATA_DIR
# The build goes to ${JRX_BUILD_DIR:-ROOT/build}/bench-native.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${1:-}"
if [ ! -d "$data_dir" ]; then
  echo "usage: bench/grep_bench.sh BENCH_DATA_DIR" >&2
  exit 2
fi
data_dir="$(cd "$data_dir" && pwd)"
build_dir="${JRX_BUILD_DIR:-$root/build}/bench-native"
results="$build_dir/grep-results"
mkdir -p "$results"
export LC_ALL=C

for tool in grep pcre2grep rg python3; do
  command -v "$tool" >/dev/null || { echo "grep_bench: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
echo "=== build jrxgrep (native, Release) in $build_dir"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >"$results/configure.log"
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" --target jrxgrep >"$results/build.log"
jrxgrep="$build_dir/src/cli/jrxgrep"

# The bench-data files are under 1 MB, so a search takes about as long as
# starting a process; each is repeated into a larger file in the build
# directory (never in the repository) so that searching dominates.
repeat_file() { # repeat_file SOURCE TIMES TARGET
  : >"$3"
  for _ in $(seq "$2"); do cat "$1" >>"$3"; done
}
repeat_file "$data_dir/sherlock.txt" 20 "$results/sherlock-x20.txt"
repeat_file "$data_dir/opensubtitles/en-sampled.txt" 10 "$results/en-sampled-x10.txt"
repeat_file "$data_dir/unstructured-to-json.log" 200 "$results/log-x200.log"

# make_tree SOURCE TARGET: SOURCE cut at line ends into 40 directories of
# 50 files each, for the recursive (-r) rows.
make_tree() {
  rm -rf "$2"
  mkdir -p "$2"
  split -n l/40 -d -a 2 "$1" "$2/chunk-"
  for chunk in "$2"/chunk-*; do
    local directory="$2/d${chunk##*/chunk-}"
    mkdir "$directory"
    split -n l/50 -d -a 2 "$chunk" "$directory/part-"
    rm "$chunk"
  done
}
make_tree "$results/en-sampled-x10.txt" "$results/tree"

# file (in the results directory), grep flags ("-" for none), pattern
cases=(
  "sherlock-x20.txt|-|Sherlock Holmes"
  "sherlock-x20.txt|-i|sherlock holmes"
  "sherlock-x20.txt|-|Sherlock|Holmes|Watson|Irene|Adler"
  "sherlock-x20.txt|-|[a-z]+ing"
  "sherlock-x20.txt|-|\\w+\\s+Holmes"
  "en-sampled-x10.txt|-|[a-z]+ing"
  "en-sampled-x10.txt|-i|sherlock|holmes|watson|irene|adler"
  "log-x200.log|-|\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}"
  "log-x200.log|-|(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
  "tree|-r|[a-z]+ing"
  "tree|-r|\\w+\\s+Holmes"
)
tools=(jrxgrep "grep -P" pcre2grep rg)

# tool_command TOOL FLAGS PATTERN FILE: prints the command, one word a line.
# rg recurses by default (its -r is --replace) and must not skip files that
# a .gitignore above the build directory names.
tool_command() {
  local flags=()
  [ "$2" != "-" ] && flags=("$2")
  case "$1" in
    jrxgrep) printf '%s\n' "$jrxgrep" -c "${flags[@]}" -e "$3" "$4" ;;
    "grep -P") printf '%s\n' grep -P -c "${flags[@]}" -e "$3" "$4" ;;
    pcre2grep) printf '%s\n' pcre2grep -c "${flags[@]}" -e "$3" "$4" ;;
    rg) [ "$2" = "-r" ] && flags=()
        printf '%s\n' rg --no-config --no-ignore -c "${flags[@]}" -e "$3" "$4" ;;
  esac
}

# total_count COMMAND...: the sum of the counts -c printed (one per file,
# "NAME:COUNT" when there are several).
total_count() {
  { "$@" || true; } | awk -F: '{ total += $NF } END { print total + 0 }'
}

# median_ms COMMAND...: median wall time of 7 runs after one warm-up.
# Output goes through a pipe: grep (and jrxgrep) stop at the first match
# when their standard output is /dev/null.
median_ms() {
  "$@" | cat >/dev/null
  local times=() run start
  for run in 1 2 3 4 5 6 7; do
    start=$(date +%s%N)
    "$@" | cat >/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 4p | awk '{ printf "%.1f", $1 / 1000 }'
}

# hyperfine_ms COMMAND_LINES...: median ms of each, one per line (through a
# pipe, for the same reason as above).
hyperfine_ms() {
  hyperfine -N --output=pipe --warmup 2 --runs 15 --style none --export-json "$results/run.json" "$@" \
    >/dev/null 2>>"$results/hyperfine.log"
  python3 -c 'import json, sys
for result in json.load(open(sys.argv[1]))["results"]:
    print("%.1f" % (result["median"] * 1000))' "$results/run.json"
}

{
  echo "Latest run: \`bench/grep_bench.sh BENCH_DATA_DIR\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo "Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
       "$(uname -sr). Tools: $(grep --version | head -1), $(pcre2grep --version 2>&1 | head -1)," \
       "$(rg --version | head -1)$(command -v hyperfine >/dev/null && echo ", timed by $(hyperfine --version)")."
  echo
  echo "Median wall time in ms (lower is better), whole process including start-up. Files:" \
       "sherlock.txt x20 (11.9 MB), opensubtitles/en-sampled.txt x10 (9.0 MB)," \
       "unstructured-to-json.log x200 (4.8 MB), concatenated at run time; tree: the" \
       "en-sampled x10 text cut into 2000 files in 40 directories (-r; jrxgrep and rg" \
       "search with one thread per CPU, grep -P and pcre2grep with one)."
  echo
  printf '| file | flags | pattern | lines |'; printf ' %s |' "${tools[@]}"
  printf '\n|---|---|---|--:|'; printf -- '--:|%.0s' "${tools[@]}"; printf '\n'
} >"$results/section.md"

status=0
for entry in "${cases[@]}"; do
  file="${entry%%|*}"; rest="${entry#*|}"
  flags="${rest%%|*}"; pattern="${rest#*|}"
  path="$results/$file"
  echo "=== $file $flags $pattern"
  counts=() shell_lines=()
  for tool in "${tools[@]}"; do
    mapfile -t command < <(tool_command "$tool" "$flags" "$pattern" "$path")
    counts+=("$(total_count "${command[@]}")")
    shell_lines+=("$(printf '%q ' "${command[@]}")")
  done
  for index in "${!tools[@]}"; do
    if [ "${counts[$index]}" != "${counts[0]}" ]; then
      echo "grep_bench: ${tools[$index]} counted ${counts[$index]} lines, jrxgrep ${counts[0]}" >&2
      status=1
    fi
  done
  [ "$status" -eq 0 ] || break
  if command -v hyperfine >/dev/null; then
    mapfile -t times < <(hyperfine_ms "${shell_lines[@]}")
  else
    times=()
    for tool in "${tools[@]}"; do
      mapfile -t command < <(tool_command "$tool" "$flags" "$pattern" "$path")
      times+=("$(median_ms "${command[@]}")")
    done
  fi
  shown_pattern="${pattern//|/\\|}"
  printf '| %s | %s | `%s` | %s |' "$file" "$flags" "$shown_pattern" "${counts[0]}" >>"$results/section.md"
  printf ' %s |' "${times[@]}" >>"$results/section.md"
  printf '\n' >>"$results/section.md"
done
if [ "$status" -ne 0 ]; then
  echo "grep_bench: tools disagree; README not updated" >&2
  exit 1
fi
python3 "$root/bench/suite/update_readme.py" "$root/bench/README.md" grep "$results/section.md"
echo "=== done: bench/README.md (grep) updated"
