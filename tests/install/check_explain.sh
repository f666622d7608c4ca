#!/bin/sh
# Runs jrx-explain on a few patterns and checks the lines that carry its
# facts: tree, NFA size, prefilter facts, search strategy, engine, the
# strategy chosen, what --stats counts over a file, dot output, native
# code, and the caret under a compile error with exit status 2.
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

# expect_match NAME REPORT REGEX: a line of the report matches REGEX (grep -E).
expect_match() {
  if ! printf '%s\n' "$2" | grep -qE -- "$3"; then
    echo "FAIL $1: no line matching '$3' in:"
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

# The strategy, read from the compiled pattern: the engine's own prefilter.
report=$("$@" 'Holmes')
expect_line "strategy of Holmes" "$report" "strategy:"
expect_line "match start of Holmes" "$report" \
  "  match start: the end less the fixed length 6 (no backward scan)"
expect_line "capture engine of Holmes" "$report" "  capture groups: none"
expect_match "search of Holmes" "$report" \
  '^  search: literals \(the matches are exactly the literals\), no DFA, (in C|native literal scan \(arm64-jit\))$'
report=$("$@" 'H[a-z]+s')
if printf '%s\n' "$report" | grep -qx 'engine: arm64-jit'; then
  expect_match "search of H[a-z]+s" "$report" '^  search: .*, lazy DFA, native loops \(arm64-jit\)$'
  expect_match "prefilter of H[a-z]+s" "$report" '^  prefilter: NEON probes \[H\] at \+0'
  # A few literals: staged compares where their byte sets make probes
  # (TBL is a helper call under qemu), lookups where they do not; @
  # passes with A, H and I, the three one compare.
  report=$("$@" 'Sherlock|Holmes|Watson|Irene|Adler')
  expect_match "prefilter of five names" "$report" \
    '^  prefilter: NEON probes \[@AHISW\] at \+0, \[elt\] at \+2, staged,'
  report=$("$@" 'the|and|you|that|was|for|are|with')
  expect_match "prefilter of eight common words" "$report" '^  prefilter: NEON lookups '
else
  expect_match "search of H[a-z]+s" "$report" '^  search: .*, lazy DFA, in C$'
  expect_line "prefilter of H[a-z]+s" "$report" "  prefilter: memchr for [H] at +0"
fi
report=$("$@" '(a)(b)')
expect_line "match start of (a)(b)" "$report" \
  "  match start: the end less the fixed length 2 (no backward scan)"
report=$("$@" -u '\p{L}')
expect_line "match start of \\p{L}" "$report" \
  "  match start: back from the end over its 1 character (no backward scan)"
report=$("$@" '\w+')
expect_line "match start of \\w+" "$report" \
  "  match start: after the last byte before the end that no match holds (no backward scan; a backward DFA scan if that lands inside a character)"
expect_match "dense path of \\w+" "$report" \
  '^  dense path: jrx_match_with and an iterator.s later searches on a match data, with no option but JRX_NO_UTF_CHECK: the (native forward loop|forward DFA in C) recording its first match, then the match start at the character ending where the scan first matched \(no backward scan\), with none of the general search.s choices$'
expect_match "dense run of \\w+" "$report" \
  '^  dense run: an iterator.s search there also finds the next matches, up to 16 within 128 bytes after its own, each stepped through the DFA.s table in C from the start state; the next calls take them$'
report=$("$@" '\w+(?=\s)')
expect_match "dense path of \\w+(?=\\s)" "$report" \
  '^  dense path: jrx_match_with and an iterator.s later searches on a match data, with no option but JRX_NO_UTF_CHECK: the DFA.s table stepped in C from the start state when the match ends within 128 bytes, else the (native forward loop|forward DFA in C), then the match start as the match start line says, with none of the general search.s choices$'
report=$("$@" '(\w+)\s+(\w+)')
expect_match "dense path of (\\w+)\\s+(\\w+)" "$report" \
  '^  (dense path: jrx_match_with and an iterator.s later searches on a match data asked for one ovector pair \(the whole match\), with no option but JRX_NO_UTF_CHECK: .*, with none of the general search.s choices|whole match only \(at most one ovector pair, groups not wanted\): an iterator.s later searches run the .*, of the pattern without its groups \(no dense path\))$'
report=$("$@" '\w{2,}')
if printf '%s\n' "$report" | grep -qx 'engine: arm64-jit'; then
  # arm64: no groups, but the capture engine's forward search finds the
  # whole match (no backward scan), as for a pattern with groups.
  expect_line "whole match of \\w{2,}" "$report" \
    "  whole match only: an iterator's later searches run the one-pass DFA or node backtracker of the whole match, native code built by the first search (no dense path)"
else
  expect_match "dense path of \\w{2,}" "$report" \
    '^  dense path: .*: the forward DFA in C, then the match start at the first byte a match may begin with, where the forward DFA anchored there finds one \(.*\), else as every search finds it, with none of the general search.s choices$'
  expect_match "dense run of \\w{2,}" "$report" '^  dense run: .*, each searched as above; the next calls take them$'
fi
report=$("$@" 'a[acgt]{20}c')
if printf '%s\n' "$report" | grep -qx 'engine: arm64-jit'; then
  bitnfa_loop="native loop"
else
  bitnfa_loop="in C"
fi
expect_line "bit-parallel NFA of a[acgt]{20}c" "$report" \
  "  when the DFA thrashes or gives up: the bit-parallel NFA, $bitnfa_loop, for every later search of that match data"
report=$("$@" '^a+')
expect_line "match start of ^a+" "$report" "  match start: the start offset (the pattern is anchored)"
expect_line "prefilter of ^a+" "$report" "$(printf '%s\n' "$report" | grep '^  prefilter: none (')"

# --stats: every match in a file, and what the searches did.
subject=$(mktemp)
trap 'rm -f "$subject"' EXIT
printf 'Sherlock Holmes and Dr Watson. Holmes!\n' >"$subject"
# The node backtracker finds these matches itself, groups and all (native
# code in the arm64 build).
report=$("$@" --stats "$subject" '(\w+)s\b')
expect_line "stats subject" "$report" "subject: $subject, 39 bytes, 2 matches"
if printf '%s\n' "$report" | grep -q '^engine after the searches: arm64-jit$'; then
  node_searches="capture engine in C 0, native capture engine 3"
else
  node_searches="capture engine in C 3, native capture engine 0"
fi
expect_line "stats searches of (\\w+)s\\b" "$report" \
  "searches: 3 (lazy DFA in C 0, native DFA 0, Pike VM in C 0, native Pike VM 0, bit-parallel NFA 0, $node_searches, literal search 0, \\X cluster loop 0)"
expect_line "stats captures of (\\w+)s\\b" "$report" \
  "captures: capture engine in C 0, native capture engine 0, Pike VM 0, placed by the match's bounds 0"
# The DFA finds these, and the instruction backtracker fills their groups.
report=$("$@" --stats "$subject" '(^|\s)+(Holmes)')
# The native search starts at the first inner literal's run, the C one
# skips there from the start offset: one state fewer natively.
expect_match "stats give-ups" "$report" "^dfa: 1[67] states built, 0 cache resets, 0 give-ups$"
if printf '%s\n' "$report" | grep -qx 'engine after the searches: arm64-jit'; then
  expect_line "stats searches" "$report" \
    "searches: 3 (lazy DFA in C 0, native DFA 3, Pike VM in C 0, native Pike VM 0, bit-parallel NFA 0, capture engine in C 0, native capture engine 0, literal search 0, \\X cluster loop 0)"
  expect_line "stats captures" "$report" \
    "captures: capture engine in C 0, native capture engine 2, Pike VM 0, placed by the match's bounds 0"
else
  expect_line "stats searches" "$report" \
    "searches: 3 (lazy DFA in C 3, native DFA 0, Pike VM in C 0, native Pike VM 0, bit-parallel NFA 0, capture engine in C 0, native capture engine 0, literal search 0, \\X cluster loop 0)"
  expect_line "stats captures" "$report" \
    "captures: capture engine in C 2, native capture engine 0, Pike VM 0, placed by the match's bounds 0"
fi
report=$("$@" --stats "$subject" 'Holmes')
expect_line "stats literal" "$report" \
  "searches: 3 (lazy DFA in C 0, native DFA 0, Pike VM in C 0, native Pike VM 0, bit-parallel NFA 0, capture engine in C 0, native capture engine 0, literal search 3, \\X cluster loop 0)"
# \X alone: one cluster loop a search, whatever the build.
report=$("$@" --stats "$subject" -u '\X')
expect_line "stats grapheme" "$report" \
  "searches: 40 (lazy DFA in C 0, native DFA 0, Pike VM in C 0, native Pike VM 0, bit-parallel NFA 0, capture engine in C 0, native capture engine 0, literal search 0, \\X cluster loop 40)"
# \X+ alone: the clusters to the end in one loop, then none at the end.
report=$("$@" --stats "$subject" -u '\X+')
expect_line "stats grapheme run" "$report" "subject: $subject, 39 bytes, 1 matches"
expect_line "stats grapheme run searches" "$report" \
  "searches: 2 (lazy DFA in C 0, native DFA 0, Pike VM in C 0, native Pike VM 0, bit-parallel NFA 0, capture engine in C 0, native capture engine 0, literal search 0, \\X cluster loop 2)"
report=$("$@" --stats "$subject" 'H[a-z]+s')
expect_line "stats prefilter" "$report" "prefilter: 2 candidates, 0 stand-downs"
"$@" --stats "$subject.missing" 'a' >/dev/null 2>&1
if [ $? -ne 1 ]; then
  echo "FAIL --stats on a missing file does not exit with status 1"
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
# whose case variants are too many for a literal set, as a sequence.
words=$(for a in a b c d e f g h i; do for b in a b c d e f g h; do printf '%s%sxyz|' "$a" "$b"; done; done)
report=$("$@" "${words%|}")
expect_line "strategy of 72 words" "$report" \
  "search: literals (the matches are exactly the literals)"
report=$("$@" -i -u 'шерлок холмс')
expect_line "strategy of -i -u шерлок холмс" "$report" \
  "search: literal sequence (the matches are exactly a literal sequence, every one beginning with the literals)"

report=$("$@" 'a?')
expect_line "empty match of a?" "$report" "  can match empty: yes"
expect_line "minimum of a?" "$report" "  min length: 0"

report=$("$@" '\d{4}/\d\d')
expect_line "sequence of \\d{4}/\\d\\d" "$report" "  sequence of byte sets: 7 bytes, the matches exactly"
expect_match "search of \\d{4}/\\d\\d" "$report" \
  "^  search: dfa skipping to bytes .*no DFA: a sequence of byte sets"
report=$("$@" '[a-z]+g')
expect_line "check before the DFA of [a-z]+g" "$report" \
  "  before the DFA: memchr for [g], which every match holds (none from the start offset on: no match)"
report=$("$@" '[a-z]+ing')
expect_match "search of [a-z]+ing" "$report" \
  "^  search: dfa from inner literals \\(every match holds one of the inner literals\\)"
expect_match "inner literal of [a-z]+ing" "$report" \
  "^  inner literals: 1, every match holds one \\(the first: \"ing\", estimated from byte frequencies at [0-9.e+-]+ per 100,000 bytes\\); the DFA starts where the bytes before the next one begin$"

dot=$("$@" --dot=nfa 'a|b')
expect_line "NFA dot header" "$dot" "digraph nfa {"
dot=$("$@" --dot=dfa 'ab')
expect_line "DFA dot header" "$dot" "digraph dfa {"
expect_line "DFA dot start" "$dot" "  begin -> s0;"
# Accelerated states (issue 16) say what their vector scan stops at.
dot=$("$@" --dot=dfa 'a[^"]*"')
expect_line "accelerated state of a[^\"]*\"" "$dot" '  s1 [label="1\nscan to \\x22"];'
dot=$("$@" --dot=dfa 'x[a-y]*z')
expect_line "accelerated range of x[a-y]*z" "$dot" '  s1 [label="1\nscan to \\x00-`z-\\xff"];'
dot=$("$@" --dot=dfa '(?s)z.*')
expect_line "accelerated end of (?s)z.*" "$dot" \
  '  s2 [label="2\nscan to the end", shape=doublecircle];'

code=$("$@" --disasm 'abc')
if ! printf '%s\n' "$code" | grep -qE '^# (forward DFA loop at \+0x0|no native code: )'; then
  echo "FAIL native code of abc:"
  printf '%s\n' "$code"
  status=1
fi
code=$("$@" --disasm '(a)bc')
if printf '%s\n' "$code" | grep -q '^# forward DFA loop at +0x0'; then
  expect_line "Pike VM code of (a)bc" "$code" "# Pike VM at +0x0"
  expect_line "capture code of (a)bc" "$code" "# one-pass DFA (fill, then search) at +0x0"
  code=$("$@" --disasm '(a|ab)c')
  expect_line "capture code of (a|ab)c" "$code" \
    "# node backtracker over the one-pass table (search) at +0x0"
fi

# The capture engine: none, one-pass, or the backtracker.
expect_engine() {
  if ! printf '%s\n' "$2" | grep -qE "^  capture groups: $3"; then
    echo "FAIL capture engine of $1:"
    printf '%s\n' "$2" | grep engine
    status=1
  fi
}
expect_engine "abc" "$("$@" 'abc')" "none$"
if ! "$@" '^\S+ \d+$' |
  grep -qE '^  anchored whole match: one-pass DFA of the whole match alone(, native code)?$'; then
  echo "FAIL anchored whole match of ^\S+ \d+$:"
  "$@" '^\S+ \d+$' | grep 'whole match'
  status=1
fi
expect_engine "^(\\S+) (\\d+)$" "$("$@" '^(\S+) (\d+)$')" "one-pass DFA(, native code)?$"
expect_engine "(\\w+)=(\"[^\"]*\"|\\S+)" "$("$@" '(\w+)=("[^"]*"|\S+)')" \
  "backtracker over the one-pass table's nodes"
expect_engine "^(\\d{4})-(\\d{2})" "$("$@" '^(\d{4})-(\d{2})')" \
  "placed by the match's bounds \\(each a fixed distance from its start or end\\), no engine runs$"
expect_engine "(\\d{4})-(\\d{2})" "$("$@" '(\d{4})-(\d{2})')" \
  "placed by the bounds of a match the (DFA|sequence search) finds"

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
