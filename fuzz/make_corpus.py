#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets: fuzz/corpus/<target>/<sha1>.

This script is the source of truth for the corpus: the files are generated
from the tables below (regression inputs from fuzzer findings included) and
named by the SHA-1 of their content, as libFuzzer names its own. Run it after
changing a table; `--check` exits 1 when the committed corpus differs.

Input layouts (must match the C side):
  differential  fuzz_case.h: compile options byte, match options byte (bits
                5-6: bits 8-9 of the start offset), start offset byte (bits
                0-7), more compile options byte (bit 0 JRX_UCP), pattern,
                0x00 0xFF, subject
  pike          the same as differential
  bitnfa        the same as differential
  parse         fuzz_parse.c: compile options byte, extra option byte, pattern
  jitmem        fuzz_jitmem.c: chunk size byte, then opcode + argument bytes
Option bytes use fuzz_options.c's bit order; in the differential layout the
compile byte's NO_JIT bit means JRX_MATCH_INVALID_UTF (INVALID_UTF below).
The tables' compile options are the compile byte's bits, and UCP (bit 8
here) for the differential layout's fourth byte.
"""
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

# fuzz_options_compile bits
CASELESS, MULTILINE, DOTALL, EXTENDED, UTF, ANCHORED, UNGREEDY, NO_JIT = (1 << i for i in range(8))
# fuzz_options_match bits, and the differential target's one-pair-ovector bit
NOTBOL, NOTEOL, NOTEMPTY, NOTEMPTY_ATSTART, MATCH_ANCHORED = (1 << i for i in range(5))
ONE_PAIR = 0x80
# The differential target reads the compile byte's NO_JIT bit as this.
INVALID_UTF = NO_JIT
# Bit 0 of the differential layout's fourth byte (fuzz_options_compile_more),
# kept above the compile byte's bits in these tables.
UCP = 1 << 8

SEPARATOR = b"\x00\xff"

# (pattern, subject, compile options, match options, start offset): every
# construct of PCRE2's syntax, the ones jrx rejects as unsupported included,
# each with a subject it has something to do with.
CASES = [
    # literals and escapes
    (rb"abc", b"xxabcxxabc", 0, 0, 0),
    (rb"", b"abc", 0, 0, 0),
    (rb"a\tb\nc\rd\fe\af\eg", b"a\tb\nc\rd\fe\af\x1bg", 0, 0, 0),
    (rb"\x41\x{42}\o{103}\104\0", b"ABCD\x00", 0, 0, 0),
    (rb"\cA\c[\c?", b"\x01\x1b\x7f", 0, 0, 0),
    (rb"\Qa.b*c\E+", b"a.b*cc a.b*c", 0, 0, 0),
    (rb"\Qab", b"ab", 0, 0, 0),
    (rb"a\.b\*c\\", b"a.b*c\\", 0, 0, 0),
    (rb"\x{ff}\xff", b"\xff\xff", 0, 0, 0),
    (rb"\x{e9}", "caf\u00e9".encode(), UTF, 0, 0),
    (rb"\x{1F600}+", "a\U0001F600\U0001F600b".encode(), UTF, 0, 0),
    ("caf\u00e9|\u20ac".encode(), "un caf\u00e9 \u20ac".encode(), UTF, 0, 0),
    (rb"\N{U+20AC}", "\u20ac".encode(), UTF, 0, 0),
    # dot, newlines and character types
    (rb"a.c", b"abc a\nc", 0, 0, 0),
    (rb"a.c", b"abc a\nc", DOTALL, 0, 0),
    (rb"\N+", b"ab\ncd", DOTALL, 0, 0),
    (rb"\d+\D+", b"12ab34", 0, 0, 0),
    (rb"\w+\W", b"foo_1 bar", 0, 0, 0),
    (rb"\s+\S", b" \t\n\x0b\x0c\rx", 0, 0, 0),
    (rb"\h+\H", b" \t\xa0x", 0, 0, 0),
    (rb"\v+\V", b"\n\x0b\x0c\r\x85x", 0, 0, 0),
    (rb"\h\v", "\u3000\u2028".encode(), UTF, 0, 0),
    (rb"\R", b"a\r\nb\nc\rd", 0, 0, 0),
    (rb"a\Rb", b"a\r\nb", 0, 0, 0),
    (rb"\R+", "\r\n\u2029\x85".encode(), UTF, 0, 0),
    (rb".", "\u00e9\U0001F600".encode(), UTF, 0, 0),
    (rb"\w+", "\u00e9t\u00e9".encode(), UTF, 0, 0),
    # anchors and assertions
    (rb"^a", b"a\na", 0, 0, 0),
    (rb"^a", b"a\na", MULTILINE, 0, 0),
    (rb"a$", b"a\na\n", 0, 0, 0),
    (rb"a$", b"a\na\n", MULTILINE, 0, 0),
    (rb"^$", b"\n\n", MULTILINE, 0, 0),
    (rb"\Aa|b\z|c\Z", b"abc\n", 0, 0, 0),
    (rb"\bfoo\b", b"foo foobar (foo)", 0, 0, 0),
    (rb"\Boo\B", b"foo fooo", 0, 0, 0),
    (rb"\b", "\u00e9a b".encode(), UTF, 0, 2),
    (rb"\Ga", b"aab", 0, 0, 1),
    (rb"^", b"ab", 0, NOTBOL, 0),
    (rb"$", b"ab", 0, NOTEOL, 0),
    (rb"^a|b$", b"ab\n", MULTILINE, NOTBOL | NOTEOL, 0),
    # character classes
    (rb"[abc]+", b"xxcabz", 0, 0, 0),
    (rb"[^abc]+", b"abxyzc", 0, 0, 0),
    (rb"[a-z0-9_]+", b"--foo_9--", 0, 0, 0),
    (rb"[]a]+", b"]a]b", 0, 0, 0),
    (rb"[^]a]", b"]ab", 0, 0, 0),
    (rb"[\]\-\\]+", b"]-\\x", 0, 0, 0),
    (rb"[a-]+", b"a-b", 0, 0, 0),
    (rb"[\d\s]+", b"a1 2b", 0, 0, 0),
    (rb"[^\W\d]+", b"12ab_3", 0, 0, 0),
    (rb"[[:alpha:]]+[[:digit:]]", b"--ab1", 0, 0, 0),
    (rb"[[:^space:][:punct:]]+", b"a,b c", 0, 0, 0),
    (rb"[[:alnum:][:xdigit:][:upper:][:lower:][:word:]]", b"G", 0, 0, 0),
    (rb"[[:blank:][:cntrl:][:graph:][:print:][:ascii:]]+", b"a \x01~", 0, 0, 0),
    (rb"[\x00-\x1f\x7f-\xff]+", b"ab\x01\x80\xffc", 0, 0, 0),
    (rb"[\x{100}-\x{10ffff}]+", "a\u0100\U0010ffffb".encode(), UTF, 0, 0),
    ("[\u00e0-\u00ff]".encode(), "\u00e9".encode(), UTF | CASELESS, 0, 0),
    (rb"[\h\v\R]", b"\t", 0, 0, 0),
    (rb"[\Qa-z\E]+", b"a-z", 0, 0, 0),
    (rb"[a-\d]", b"-", 0, 0, 0),
    (rb"[z-a]", b"a", 0, 0, 0),
    (rb"[[:foo:]]", b"a", 0, 0, 0),
    (rb"[abc", b"a", 0, 0, 0),
    # quantifiers
    (rb"a*", b"baaab", 0, 0, 0),
    (rb"a+", b"baaab", 0, 0, 0),
    (rb"a?b", b"ab b", 0, 0, 0),
    (rb"a{2}", b"aaaaa", 0, 0, 0),
    (rb"a{2,}", b"a aa aaaa", 0, 0, 0),
    (rb"a{2,3}", b"aaaaaaa", 0, 0, 0),
    (rb"a{,3}", b"a{,3}", 0, 0, 0),
    (rb"a{x}", b"a{x}", 0, 0, 0),
    (rb"a*?b", b"aaab", 0, 0, 0),
    (rb"a+?", b"aaa", 0, 0, 0),
    (rb"a??a", b"aa", 0, 0, 0),
    (rb"a{2,4}?", b"aaaa", 0, 0, 0),
    (rb"a*", b"aaa", UNGREEDY, 0, 0),
    (rb"a*?", b"aaa", UNGREEDY, 0, 0),
    (rb"(a|ab)(c|bcd)(d*)", b"abcd", 0, 0, 0),
    (rb"(a*)*", b"aab", 0, 0, 0),
    (rb"(a*)+b", b"aab", 0, 0, 0),
    (rb"(a|b)*?c", b"abac", 0, 0, 0),
    (rb"(?:a{0,2}){3}", b"aaaaa", 0, 0, 0),
    (rb"(a{2}){2,3}", b"aaaaaaa", 0, 0, 0),
    (rb"x{65535}", b"x", 0, 0, 0),
    (rb"x{65536}", b"x", 0, 0, 0),
    (rb"a{3,2}", b"a", 0, 0, 0),
    (rb"(.{100}){100}", b"a", 0, 0, 0),
    (rb"*a", b"a", 0, 0, 0),
    (rb"a**", b"a", 0, 0, 0),
    # groups and alternation
    (rb"(a)(b)?(c)", b"ac abc", 0, 0, 0),
    (rb"(a)|(b)|(c)", b"cba", 0, 0, 0),
    (rb"(?:ab)+", b"ababa", 0, 0, 0),
    (rb"((a)|b)+", b"ab", 0, 0, 0),
    (rb"(a|)+", b"aa", 0, 0, 0),
    (rb"(|a)+", b"aa", 0, 0, 0),
    (rb"a|", b"ba", 0, 0, 0),
    (rb"|", b"ab", 0, 0, 0),
    (rb"(?<year>\d{4})-(?<month>\d\d)", b"on 2024-05-01", 0, 0, 0),
    (rb"(?'q'a)(?P<r>b)", b"ab", 0, 0, 0),
    (rb"(?<n>a)(?<n>b)", b"ab", 0, 0, 0),
    (rb"(?J)(?<n>a)|(?<n>b)", b"b", 0, 0, 0),
    (rb"(?<1a>x)", b"x", 0, 0, 0),
    (rb"(", b"", 0, 0, 0),
    (rb")", b"", 0, 0, 0),
    (rb"(?", b"", 0, 0, 0),
    (rb"(?#comment)a(?#)", b"a", 0, 0, 0),
    (rb"(?#unterminated", b"", 0, 0, 0),
    ((b"(" * 200) + b"a" + (b")" * 200), b"a", 0, 0, 0),
    ((b"(" * 260) + b"a" + (b")" * 260), b"a", 0, 0, 0),
    # inline options
    (rb"(?i)abc", b"xABC", 0, 0, 0),
    (rb"a(?i)b|c", b"aB C", 0, 0, 0),
    (rb"a(?i:b)c", b"aBc aBC", 0, 0, 0),
    (rb"(?i)a(?-i)b", b"Ab AB", 0, 0, 0),
    (rb"(?s).(?-s).", b"\n\n\na", 0, 0, 0),
    (rb"(?m)^b", b"a\nb", 0, 0, 0),
    (rb"(?x) a b # comment\n c", b"abc", 0, 0, 0),
    (rb"(?xx)[a b]+", b"ab ", 0, 0, 0),
    (rb"(?n)(a)(?<x>b)", b"ab", 0, 0, 0),
    (rb"(?U)a+", b"aaa", 0, 0, 0),
    (rb"(?i)(?^)a", b"A a", 0, 0, 0),
    (rb"(?im-sx:a.)", b"A\nA.", 0, 0, 0),
    (rb"(?z)", b"", 0, 0, 0),
    (rb"a b  c # comment", b"abc", EXTENDED, 0, 0),
    (rb"[a b]", b" ", EXTENDED, 0, 0),
    (rb"a\ b", b"a b", EXTENDED, 0, 0),
    # case-insensitivity
    (rb"abc", b"ABC aBc", CASELESS, 0, 0),
    (rb"[a-c]+", b"ABCD", CASELESS, 0, 0),
    (rb"[^a]", b"Ab", CASELESS, 0, 0),
    (rb"k", "K\u212a".encode(), CASELESS | UTF, 0, 0),
    (rb"s", "S\u017f".encode(), CASELESS | UTF, 0, 0),
    ("\u00e9".encode(), "\u00c9".encode(), CASELESS | UTF, 0, 0),
    (rb"\xe9", b"\xc9", CASELESS, 0, 0),
    ("\u03c3".encode(), "\u03a3\u03c2".encode(), CASELESS | UTF, 0, 0),
    (rb"[\x{100}-\x{17f}]", "\u0130i".encode(), CASELESS | UTF, 0, 0),
    # empty matches, NOTEMPTY and the global iteration
    (rb"x*", b"axxb", 0, 0, 0),
    (rb"x*", b"axxb", 0, NOTEMPTY, 0),
    (rb"x*", b"axxb", 0, NOTEMPTY_ATSTART, 0),
    (rb"\b", b"ab cd", 0, 0, 0),
    (rb"(?=)", b"ab", 0, 0, 0),
    (rb"a?", "\u00e9a\U0001F600".encode(), UTF, 0, 0),
    (rb"", "\u00e9\u00e9".encode(), UTF, 0, 0),
    (rb"$|a", b"aa\n", MULTILINE, 0, 0),
    (rb"a|b", b"xaxb", ANCHORED, 0, 0),
    (rb"a|b", b"axb", 0, MATCH_ANCHORED, 0),
    (rb"b", b"abab", 0, 0, 2),
    (rb"b", b"ab", 0, 0, 0xff),
    # start offsets past one byte, patterns and subjects of the longest size
    (rb"(\w+) (\d+)", b"word 12 " * 120, 0, 0, 700),
    (rb"x|" * 510 + rb"(yy)", b"z" * 1000 + b"y" * 24, 0, 0, 1000),
    (rb"\b", b"ab " * 341, 0, NOTEMPTY_ATSTART, 1022),
    (rb"(a)(b)(c)", b"abc", 0, ONE_PAIR, 0),
    (rb"(a)|b", b"b", 0, ONE_PAIR, 0),
    # capture engines: one-pass patterns (anchored: the one-pass DFA alone),
    # others (the bounded backtracker), one pair and all
    (rb'^(?<ip>\S+) \[([^\]]+)\] "(\w+) ([^"]*)" (\d{3}|-)$',
     b'10.0.0.1 [05/Dec/2024:10:00:00] "GET /a b" 200', 0, 0, 0),
    (rb'^(?<ip>\S+) \[([^\]]+)\] "(\w+) ([^"]*)" (\d{3}|-)$',
     b'10.0.0.1 [05/Dec/2024:10:00:00] "GET /a b" -', 0, ONE_PAIR, 0),
    (rb"(\w+)\s+(\w+)", b"the quick, brown fox", 0, MATCH_ANCHORED, 4),
    (rb"(\d{4})-(\d{2})-(\d{2})", b"on 2024-03-05 and 1999-12-31", 0, 0, 0),
    # groups placed by the match's bounds (a fixed distance from its start
    # or end): found by the DFA or, anchored, the whole-match table
    (rb"^(\d{4})-(\d{2})", b"2024-03-05", 0, 0, 0),
    (rb"(a+)b(c)", b"xaabc aabcbc", 0, 0, 1),
    (rb"(.)(a)", "\u00e9a\u20aca".encode(), UTF, 0, 0),
    (rb'("(?:[^"]|"")*"|[^,\n]+)', b'"a""b",' * 40 + b"x", 0, 0, 0),
    (rb"(a*)(b|$)", b"aab aa", 0, NOTEMPTY_ATSTART | MATCH_ANCHORED, 0),
    (rb"(\w+)=(\"[^\"]*\"|\S+)", b'a=1 msg="x y" b="" c=', 0, 0, 0),
    (rb'("(?:[^"]|"")*"|[^,\n]+)', b'1,"a, ""b""",,x\n2,y', 0, 0, 0),
    # anchored searches for the whole match: the table without groups
    (rb'^(?:\S+) \S+ "(?:[^"]*)" (?:\d+|-)$', b'1.2.3.4 - "GET /" 200', 0, 0, 0),
    (rb'^(\S+) (\d+|-)$', b'host 17', 0, ONE_PAIR, 0),
    (rb'(\w+)-(\d+)', b'ab-12 cd-3', 0, ONE_PAIR | MATCH_ANCHORED, 3),
    # the portable dense path's forward DFA anchored at the first byte a
    # match may begin with (an iteration on a match data: ONE_PAIR), hits
    # and misses before the backward scan
    (rb'(?:\w+)=(?:"[^"]*"|\S+)', b'a=1 msg="x y" =b ,c= d=e=f "g" h=""', 0, ONE_PAIR, 0),
    (rb'(?:"(?:[^"]|"")*"|[^,\n]+)', b'1,"a, ""b""",,x\n2,"y', 0, ONE_PAIR, 2),
    (rb"(\w+)\s+(\w+)", b"one two, three. four  five\nsix", 0, ONE_PAIR, 0),
    ("[a-z\u00e9]+\\d|\u044f+".encode(), "ab\u00e9 c1 \u044f\u044f x9".encode(), UTF | CASELESS,
     ONE_PAIR, 0),
    # a long failed start gives the search to the DFA: the engines fill
    # the groups of the match it finds (one-pass, node backtracker), and
    # the instruction backtracker's pattern always does
    (rb"(a+)(b)", b"a" * 300 + b"cab", 0, 0, 0),
    # (a+)(b)'s run of a is skipped whole by the one-pass DFA's search, so
    # it no longer gives up; a run the search enters at every start does,
    # and onepass_fill fills the groups of the DFA's match (gcov)
    (rb"(\d+)-(\d+)", b"1" * 600 + b" 12-34 5-6", 0, 0, 0),
    (rb'(\w+)=("[^"]*"|\S+)', b"k" * 300 + b' k="v w"', 0, 0, 0),
    (rb"(^|b)+(a)", b"bba\nba", MULTILINE, 0, 0),
    # invalid UTF-8 in pattern and subject, bad start offsets
    (b"\xff", b"\xff", UTF, 0, 0),
    (b"a", b"\xc3(a", UTF, 0, 0),
    (b"a", "\u00e9a".encode(), UTF, 0, 1),
    (b"\\x{d800}", b"", UTF, 0, 0),
    (b"\\x{110000}", b"", UTF, 0, 0),
    (b"\\x{100}", b"", 0, 0, 0),
    # JRX_MATCH_INVALID_UTF: invalid UTF-8 never matches, searches go on past it
    (rb"\w+", b"ab\xffcd\x80\x80ef\xe2\x82", INVALID_UTF, 0, 0),
    (rb"\z|\Z|$", b"a\xffb\n\xc0\xaf", INVALID_UTF, 0, 0),
    (rb"\Gb|c", b"a\xffbc", INVALID_UTF, MATCH_ANCHORED, 0),
    (rb".\b", b"\xed\xa0\x80x y\xf4\x90\x80\x80", INVALID_UTF | CASELESS, 0, 1),
    (rb"", b"\xc3\xa9\xff\xfe", INVALID_UTF, NOTEMPTY_ATSTART, 1),
    # lookbehinds stop at invalid bytes and at the fragment's start (a start
    # offset inside a character included); \K in an anchored later fragment
    (rb"(?<=.)\w|(?<!a)b", b"\xc3\xa9xa\x80b", INVALID_UTF, 0, 1),
    (rb"(?<=\x{e9}(a))b", b"\xc3\xa9ab\xffab", INVALID_UTF, 0, 0),
    (rb"\w\K\w", b"\xffab", INVALID_UTF, MATCH_ANCHORED, 0),
    # non-atomic positive lookarounds run as atomic ones
    (rb"(*napla:a)", b"a", 0, 0, 0),
    (rb"(?*(a)|(ab))\w+(?<*(b))", b"abc", 0, 0, 0),
    (rb"(*naplb:(a)|b)c", b"bc", 0, 0, 0),
    # lookarounds of bounded length and \K (checked at a position)
    (rb"a(?=b)", b"ab", 0, 0, 0),
    (rb"a(?!b)", b"ac", 0, 0, 0),
    (rb"(?<=a)b", b"ab", 0, 0, 0),
    (rb"(?<!a)b", b"cb", 0, 0, 0),
    (rb"\b\w+(?=\s)", b"one two three", 0, 0, 0),
    (rb"(?=\d{3})\d+", b"12 1234", 0, 0, 0),
    (rb"(?<![\\])\"(?:[^\"\\]|\\.)*\"", b"a\\\"b\"c\"", 0, 0, 0),
    (rb"(?<=ab|c)d(?<!x\b)", b"abd cd xd", CASELESS, 0, 1),
    (rb"(?<=(?<!\w)\W)\B", b"a\xc3\xa9", UTF, 0, 3),
    (rb"(*pla:a(*nlb:b))(*negative_lookahead:ac)(*positive_lookbehind:x|yz)", b"yza", 0, 0, 0),
    (rb"(?:(?!ab).)*c", b"aaab abc", DOTALL, 0, 0),
    (rb"^(?=\d{0,8}[a-z])(?!.{0,8}\s)", b"12ab\nx", MULTILINE, NOTBOL, 0),
    # lookarounds one byte decides, run by the lazy DFA (as \b is), in
    # UTF mode over ASCII classes, also with invalid UTF and at an offset
    (rb"[\xd0\xb0-\xd1\x8f]+(?=\s)(?<!\d)", "\u0430\u0431 \u0432\n".encode(), UTF, NOTEOL, 0),
    (rb"(?<=[ab])(x)(?!\n)|(?<![\\])\"", b"ax\n\\\"bx\"", CASELESS | MULTILINE, 0, 2),
    (rb"\w+(?=\s)|(?<=\s)$", b"ab \xff\xc3\xa9 cd \n", INVALID_UTF, NOTBOL, 1),
    # a leading lookbehind of fixed bytes, searched as part of the match
    (rb"(?<=Mr\. |Ms\. )[A-Z]\w+(?=\W)", b"Mr. Holmes, Ms. X and Mr. Y", CASELESS, 0, 2),
    (rb"a\Kb", b"ab", 0, 0, 0),
    (rb"(?:a\K|a)b?", b"a", 0, NOTEMPTY, 0),
    (rb"(foo)\Kbar|\K", b"foobar", 0, NOTEMPTY_ATSTART, 0),
    # possessive quantifiers and atomic groups that cannot change a match
    # (run as greedy ones), and ones that could (rejected)
    (rb"\d++\.\d*+", b"3.14 12.", 0, 0, 0),
    (rb"[a-z]++\s|(?>[A-Z]+)\d", b"ab cd AB1", CASELESS, 0, 0),
    (rb"(?>ab+)c(*atomic:x?)", b"abbbcx", 0, 0, 0),
    (rb"\w++$|a?+(?=b)", b"ab\nab", MULTILINE, 0, 0),
    ("(?i)\u00e9++\\d|k*+\u212a".encode(), "\u00c9\u00e91 k\u212a".encode(), UTF, 0, 0),
    (rb"(?:a++b)+|(?>x|xy)z", b"abaabxyz", 0, 0, 0),
    (rb"a++a|\w++\b|a*+(?!b)", b"aab", 0, 0, 0),
    # captures inside negative lookarounds (never set, as in PCRE2)
    (rb"(?!(a)b)a(.)|(?<!(x)|(yz))\w", b"ac ab xw yzw", 0, 0, 0),
    # captures inside positive lookarounds, filled after the match: nested,
    # lookbehind branches in order, repeated, not taken, with \K, at an offset
    (rb"(?=(\w+))\w|a(?=(b)|c)", b"ac abc de", 0, NOTEMPTY, 1),
    (rb"(?<=(a)b|(a)(b))c(?=(x(?<=(x))))?", b"abcx", CASELESS, 0, 0),
    (rb"(?:(?=(\w))\w)+|y(?<=(y))\K.", "ab yé".encode(), UTF, 0, 0),
    (rb"(?=.*(\d+)px)\w+", b"ab 12px\ncd 3px", MULTILINE, NOTBOL, 2),
    (rb"(?=.*\d)(?=(x))", b"x1", 0, 0, 0),
    # Leading lookaheads C*X: X's first start kept, the search skipping
    # past a line where one fails (lookahead_filter.h).
    (rb"(?=.*[A-Z])(?=.*?\d)(?![^x]*x)\w{3,}", b"ab\ncdE 4 fx\nGh 5 ij", 0, 0, 1),
    (rb"(?=.*\b(a|1)?b)\w+", "\u00e9 b\nab 1b".encode(), UTF | CASELESS, NOTEOL, 0),
    (rb"(?:(?=(a)|(b))\w)+", b"ab", 0, 0, 0),
    # repeated lookarounds whose branch may leave a group unset: each pass
    # records whether the body's first match sets each group
    (rb"(?:(?=(a)?b).)+", b"abab bb", 0, 0, 0),
    (rb"(?:(?=.*?(c)??x|(b)?)\w)*", b"acx bxc", 0, 0, 1),
    (rb"(?:(?<=(?:(a)|b)x)\w)+|(?:(?=(?:(a)|(b))*x).)+", b"axbxx abx", CASELESS, 0, 0),
    (rb"(?=(?:(?=(\x{e9})?b).)+)", "\u00e9b\u00e9\u00e9b".encode(), UTF, 0, 0),
    # constructs outside jrx's subset: rejected as unsupported
    (rb"(a)\1", b"aa", 0, 0, 0),
    (rb"(?<n>a)\k<n>", b"aa", 0, 0, 0),
    (rb"(?P<n>a)(?P=n)", b"aa", 0, 0, 0),
    (rb"(a)\g{-1}", b"aa", 0, 0, 0),
    (rb"a(?=b+)", b"ab", 0, 0, 0),
    (rb"(?<=a+)b", b"ab", 0, 0, 0),
    (rb"(?=a\Kb)", b"ab", 0, 0, 0),
    (rb"(?>a+)b", b"aab", 0, 0, 0),
    (rb"a*+b", b"aab", 0, 0, 0),
    (rb"a++|a?+|a{2}+", b"aab", 0, 0, 0),
    (rb"(a|(?R))", b"a", 0, 0, 0),
    (rb"(a)(?1)", b"aa", 0, 0, 0),
    (rb"(?(1)a|b)", b"b", 0, 0, 0),
    (rb"(?(?=a)a|b)", b"b", 0, 0, 0),
    (rb"a(*FAIL)|b", b"ab", 0, 0, 0),
    (rb"a(*SKIP)(*F)|b", b"ab", 0, 0, 0),
    (rb"(*UTF)a", b"a", 0, 0, 0),
    (rb"(*CR)a$", b"a\r", 0, 0, 0),
    (rb"(?C1)a", b"a", 0, 0, 0),
    (rb"\C", b"a", 0, 0, 0),
    (rb"\p{L}\P{N}\X", b"ab", UTF, 0, 0),
    (rb"[\p{L}\d_]+\P{Lu}", "a\u00e91_X\u0416.".encode(), UTF, 0, 0),
    (rb"\p{Greek}+|\p{sc:Han}+|[^\P{bc:AL}]", "\u03b1\u03b2 \u4e16 \u0628".encode(), UTF, 0, 0),
    (rb"\pL\p{^Nd}\p{ x a n }", b"a,1\xe9", 0, 0, 0),
    # \b and \B under UCP from the start item (the UCP option bit below)
    (rb"(*UCP)\b\w+\b", "\u043c\u0438\u0440 \u03b1\u03b2_1 \u4e16\u754c a\u0301".encode(), UTF, 0, 0),
    (rb"(*UCP)\B.\b", "x\u203fy \u2160\u00e9".encode(), UTF, 0, 3),
    (rb"(*UCP)\b\w", b"x\xaa\xb5 \xd7\xc0", 0, 0, 0),
    # the UCP option bit: \d \s \w \b \B and the POSIX classes by Unicode
    # properties, PCRE2's own rules for [:graph:] [:print:] [:punct:], the
    # bytes 0x80..0xff as U+0080..U+00FF without UTF, negated and caseless
    (rb"\d+\s\w+\W\D\S", "\u0661\u0662\u0663\u2003\u00e9t\u00e9_\u0416!x\u3000".encode(),
     UTF | UCP, 0, 0),
    (rb"\b\w+\b|\B.", "\u043c\u0438\u0440 \u03b1\u03b2_1 \u4e16a\u0301 \u2160".encode(),
     UTF | UCP, 0, 0),
    (rb"[[:alpha:]]+[[:digit:]][[:alnum:]][[:space:]][[:upper:]][[:lower:]][[:word:]]",
     "\u00e9\u0416\u0663\u2167\u2028\u0416\u00df\u203f".encode(), UTF | UCP, 0, 0),
    (rb"[[:graph:]]+|[[:print:]]+|[[:punct:]]+",
     "a\u00a0b\u200b\u2028c\u0378$+<=>^`|~\u00a7\u2010\u061c\U000e0001".encode(), UTF | UCP, 0, 0),
    (rb"[[:^punct:][:cntrl:]]+[[:xdigit:][:blank:]]+", "$\u00a7x\u0085\u00a0\uff21f".encode(),
     UTF | UCP, 0, 0),
    (rb"\w+\d*[[:punct:]]\b[[:graph:]]", b"\xaa\xb5\xba\xc0\xb2\xb3\xb9\xbc\xa7\xb6\xa0\xad", UCP, 0, 0),
    (rb"[^\W\d]+|[[:^alpha:]]+|[^[:^upper:]]", "\u0130ab\u0663_1\u01c5".encode(),
     UTF | UCP | CASELESS, 0, 0),
    (rb"(*UTF)\w+\s\B", "\u00e9\u1680x".encode(), UCP, 0, 0),
    # \X: emoji ZWJ and modifier sequences, regional indicators (counted
    # back before the start offset), Hangul, marks, CR LF; bytes in byte mode
    (rb"\X+?\X{2}", "\U0001f469\u200d\U0001f469\U0001f3fb\U0001f1e6\U0001f1e7\U0001f1e8"
     "\u1100\u1161\u11a8e\u0301\u0600a\r\n".encode(), UTF, 0, 0),
    (rb"(\X)\X", "\U0001f1e6\U0001f1e6\U0001f1e6\U0001f1e6\U0001f1e6".encode(), UTF, 0, 8),
    # \X alone inside groups: the cluster loop, every group the cluster
    (rb"((?:(\X)))", "\U0001f1e6\U0001f1e7\U0001f1e6e\u0301\r\n".encode(), UTF, 0, 4),
    (rb"\X\X", b"\xa9\xa9\r\n\xad", 0, 0, 0),
    # atomic and possessive repeats of \X, run as \X{n,}\z or
    # (?:\X{m}|\X{n,m-1}\z): a run takes every cluster to the end
    (rb"\X++a|(?>\X+)$|(\X){1,3}+b", "ae\u0301\r\nb\U0001f1e6\U0001f1e7".encode(), UTF, 0, 0),
    (rb"(?>(\X)*)\X?|\X?+\z", b"a\r\n\xad\xa9", 0, 0, 1),
    (rb"\X{1,2}+(?=\X)", "\U0001f1e6\U0001f1e7\U0001f1e8\u1100\u1161".encode() + b"\xff",
     UTF | INVALID_UTF, 0, 6),
    (rb"\X{2}(?=\X)", "\U0001f1e6\U0001f1e7\U0001f1e8\u1100\u1161".encode(), UTF, 0, 4),
    # possessive groups of single items around \X, run as G{n,}(?!G); a
    # repeat of \X followed by single items in an atomic group, run as
    # G{n,}(?!G+R)R or (?:G|(?!GR))R
    (rb"(?:a\X)++b|(?:(a)\X){1,2}+(\X)", "a\u0301a\U0001f1e6\U0001f1e7baxayaz".encode(), UTF, 0, 0),
    (rb"(?>\X+a)|(?>(\X)+a\X)|(?>\X?b)", "x\u0301a\U0001f469\u200d\U0001f469ab\u0301bb".encode(),
     UTF, 0, 1),
    (rb"(?>\X*a)(?>(?:b\X)+)$", b"\xa9\xada\r\nab\r\nba", 0, 0, 0),
    # \X last after other items, run as its first character and extended to
    # the cluster: regional indicators before it counted back to the start
    # offset less the lookbehind
    (rb"(?<=.)[^a](b?(\X))", "\U0001f1e6\U0001f1e7\U0001f1e6\U0001f1e7ab\u0301".encode(),
     UTF, 0, 4),
    (rb"(?|(a)|(b))", b"b", 0, 0, 0),
    (rb"(*atomic:a+)", b"aa", 0, 0, 0),
    (rb"(*positive_lookahead:a{300})", b"a", 0, 0, 0),
]

