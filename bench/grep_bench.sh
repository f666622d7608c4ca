#!/usr/bin/env bash
# Times jrxgrep (Release build of this tree) against grep -P, pcre2grep and
# ripgrep on the same files, options and patterns, and writes the table
# into bench/README.md.
#
#   bench/grep_bench.sh BENCH_DATA_DIR          native x86-64: section "grep"
#   bench/grep_bench.sh --arm64 BENCH_DATA_DIR  arm64 builds under qemu:
#                                               section "grep-arm64"
#
# Native: English (sherlock.txt x20, 11.9 MB) and Russian
# (opensubtitles/ru-sampled.txt x8, 12.6 MB) text, a log file, /usr/include
# (-r), -c -n -o -w -i -v -l -r and -f with 1,000 and 10,000 words taken
# from the English texts. The files are built at run time in a temporary
# folder inside the build directory and removed at the end. Locale C.UTF-8
# (what users have: grep -P and jrxgrep match UTF-8; pcre2grep gets -u),
# and a few rows again in the C locale (bytes). Times: median of hyperfine
# runs (of 7 runs of a shell loop without hyperfine), output through a
# pipe (grep and jrxgrep stop at the first match when writing to
# /dev/null).
#
# arm64: jrxgrep cross-compiled, GNU grep and ripgrep from Debian's arm64
# packages (apt-get download, unpacked in the build directory), all run by
# qemu-aarch64 -L /. Smaller files (sherlock x4, ru-sampled x2, one
# /usr/include subfolder), no -f rows, median time of 3 runs and the guest
# instructions of one run (bench/suite/count_guest_insns.c).
#
# Every tool must give the same answer (the sum of -c counts, the set of
# -l names, or the output itself), or the script stops: a number for a
# wrong answer is an error, not a result. rg differs from grep -P in
# what \w and \s mean in UTF-8 (Unicode classes): rows whose answers
# would differ give rg an ASCII class, (?-u:\w), as its pattern.
#
# The build goes to ${JRX_BUILD_DIR:-ROOT/build}/bench-native or
# bench-arm64.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arm64=false
if [ "${1:-}" = --arm64 ]; then
  arm64=true
  shift
fi
data_dir="${1:-}"
if [ ! -d "$data_dir" ]; then
  echo "usage: bench/grep_bench.sh [--arm64] BENCH_DATA_DIR" >&2
  exit 2
fi
data_dir="$(cd "$data_dir" && pwd)"
config=native
$arm64 && config=arm64
build_dir="${JRX_BUILD_DIR:-$root/build}/bench-$config"
results="$build_dir/grep-results"
mkdir -p "$results"
work="$(mktemp -d "$build_dir/grep-data.XXXXXX")"
trap 'rm -rf "$work"' EXIT

