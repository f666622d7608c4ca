#!/bin/sh
# The EXAMPLE of doc/jrx.3 is a real program: extracts its first .EX block,
# builds it against the library, runs it and compares what it prints with
# the second .EX block (standard output, then standard error).
# usage: check_man_example.sh MAN_PAGE WORK_DIR C_COMPILER LIBRARY INCLUDE_DIR [FLAGS]
set -eu
page=$1
work=$2
compiler=$3
library=$4
include=$5
flags=${6:-}

mkdir -p "$work"
# example_block N: the Nth .EX block of the EXAMPLE section, unescaped.
example_block() {
  awk -v wanted="$1" '
    /^\.SH / { in_example = ($2 == "EXAMPLE") }
    in_example && /^\.EX$/ { block++; next }
    in_example && /^\.EE$/ { if (block == wanted) exit; next }
    in_example && block == wanted { print }
  ' "$page" | sed 's/\\e/\\/g; s/\\-/-/g'
}
example_block 1 >"$work/example.c"
example_block 2 >"$work/expected.txt"
if [ ! -s "$work/example.c" ] || [ ! -s "$work/expected.txt" ]; then
  echo "no example program or output found in $page"
  exit 1
fi
# shellcheck disable=SC2086 # FLAGS is a word list
"$compiler" $flags -std=c11 -Wall -Wextra -Werror -I"$include" -o "$work/example" \
  "$work/example.c" "$library" -lpthread
{ "$work/example" 2>/dev/null; "$work/example" 2>&1 >/dev/null; } >"$work/actual.txt"
diff -u "$work/expected.txt" "$work/actual.txt"
echo "the example of $page prints what the page says"