# Literal searches (src/regex/search/): single literals in three scripts,
# caseless ones with several-byte case variants, alternations small enough
# for Teddy and big enough for Aho-Corasick (word lists), the leftmost-first
# traps of literal prefilters, and options a literal search must honour.
ENGLISH_WORDS = ("Sherlock Holmes Watson Irene Adler Lestrade Moriarty Hudson Baker Street "
                 "London door window room house letter paper night morning evening train "
                 "station carriage lamp fire table clock garden river stranger inspector "
                 "doctor lady gentleman client case crime police matter question answer").split()
RUSSIAN_WORDS = ("Шерлок Холмс Ватсон Лестрейд Мориарти доктор улица дело убийство полиция "
                 "инспектор письмо ночь утро вечер дом окно дверь комната ключ следы").split()
CHINESE_WORDS = "夏洛克 福尔摩斯 华生 雷斯垂德 莫里亚蒂 医生 先生 太太 贝克街 案件 警察 伦敦 火车".split()


def word_alternation(words, count):
    """count words (cycling, numbered once the list runs out) joined by |."""
    chosen = [words[i % len(words)] + (str(i // len(words)) if i >= len(words) else "")
              for i in range(count)]
    return "|".join(chosen).encode()


RUSSIAN_TEXT = " ".join(RUSSIAN_WORDS).encode()
CHINESE_TEXT = "，".join(CHINESE_WORDS).encode()
ENGLISH_TEXT = " ".join(ENGLISH_WORDS).encode()
LITERAL_CASES = [
    (b"Sherlock Holmes", b"Mr Sherlock Holmes and Sherlock Holmes", 0, 0, 0),
    ("Шерлок Холмс".encode(), RUSSIAN_TEXT, UTF, 0, 0),
    ("шерлок холмс".encode(), "ШЕРЛОК ХОЛМС, шерлок холмс".encode(), UTF | CASELESS, 0, 0),
    ("夏洛克·福尔摩斯".encode(), "我是夏洛克·福尔摩斯。".encode(), UTF, 0, 0),
    (b"sherlock", "SHERLOCK ſherloKK".encode(), UTF | CASELESS, 0, 0),
    (b"to reason ten times", ENGLISH_TEXT, 0, 0, 0),
    (b"aaaaaaaab", b"a" * 200 + b"b", 0, 0, 0),
    (b"Sherlock|Holmes|Watson|Irene|Adler", ENGLISH_TEXT, 0, 0, 0),
    (word_alternation(RUSSIAN_WORDS, 5), RUSSIAN_TEXT, UTF, 0, 0),
    (word_alternation(CHINESE_WORDS, 5), CHINESE_TEXT, UTF, 0, 0),
    (word_alternation(ENGLISH_WORDS, 40), ENGLISH_TEXT, CASELESS, 0, 0),
    (word_alternation(ENGLISH_WORDS, 150), ENGLISH_TEXT * 2, 0, 0, 0),
    (word_alternation(RUSSIAN_WORDS, 120), RUSSIAN_TEXT, UTF | CASELESS, 0, 0),
    (rb".bb|b", b"zabb", 0, 0, 0),
    (rb"(?:..acbb|b)a(?:c|d)", b"xzbacbbac", 0, 0, 0),
    (rb"abcd|bc", b"xabcd", 0, 0, 0),
    (rb"a|ab", b"ab ab", 0, 0, 0),
    (rb"Samwise|Sam", b"Samwise and Sam", 0, 0, 0),
    (rb"\bcat\b|dog", b"concat cat dogs", 0, 0, 0),
    (rb"(Holmes)|(Watson)", b"Holmes met Watson", 0, 0, 1),
    (rb"Holmes|Watson", b"Holmes met Watson", 0, MATCH_ANCHORED, 11),
    (rb"Holmes|Watson", b"Holmes met Watson", ANCHORED, 0, 0),
    (rb"cat", b"concat cat", 0, NOTBOL, 0),
]

# Patterns the parser target gets beyond those above: malformed syntax of
# every kind, each under a few option sets.
PARSE_EXTRA = [
    # a lookaround whose body repeats zero times (found by the fuzzer:
    # its length bound divided by the repeat count)
    rb"(?=\d{0})\d", rb"(?<=a{0})b",
    rb"\\", rb"a\\", rb"\c", rb"\c\x01", rb"\x{", rb"\x{zz}", rb"\o{8}", rb"\8", rb"\g",
    rb"\k", rb"\k<", rb"(?<", rb"(?<>a)", rb"(?P", rb"(?P>n)", rb"(?'", rb"(?'n",
    rb"[[:alpha:", rb"[:alpha:]", rb"[\B]", rb"[\R]", rb"[\X]", rb"a{1,2", rb"a{65536,}",
    rb"(?i", rb"(?-", rb"(?-z)", rb"(*", rb"(*FOO)", rb"(*LIMIT_MATCH=1)a", rb"\Q", rb"\E",
    rb"(?#", rb"((((((((((a))))))))))", rb"[", rb"[^", rb"[]", rb"[^]", rb"a|*", rb"(?:",
    rb"\N{U+}", rb"\N{U+110000}", rb"\u0041", rb"\U", rb"\L", rb"\l", rb"(?<n>a)(?&n)",
    rb"(?+1)(a)", rb"(?0)", rb"(?C", rb"(?Cx)", rb"\ca\c", b"\x00", b"a\x00b",
    b"(?x)#\x00\n", b"\xc3", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\xed\xa0\x80",
]
PARSE_OPTIONS = [0, CASELESS | UTF, EXTENDED, UTF, NO_JIT | MULTILINE | DOTALL]

# Minimized inputs from findings of the differential fuzzer, kept as
# regression tests: (pattern, subject, compile options, match options,
# start offset, what was found).
DIFFERENTIAL_REGRESSIONS = [
    (rb"c\Z", b"c\n", 0, NOTEOL, 0,
     "JRX_NOTEOL made \\Z fail; PCRE2_NOTEOL affects only $, not \\Z or \\z"),
    (rb"\A", b"a", 0, NOTBOL, 0,
     "JRX_NOTBOL made \\A fail; PCRE2_NOTBOL affects only ^, not \\A"),
    (rb"\A", b"\xeb", UTF, 0, 1,
     "UTF check: PCRE2 checks one character before the start offset for \\A (as for \\b), "
     "so the invalid byte gives a UTF error; jrx said no match"),
    (rb"[\Qa-z\E]+a(*SKIP)z(*F)|b", b"ab", 0, 0, 0,
     "the honest-rejection lexer read the ] after a quoted class member as a literal "
     "and the verb as class content, so jrx's (right) rejection counted as a finding"),
    (rb"(?<=[ab]){65535}(x)(?!\n)|(?<![\\])\"", b"\\E\n\\ bx\"", MULTILINE, 0, 0,
     "65,535 lookbehinds: the backward DFA's program asked every lookaround whether each "
     "instruction was in its body, 37 s under ASan (CI's bitnfa timeout)"),
    (rb"[[:^punct:][:cntrl:]]", "\uff21\u00a0".encode(), UTF | UCP, 0, 0,
     "PCRE2 10.42's loss of the members above 0xff of [:^name:] before a [:name:] "
     "(parse_class.c) applied under UCP too, where PCRE2 reads both as properties"),
    (rb"\p{Po}+", "a\U00011b00\u00a1".encode(), UTF, 0, 0,
     "U+11B00 is Po in Unicode 15.0 and unassigned in PCRE2 10.42's 14.0 tables: a "
     "difference by design, reported as a finding (now compared between jrx's engines only)"),
    (rb"[\p{Alpha}\p{Lower}]+", "\u0c04\ua7f2\u0c05".encode(), UTF, 0, 0,
     "Other_Alphabetic and Other_Lowercase changed for these older code points in 15.0: "
     "likewise compared between jrx's engines only"),
    (rb"\xe9", b"\xc9", CASELESS | UCP, 0, 0,
     "caseless under UCP in byte mode: PCRE2 folds by Unicode's case pairs that are bytes "
     "(e9 and c9); jrx folded ASCII only"),
    (b'(?:(?=.*?(c):?x|(b)?)\\\xf7)*',
     (b'acx b.*?(c);\x80\x00\x00\x001z|\\Z|$\x00\xffa\xffb\x96:::::::\x96\x96\x96\x96\x96\x96\x96'
      b'+\x96\x96\x96\x96\x96\x96\x86\x96\x96\x96[:print:]\x96\x96\x96\x96O\xeb\xd3\x00\xa1\xa1'
      b'\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1'
      b'\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1'
      b'\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\x01\xa1\xa1\xa1\xa1)'
      b'{2,3}\x00\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6'
      b'\xe6\xe6\xe6\xe6\xe6\xe6\x00\x00(a\\Q\\E{2}){2\x00\x00\x03\xff\xff\x00\x00\x00\x00\x00'
      b'\x00\x00\x08\xff,3}\x00\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6'
      b'\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff'
      b'\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00)|\xff\xff\xff\xff\xff\xff\xff(b)|(c)'
      b'\x00\xffd\x00\x01\x00\x00\x00(a\\Q\\E{2}){2,3}\x00\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6'
      b'\xe6\xe6\xe6\t\x00\x00\x00\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\x00\x00(a\\Q\\E{2}){2'
      b'\x00\x00\x03\xff\xff\x00\x00\x00\x00\x00\x00\x00\x08\xff,3}\x00\xe6\xe6\xe6\xe6\xe6\xe6'
      b'\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xe6\xff\xff'
      b'\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff'
      b'\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffaa\xff\xff'
      b'\xffgaag\xff\xff\xff\xffa\xffgaag\xff\xff\xff\xffa\xff\xff\xff\xff\xff\xff\xff\xff\xff'
      b'\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffaa\xff\xff\xffgaag\xff\xff\xff\xff\xff\xff\xff'
      b'\xff\xff\xff\xff\xff\xff\xffaa\xff\xff\xffgaag\xff\xff\xff\xffa\xff\xff\xff\xffba\xa1\xa1'
      b'\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1?\xa1\xa1'
      b'\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xa1\xd0a\x00\x00\x96\x96\x96\x96\x96\x96x|(b)?)\\w)*'
      b'\xf7,acx b\xff\xff\xffT\xc9\x9a\x1c\x96\x96\x96\x96\x96\x00\x00\x00\x009\x82x\x00\x00\x00'
      b'c\n\xc0\xaf'),
     CASELESS, 0, 1,
     "iterated without match data, every search (an empty match at each position) filled the "
     "lookahead's table from its start to the subject's end again: quadratic, 2.7 s of CPU for "
     "597 bytes under ASan; the iteration now keeps the tables on the match data jrx_match's "
     "cache lends it"),
    (rb"(?<=[^a]{30000})b", b"cccb", UTF, 0, 0,
     "measuring the leading lookbehind for its search recursed once an instruction of its "
     "body, 30,000 characters: a stack overflow at compile time (the fuzzer's input had "
     "{65534} and more after it, which PCRE2 refuses as too long and jrx did not: both fixed)"),
    (rb"()[^^a](b?(\X))", b"\xa9" * 7, CASELESS, 0, 4,
     "a last \\X is one character in the program, whose groups capture_offsets places a fixed "
     "distance from the match's end; the iteration's dense path placed them by the bounds it "
     "had already taken to the cluster's end: group 3 (6,7) for PCRE2's (5,7)"),
    (rb"(.)(.(\X))", b"a\xa9\xa9\xa9", 0, 0, 0,
     "the same with a match of fixed length once \\X is one character: placed from the start, "
     "the dense path's match ended at 3 where the cluster runs on to 4"),
    (rb"[^\p{Ll}\W]", "\u0130".encode(), UTF, 0, 0,
     "PCRE2 10.42 loses the members above 0xff of \\W \\D \\S and [:^name:] in a negated "
     "class with a \\p item (parse_class.c), so U+0130 matches; jrx did not (found caseless, "
     "as [^\\p{Lowercase}\\W\\d]+|..., which plays no part)"),
]


# Cases for the native Pike VM beyond those above: programs and subjects
# where its thread lists, closure stack and slots work hardest (long
# subjects, many live threads, many groups, empty loops, nested counted
# repetition), as (pattern, subject, compile options, match options, start
# offset).
PIKE_CASES = [
    (rb"(a|b)*a(a|b){12}", b"ab" * 300 + b"a" * 20, 0, 0, 0),
    (rb"(?:(a)|(b)|(ab))+c", b"ab" * 200 + b"c", 0, 0, 3),
    (rb"(\w+)\s+(\w+)$", b"word " * 150 + b"end", MULTILINE, 0, 0),
    (rb"((((((((((a))))))))))*", b"a" * 64, 0, 0, 0),
    ("".join(f"({c})" for c in "abcdefghijklmnopqrstuvwxyz").encode() * 2,
     b"abcdefghijklmnopqrstuvwxyz" * 3, 0, 0, 0),
    (rb"(a*)*(b*?)+?c", b"aabbaab" * 40 + b"c", 0, 0, 0),
    (rb"(?:x*|y)*z", b"xyxyxy" * 50, 0, NOTEMPTY, 0),
    (rb"\b(\w)(\w)?\b|\B", b"a bc def " * 60, 0, NOTEMPTY_ATSTART, 5),
    (rb"^(.+)$", b"line\n" * 100, MULTILINE, NOTBOL | NOTEOL, 0),
    (rb"(?:[a-c]{2,5}x){3,8}", b"abcx" * 100, CASELESS, 0, 7),
    (rb"(.)(.)(.)\z", ("\u00e9\U0001F600" * 80 + "ab\u20ac").encode(), UTF, 0, 0),
    (rb"\G(ab)+", b"abababab", 0, MATCH_ANCHORED, 2),
    (rb"[^\n]{200}", b"y" * 1000, DOTALL, 0, 0),
]


def differential_input(pattern, subject, compile_options, match_options, start):
    assert start < 1024
    options = match_options | (start >> 8) << 5
    header = [compile_options & 0xff, options, start & 0xff, compile_options >> 8]
    return bytes(header) + pattern + SEPARATOR + subject


# The parse target's second byte sets option bit byte % 32: JRX_UCP's.
JRX_UCP_BIT = 25


def parse_input(pattern, compile_options, extra_option=0):
    if compile_options & UCP:
        assert extra_option == 0
        extra_option = JRX_UCP_BIT
    return bytes([compile_options & 0xff, extra_option]) + pattern


# Pattern items whose meaning JRX_UCP changes.
UCP_ITEMS = (rb"\d", rb"\D", rb"\w", rb"\W", rb"\s", rb"\S", rb"\b", rb"\B", b"[:")


def differential_corpus():
    inputs = [differential_input(*case[:5]) for case in DIFFERENTIAL_REGRESSIONS]
    for pattern, subject, compile_options, match_options, start in CASES + LITERAL_CASES:
        inputs.append(differential_input(pattern, subject, compile_options, match_options, start))
        # The same case again under a different option set, so that every
        # construct is seen with and without case folding and UTF.
        flipped = compile_options ^ (CASELESS | UTF) if compile_options & UTF else compile_options ^ CASELESS
        inputs.append(differential_input(pattern, subject, flipped, match_options, start))
        # And with the UCP bit flipped where UCP changes the meaning.
        if any(item in pattern for item in UCP_ITEMS):
            inputs.append(differential_input(pattern, subject, compile_options ^ UCP,
                                             match_options, start))
    return inputs


# Patterns with a bit-parallel NFA (one match length, no assertion).
BITNFA_CASES = [
    (rb"a[acgt]{20}c", b"acgt" * 30 + b"aacgtacgtacgtacgtacgtac", CASELESS, 0, 0),
    (rb"[A-Za-z]{8}", b"Sherlock Holmes and Doctor Watson", 0, 0, 3),
    (rb"\w{5}\s\w{5}", b"hello world again, words", 0, 0, 0),
    (rb"(?:ab|cd)[0-9]x", b"ab1x cd2x ab3y cd", 0, 0, 0),
    (rb"a.c", b"abc a\nc axc", DOTALL, 0, 1),
    ("[а-я]{3}".encode(), "что-то ЧТО это".encode(), UTF, 0, 0),
    (rb"x[^y]{4}", b"x1234xyyyyx\xff\xfe\x80\x00", 0, MATCH_ANCHORED, 0),
    # built for the rest after leading lookaheads or a leading lookbehind
    # (the target compares with pike_match on that program, not the pattern's)
    (rb"(?=(\w+))\x00", b"\xff" * 8 + b"\x00\x00\xe2\x82\xac\x00ac abc", CASELESS, NOTEMPTY, 1),
    (rb"(?<=Mr\. )[A-Z]\w{3}", b"Mr. Holmes, Mr. X, Mr. Watson", 0, 0, 0),
]


def bitnfa_corpus():
    return differential_corpus() + [differential_input(*case) for case in BITNFA_CASES]


def pike_corpus():
    return differential_corpus() + [differential_input(*case) for case in PIKE_CASES]


def parse_corpus():
    inputs = []
    for pattern, _subject, compile_options, _match_options, _start in CASES:
        inputs.append(parse_input(pattern, compile_options | NO_JIT))
    for pattern in PARSE_EXTRA:
        for options in PARSE_OPTIONS:
            inputs.append(parse_input(pattern, options))
    # Option bits jrx_compile must refuse (match options among them), and
    # bits 24 and 25, JRX_MATCH_INVALID_UTF and JRX_UCP, which it accepts
    # (found by the fuzzer: the target expected every bit past the option
    # byte to be refused).
    for bit in (8, 9, 10, 11, 16, 31):
        inputs.append(parse_input(b"a", 0, bit))
    inputs.append(parse_input(b"xp", 0x08, 24))
    inputs.append(parse_input(b"\\w\\d[[:punct:]]", 0x10, JRX_UCP_BIT))
    inputs.append(parse_input(b"\xdb", 0x80, JRX_UCP_BIT))
    return inputs


# fuzz_jitmem.c's operations; the slot is in bits 4-6 of the opcode.
INSTALL, RUN, FREE, PATCH, WRITE_SCOPE, STRAY_END, INJECT, TRIM, BAD_ARGUMENTS = range(9)
LARGE, DEFAULT_POOL = 0x80, 0x40


def op(operation, slot=0, *arguments):
    return bytes([operation | (slot << 4)] + list(arguments))


def install(slot, value, shape=0):
    return op(INSTALL, slot, value & 0xff, value >> 8, shape)


def jitmem_corpus():
    sequences = [
        # chunk size byte, operations
        (0, install(0, 7) + op(RUN, 0) + op(FREE, 0)),
        (0, install(0, 1) + install(1, 2) + install(2, 3) + op(FREE, 1) + install(3, 4) + op(RUN, 3)),
        (1, b"".join(install(slot, 100 + slot, 0x3f) for slot in range(8)) + op(TRIM)),
        (1, install(0, 5, LARGE | 0x3f) + op(RUN, 0) + op(FREE, 0) + op(TRIM)),
        (0, install(0, 5, LARGE | 0x20) + install(1, 6) + op(FREE, 1) + op(FREE, 0)),
        (0, install(0, 9) + op(PATCH, 0, 0x34, 0x12, 0) + op(RUN, 0)),
        (0, install(0, 9) + op(PATCH, 0, 0x34, 0x12, 3)),
        (0, install(0, 9) + op(WRITE_SCOPE, 0, 0x22, 0x11, 2) + op(RUN, 0)),
        (0, op(STRAY_END) + install(0, 1) + op(STRAY_END)),
        (0, op(INJECT, 0, 0) + install(0, 1) + install(0, 2) + op(RUN, 0)),
        (0, op(INJECT, 0, 1) + install(0, 1) + install(1, 2)),
        (0, op(INJECT, 0, 0x80) + install(0, 1) + install(1, 2)),
        (0, op(INJECT, 0, 0x81) + install(0, 1, LARGE | 0x10) + install(1, 2, LARGE | 0x10)),
        (2, op(INJECT, 0, 0x82) + b"".join(install(slot, slot, 0x3f) for slot in range(8))),
        (0, install(0, 3, DEFAULT_POOL) + install(1, 4) + op(RUN, 0) + op(FREE, 0)),
        (0, install(0, 3, DEFAULT_POOL) + op(PATCH, 0, 1, 0, 0) + op(WRITE_SCOPE, 0, 2, 0, 0)),
        (0, op(BAD_ARGUMENTS) + install(0, 1) + op(BAD_ARGUMENTS, 0)),
        (3, install(0, 1) + install(1, 2) + op(FREE, 0) + op(TRIM) + op(FREE, 1) + op(TRIM) + install(2, 3)),
        # Under qemu a flush remaps the code, so an injected mmap failure
        # can make a patch or a flush fail (found by the arm64 fuzzer).
        (0, install(0, 1) + op(INJECT, 0, 0x80) + op(PATCH, 0, 5, 0, 0) + op(RUN, 0)
            + op(PATCH, 0, 6, 0, 0) + op(RUN, 0)),
        (0, install(0, 1) + op(INJECT, 0, 0x80) + op(WRITE_SCOPE, 0, 7, 0, 1) + op(RUN, 0)
            + op(WRITE_SCOPE, 0, 8, 0, 0) + op(RUN, 0)),
    ]
    return [bytes([chunk]) + operations for chunk, operations in sequences]


def corpus():
    return {
        "differential": differential_corpus(),
        "parse": parse_corpus(),
        "jitmem": jitmem_corpus(),
        "pike": pike_corpus(),
        "bitnfa": bitnfa_corpus(),
    }


def wanted_files(inputs):
    return {hashlib.sha1(data).hexdigest(): data for data in inputs}


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] and not check:
        sys.exit("usage: make_corpus.py [--check]")
    stale = False
    for target, inputs in corpus().items():
        directory = os.path.join(CORPUS, target)
        wanted = wanted_files(inputs)
        present = set(os.listdir(directory)) if os.path.isdir(directory) else set()
        if check:
            for name in sorted(present ^ set(wanted)):
                print(f"{target}: {name} {'missing' if name in wanted else 'not generated'}")
                stale = True
            for name in sorted(present & set(wanted)):
                with open(os.path.join(directory, name), "rb") as file:
                    if file.read() != wanted[name]:
                        print(f"{target}: {name} differs")
                        stale = True
            continue
        os.makedirs(directory, exist_ok=True)
        for name in present - set(wanted):
            os.remove(os.path.join(directory, name))
        for name, data in wanted.items():
            with open(os.path.join(directory, name), "wb") as file:
                file.write(data)
        print(f"{target}: {len(wanted)} inputs")
    if stale:
        print("the corpus is stale: run fuzz/make_corpus.py")
        sys.exit(1)


if __name__ == "__main__":
    main()