for tool in grep pcre2grep rg python3 md5sum; do
  command -v "$tool" >/dev/null || { echo "grep_bench: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

echo "=== build jrxgrep ($config, Release) in $build_dir"
cmake_args=(-DCMAKE_BUILD_TYPE=Release)
$arm64 && cmake_args+=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake")
cmake -S "$root" -B "$build_dir" "${cmake_args[@]}" >"$results/configure.log"
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" --target jrxgrep >"$results/build.log"
jrxgrep="$build_dir/src/cli/jrxgrep"

runner=()
grep_program=(grep)
rg_program=(rg)
if $arm64; then
  tools_dir="$build_dir/arm64-tools"
  if [ ! -x "$tools_dir/root/usr/bin/rg" ] || [ ! -x "$tools_dir/root/bin/grep" ]; then
    echo "=== arm64 grep and ripgrep (apt-get download) in $tools_dir"
    mkdir -p "$tools_dir"
    (cd "$tools_dir" && apt-get download ripgrep:arm64 grep:arm64 >/dev/null 2>&1)
    for package in "$tools_dir"/*.deb; do dpkg-deb -x "$package" "$tools_dir/root"; done
  fi
  runner=(qemu-aarch64 -L /)
  grep_program=("${runner[@]}" "$tools_dir/root/bin/grep")
  rg_program=("${runner[@]}" "$tools_dir/root/usr/bin/rg")
  counter="$build_dir/count_guest_insns"
  cc -O2 -std=c11 -Wall -Wextra -Werror -o "$counter" "$root/bench/suite/count_guest_insns.c"
fi
jrxgrep_program=("${runner[@]}" "$jrxgrep")

# The haystacks, repeated so that searching dominates start-up.
repeat_file() { # repeat_file SOURCE TIMES TARGET
  : >"$3"
  for _ in $(seq "$2"); do cat "$1" >>"$3"; done
}
if $arm64; then
  english_copies=4 russian_copies=2 tree=/usr/include/linux
else
  english_copies=20 russian_copies=8 tree=/usr/include
fi
repeat_file "$data_dir/sherlock.txt" "$english_copies" "$work/en.txt"
repeat_file "$data_dir/opensubtitles/ru-sampled.txt" "$russian_copies" "$work/ru.txt"
repeat_file "$data_dir/unstructured-to-json.log" 200 "$work/log.txt"

# Word lists: words of five letters or more from the English texts,
# evenly spread over their sorted list; grep -P refuses several patterns,
# so it gets their alternation as one pattern.
python3 - "$data_dir" "$work" <<'EOF'
import re, sys
data, work = sys.argv[1], sys.argv[2]
words = set()
for name in ("sherlock.txt", "opensubtitles/en-sampled.txt"):
    with open("%s/%s" % (data, name), encoding="utf-8", errors="replace") as handle:
        words.update(re.findall(r"\b[A-Za-z]{5,}\b", handle.read()))
words = sorted(words)
for count in (1000, 10000):
    chosen = [words[i * len(words) // count] for i in range(count)]
    with open("%s/words%d.txt" % (work, count), "w") as handle:
        handle.write("\n".join(chosen) + "\n")
    with open("%s/words%d.alt" % (work, count), "w") as handle:
        handle.write("|".join(chosen) + "\n")
EOF

# locale|file|flags|pattern|rg pattern (empty: the same). file is en,
# ru, log (in the work folder) or tree; flags are words, "-" for none. A
# pattern @wordsN stands for -f with the word list (grep -P: -f with the
# alternation).
cases=(
  "C.UTF-8|en|-c|Sherlock Holmes|"
  "C.UTF-8|en|-c -i|sherlock holmes|"
  "C.UTF-8|en|-c|Sherlock|Holmes|Watson|Irene|Adler|"
  "C.UTF-8|en|-c|[a-z]+ing|"
  "C.UTF-8|en|-c|\\w+\\s+Holmes|(?-u:\\w)+(?-u:\\s)+Holmes"
  "C.UTF-8|en|-c|\\w+|(?-u:\\w)+"
  "C.UTF-8|en|-c -v|e|"
  "C.UTF-8|en|-n|Watson|"
  "C.UTF-8|en|-o|Holmes \\w+|Holmes (?-u:\\w)+"
  "C.UTF-8|en|-c -w|the|"
  "C.UTF-8|en|-l|Lestrade|"
  "C.UTF-8|en|-c|@words1000|"
  "C.UTF-8|en|-c|@words10000|"
  "C.UTF-8|ru|-c|Шерлок Холмс|"
  "C.UTF-8|ru|-c -i|шерлок холмс|"
  "C.UTF-8|ru|-n|Холмс|"
  "C.UTF-8|ru|-c -v|а|"
  "C.UTF-8|ru|-c|\\w+|(?-u:\\w)+"
  "C.UTF-8|log|-c|\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}|"
  "C.UTF-8|tree|-r -c|static|"
  "C.UTF-8|tree|-r -l|EXIT_FAILURE|"
  "C.UTF-8|tree|-r -n|pthread_mutex_lock|"
  "C|en|-c|Sherlock Holmes|"
  "C|en|-c|[a-z]+ing|"
  "C|en|-c|\\w+|"
  "C|en|-c -v|e|"
  "C|ru|-c|Шерлок Холмс|"
)
tools=(jrxgrep "grep -P" pcre2grep rg)
if $arm64; then
  tools=(jrxgrep "grep -P" rg)
  # Emulated and counted, the word lists take jrxgrep and grep -P many
  # minutes (jrx runs a big alternation on its general engine; see the
  # native table): left out.
  for index in "${!cases[@]}"; do
    [[ "${cases[$index]}" == *"@words"* ]] && unset "cases[$index]"
  done
fi

# tool_command TOOL LOCALE FILE FLAGS PATTERN RG_PATTERN: the command, one
# word a line. rg searches directories without -r (its -r is --replace)
# and must not skip files a .gitignore names.
tool_command() {
  local tool="$1" locale="$2" file="$3" rg_pattern="${6:-$5}"
  local flags=() pattern_args=() target="$work/$3.txt"
  [ "$4" != "-" ] && read -r -a flags <<<"$4"
  [ "$file" = tree ] && target="$tree"
  if [[ "$5" == @* ]]; then
    pattern_args=(-f "$work/${5#@}.txt")
  else
    pattern_args=(-e "$5")
  fi
  case "$tool" in
    jrxgrep) printf '%s\n' "${jrxgrep_program[@]}" "${flags[@]}" "${pattern_args[@]}" "$target" ;;
    "grep -P")
      [[ "$5" == @* ]] && pattern_args=(-f "$work/${5#@}.alt")
      printf '%s\n' "${grep_program[@]}" -P "${flags[@]}" "${pattern_args[@]}" "$target" ;;
    pcre2grep)
      # pcre2grep -r follows symbolic links, which the others do not.
      [ "$file" = tree ] && return 0
      [ "$locale" = C.UTF-8 ] && flags=(-U "${flags[@]}")
      printf '%s\n' pcre2grep "${flags[@]}" "${pattern_args[@]}" "$target" ;;
    rg)
      local rg_flags=()
      for flag in "${flags[@]}"; do [ "$flag" != -r ] && rg_flags+=("$flag"); done
      [[ "$5" != @* ]] && pattern_args=(-e "$rg_pattern")
      printf '%s\n' "${rg_program[@]}" --no-config --no-ignore --hidden "${rg_flags[@]}" \
        "${pattern_args[@]}" "$target" ;;
  esac
}

# answer FLAGS COMMAND...: prints what must agree between the tools (the
# sum of -c counts, the sorted -l names, or the checksum of the output,
# sorted for directories, which are walked in different orders), or
# "timeout" when the command runs longer than time_limit seconds; then
# the whole seconds it took.
time_limit=60
answer() {
  local flags="$1" start status=0 output="$work/answer.out"; shift
  start=$(date +%s%N)
  timeout "$time_limit" "$@" >"$output" || status=$?
  local seconds=$(( ($(date +%s%N) - start) / 1000000000 ))
  if [ "$status" -eq 124 ]; then
    echo "timeout $seconds"
  elif [ "$status" -ge 2 ]; then
    echo "refused $seconds" # e.g. grep -P: "regular expression is too large"
  elif [[ " $flags " == *" -c "* ]]; then
    echo "$(awk -F: '{ total += $NF } END { print total + 0 }' "$output") $seconds"
  elif [[ " $flags " == *" -r "* ]] || [[ " $flags " == *" -l "* ]]; then
    echo "$(LC_ALL=C sort "$output" | md5sum | cut -c1-12) $seconds"
  else
    echo "$(md5sum <"$output" | cut -c1-12) $seconds"
  fi
}

# median_ms COMMAND...: median wall time of 7 runs after one warm-up.
median_ms() {
  "$@" | cat >/dev/null || true
  local times=() run start
  for run in 1 2 3 4 5 6 7; do
    start=$(date +%s%N)
    "$@" | cat >/dev/null || true
    times+=($(( ($(date +%s%N) - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 4p | awk '{ printf "%.1f", $1 / 1000 }'
}

# single_quoted WORDS...: the words as one command line, each in single
# quotes. Not printf %q: in the C locale it writes non-ASCII bytes as
# $'\320...', which hyperfine -N does not read, so every tool was timed
# searching for that text instead of the pattern (the C-locale Russian row
# until 2026-12-06).
single_quoted() {
  local word line=""
  for word in "$@"; do line+="'${word//\'/\'\\\'\'}' "; done
  printf '%s' "${line% }"
}

# hyperfine_ms RUNS COMMAND_LINES...: median ms of each, one per line.
hyperfine_ms() {
  local runs="$1"; shift
  hyperfine -N -i --output=pipe --warmup 1 --runs "$runs" --style none \
    --export-json "$results/run.json" "$@" >/dev/null 2>>"$results/hyperfine.log"
  python3 -c 'import json, sys
for result in json.load(open(sys.argv[1]))["results"]:
    print("%.1f" % (result["median"] * 1000))' "$results/run.json"
}

# guest_millions COMMAND...: guest instructions of one run under qemu, in
# millions (COMMAND starts with the qemu runner). Output goes to a pipe,
# as in the timed runs: grep and jrxgrep stop at the first match when
# their standard output is /dev/null.
guest_millions() {
  local output
  output="$(timeout $((10 * time_limit)) "$counter" "${@:1:${#runner[@]}}" -- \
            "${@:$((${#runner[@]} + 1))}" 2>&1 > >(cat >/dev/null))" || true
  sed -n 's/^guest_instructions=//p' <<<"$output" | awk '{ printf "%.1f", $1 / 1e6 }'
}

# cell_value CELL: the number ratios are taken of: the time natively, the
# guest instructions under qemu; nothing for a timed-out command.
cell_value() {
  case "$1" in
    ">"* | refused | n/c) ;;
    *" / "*) echo "${1##* / }" ;;
    *) echo "$1" ;;
  esac
}

sizes="en.txt $(du -m "$work/en.txt" | cut -f1) MB, ru.txt $(du -m "$work/ru.txt" | cut -f1) MB"
{
  if $arm64; then
    echo "Latest run: \`bench/grep_bench.sh --arm64 BENCH_DATA_DIR\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo "Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
         "$(uname -sr); $(qemu-aarch64 --version | head -1). Tools (Debian arm64 packages):" \
         "$("${grep_program[@]}" --version | head -1), $("${rg_program[@]}" --version | head -1)."
    echo
    echo "Files: sherlock.txt x$english_copies (en), opensubtitles/ru-sampled.txt x$russian_copies (ru)," \
         "unstructured-to-json.log x200 (log), $tree (tree); $sizes. Each cell: median wall time" \
         "of 3 runs under qemu in ms / guest instructions of one run in millions (lower is better)."
  else
    echo "Latest run: \`bench/grep_bench.sh BENCH_DATA_DIR\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo "Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
         "$(uname -sr). Tools: $(grep --version | head -1), $(pcre2grep --version 2>&1 | head -1)," \
         "$(rg --version | head -1)$(command -v hyperfine >/dev/null && echo ", timed by $(hyperfine --version)")."
    echo
    echo "Files: sherlock.txt x$english_copies (en), opensubtitles/ru-sampled.txt x$russian_copies (ru)," \
         "unstructured-to-json.log x200 (log), $tree (tree, $(find "$tree" -type f | wc -l) files);" \
         "$sizes. Median wall time in ms (lower is better), whole process including start-up;" \
         "with -r jrxgrep and rg use a thread per CPU, grep -P and pcre2grep one."
  fi
  $arm64 || echo "@words1000 and @words10000: -f with that many words (grep -P: one pattern, their alternation)."
  if $arm64; then
    echo "Ratios: grep -P's guest instructions / jrxgrep's, rg's / jrxgrep's (above 1: jrxgrep executes fewer)."
  else
    echo "Ratios: grep -P's time / jrxgrep's, rg's / jrxgrep's (above 1: jrxgrep is faster)."
    echo "Commands that took 3 s or more ran once; \"> ${time_limit}000\": stopped after ${time_limit} s;" \
         "refused: the tool rejected the pattern (grep -P: \"regular expression is too large\");" \
         "n/c: not comparable (pcre2grep -r follows symbolic links)."
  fi
  echo
  printf '| locale | file | flags | pattern | answer |'; printf ' %s |' "${tools[@]}"
  printf ' grep -P / jrxgrep | rg / jrxgrep |\n|---|---|---|---|--:|'
  printf -- '--:|%.0s' "${tools[@]}"; printf -- '--:|--:|\n'
} >"$results/section-$config.md"

status=0
for entry in "${cases[@]}"; do
  IFS='|' read -r locale file flags rest <<<"$entry"
  rg_pattern="${rest##*|}"
  pattern="${rest%|*}"
  export LC_ALL="$locale"
  echo "=== $locale $file $flags $pattern"
  answers=() shell_lines=() commands=() seconds=()
  for tool in "${tools[@]}"; do
    mapfile -t command < <(tool_command "$tool" "$locale" "$file" "$flags" "$pattern" "$rg_pattern")
    if [ "${#command[@]}" -eq 0 ]; then
      answers+=(n/c) seconds+=(0) shell_lines+=("") commands+=("")
      continue
    fi
    result="$(answer "$flags" "${command[@]}")"
    answers+=("${result% *}")
    seconds+=("${result##* }")
    shell_lines+=("$(single_quoted "${command[@]}")")
    commands+=("$(printf '%s\n' "${command[@]}")")
  done
  reference=""
  for index in "${!tools[@]}"; do
    case "${answers[$index]}" in
      timeout | refused | n/c) ;;
      *) [ -n "$reference" ] || reference="${answers[$index]}" ;;
    esac
  done
  for index in "${!tools[@]}"; do
    case "${answers[$index]}" in timeout | refused | n/c) continue ;; esac
    if [ "${answers[$index]}" != "$reference" ]; then
      echo "grep_bench: ${tools[$index]} answered ${answers[$index]}, jrxgrep ${answers[0]}: ${shell_lines[$index]}" >&2
      status=1
    fi
  done
  [ "$status" -eq 0 ] || break
  cells=()
  if $arm64; then
    for index in "${!tools[@]}"; do
      case "${answers[$index]}" in
        timeout) cells+=("> ${time_limit} s"); continue ;;
        refused | n/c) cells+=("${answers[$index]}"); continue ;;
      esac
      mapfile -t command <<<"${commands[$index]}"
      times=()
      for _ in 1 2 3; do
        start=$(date +%s%N)
        "${command[@]}" | cat >/dev/null || true # no match: status 1
        times+=($(( ($(date +%s%N) - start) / 1000 )))
      done
      milliseconds="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p | awk '{ printf "%.0f", $1 / 1000 }')"
      cells+=("$milliseconds / $(guest_millions "${command[@]}")")
    done
  else
    # Ten runs each; one for a command that took seconds.
    for index in "${!tools[@]}"; do
      mapfile -t command <<<"${commands[$index]}"
      if [ "${answers[$index]}" = timeout ]; then
        cells+=("> ${time_limit}000")
      elif [ "${answers[$index]}" = refused ] || [ "${answers[$index]}" = n/c ]; then
        cells+=("${answers[$index]}")
      elif [ "${seconds[$index]}" -ge 3 ]; then
        cells+=("$(hyperfine_ms 1 "${shell_lines[$index]}")")
      elif command -v hyperfine >/dev/null; then
        cells+=("$(hyperfine_ms 10 "${shell_lines[$index]}")")
      else
        cells+=("$(median_ms "${command[@]}")")
      fi
    done
  fi
  rg_index=$(( ${#tools[@]} - 1 ))
  ratios="$(awk -v jrx="$(cell_value "${cells[0]}")" -v grep="$(cell_value "${cells[1]}")" \
    -v rg="$(cell_value "${cells[$rg_index]}")" 'BEGIN {
      if (jrx == "" || grep == "") printf "n/a | "; else printf "%.2f | ", grep / jrx
      if (jrx == "" || rg == "") printf "n/a"; else printf "%.2f", rg / jrx }')"
  shown_pattern="${pattern//|/\\|}"
  printf '| %s | %s | %s | `%s` | %s |' "$locale" "$file" "$flags" "$shown_pattern" "$reference" \
    >>"$results/section-$config.md"
  printf ' %s |' "${cells[@]}" >>"$results/section-$config.md"
  printf ' %s |\n' "$ratios" >>"$results/section-$config.md"
done
if [ "$status" -ne 0 ]; then
  echo "grep_bench: tools disagree; README not updated" >&2
  exit 1
fi
section=grep
$arm64 && section=grep-arm64
python3 "$root/bench/suite/update_readme.py" "$root/bench/README.md" "$section" "$results/section-$config.md"
echo "=== done: bench/README.md ($section) updated"
