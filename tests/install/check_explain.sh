#!/bin/sh
# Runs jrx-explain on a few patterns and checks the lines that carry its
# facts: tree, NFA size, prefilter facts, search strategy, engine, dot
# output, native code, and the caret under a compile error with exit
# status 2.
# usage: check_explain.sh [EMULATOR...] JRX_EXPLAIN
set -u
status=0

# expect_line DESCRIPTION TEXT EXACT_LINE
expect_line() {
  if ! printf '%s\n' "$2" | grep -qxF -- "$3"; then
    echo "FAIL $1: no line '$3' in:"
    printf '%s\n' "$2"
    status=1
  fi
}

report=$("$@" 'a+b')
expect_line "tree of a+b" "$report" "parse tree: (cat (rep 1 inf 'a') 'b')"
# The size line must agree with the listing under it.
instructions=$(printf '%s\n' "$report" | sed -n 's/^nfa: \([0-9]*\) instructions, [0-9]* bytes, 2 capture slots$/\1/p')
listed=$(printf '%s\n' "$report" | grep -cE '^[0-9]+: ')
if [ -z "$instructions" ] || [ "$instructions" -ne "$listed" ]; then
  echo "FAIL NFA size of a+b: '$instructions' instructions, $listed listed"
  status=1
fi
expect_line "anchoring of a+b" "$report" "  anchored: no"
expect_line "prefix of a+b" "$report" "  literal prefix: a"
expect_line "first bytes of a+b" "$report" "  first bytes: 1 [a]"
expect_line "minimum of a+b" "$report" "  min length: 2"
if ! printf '%s\n' "$report" | grep -qE '^engine: (interpreter|arm64-jit)'; then
  echo "FAIL engine of a+b"
  status=1
fi

report=$("$@" -i '^(x|yz)')
expect_line "tree of -i ^(x|yz)" "$report" \
  "parse tree: (cat @caret-start (cap 1 (alt [Xx] (cat [Yy] [Zz]))))"
expect_line "anchoring of ^(x|yz)" "$report" "  anchored: yes"
expect_line "first bytes of -i ^(x|yz)" "$report" "  first bytes: 4 [XYxy]"
expect_line "captures of ^(x|yz)" "$report" "captures: 1"

report=$("$@" 'Sherlock|Holmes')
expect_line "strategy of Sherlock|Holmes" "$report" \
  "search: literals (the matches are exactly the literals)"
report=$("$@" -i '\bsherlock\b')
expect_line "strategy of -i \\bsherlock\\b" "$report" \
  "search: dfa skipping to literals (every match begins with the literals)"
expect_line "literals of -i \\bsherlock\\b" "$report" \
  "  literals: 1, by substring: ~s~h~e~r~l~o~c~k"

# A word list too big for Teddy is searched whole; a caseless literal
# whose case variants are too many for Teddy, by its few long prefixes.
words=$(for a in a b c d e f g h i; do for b in a b c d e f g h; do printf '%s%sxyz|' "$a" "$b"; done; done)
report=$("$@" "${words%|}")
expect_line "strategy of 72 words" "$report" \
  "search: literals (the matches are exactly the literals)"
report=$("$@" -i -u 'шерлок холмс')
expect_line "strategy of -i -u шерлок холмс" "$report" \
  "search: dfa skipping to literals (every match begins with the literals)"

report=$("$@" 'a?')
expect_line "empty match of a?" "$report" "  can match empty: yes"
expect_line "minimum of a?" "$report" "  min length: 0"

dot=$("$@" --dot=nfa 'a|b')
expect_line "NFA dot header" "$dot" "digraph nfa {"
dot=$("$@" --dot=dfa 'ab')
expect_line "DFA dot header" "$dot" "digraph dfa {"
expect_line "DFA dot start" "$dot" "  begin -> s0;"

code=$("$@" --disasm 'abc')
if ! printf '%s\n' "$code" | grep -qE '^# (forward DFA loop at \+0x0|no native code: )'; then
  echo "FAIL native code of abc:"
  printf '%s\n' "$code"
  status=1
fi
code=$("$@" --disasm '(a)bc')
if printf '%s\n' "$code" | grep -q '^# forward DFA loop at +0x0'; then
  expect_line "Pike VM code of (a)bc" "$code" "# Pike VM at +0x0"
  expect_line "capture code of (a)bc" "$code" "# capture backtracker at +0x0"
fi

error=$("$@" 'ab)c' 2>&1)
error_status=$?
if [ "$error_status" -ne 2 ]; then
  echo "FAIL exit status $error_status for a rejected pattern"
  status=1
fi
expect_line "error message" "$error" \
  "jrx-explain: error -108 at offset 2: unmatched closing parenthesis"
expect_line "error caret" "$error" "    ^"

exit "$status"
