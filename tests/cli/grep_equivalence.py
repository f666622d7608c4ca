#!/usr/bin/env python3
"""Output equivalence of jrxgrep and GNU grep -P (the oracle).

Usage: grep_equivalence.py JRXGREP GREP [EMULATOR...]

Generates text, binary, invalid-UTF-8, CRLF, empty and huge-line files and
a directory tree, then runs both programs with the same options in the C
and the C.UTF-8 locale. Standard output and exit status must be identical;
standard error must carry the same kinds of messages (file errors and
"binary file matches" notices compared exactly, after the program name).

Under an emulator (the arm64 configuration) the cases that are not
restricted to one locale run in C.UTF-8 only, to keep the run short.

PCRE2 10.42's JIT with PCRE2_MATCH_INVALID_UTF (what grep -P uses in UTF-8
locales) does not let \W, \D and \S match non-ASCII characters, unlike
PCRE2's interpreter and jrx; such cases run in the C locale only.
"""
import concurrent.futures
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile

from cli_oracle import EMULATED, GREP, JRXGREP, print_difference

LOCALES = ["C", "C.UTF-8"]
# Under an emulator every process is slow: cases run in the C locale only
# when they are restricted to it, all others in C.UTF-8 alone.

LINES = [
    "foo", "Foo bar", "foobar", "bar foo baz", "  foo_bar  ", "", "x1", "x2",
    "hello world", "HELLO WORLD", "tab\there", "a.b.c", "1234 5678", "abc123",
    "the quick brown fox", "jumps over the lazy dog", "foo-bar", "(paren) [bracket]",
    "caf\u00e9 na\u00efve", "stra\u00dfe STRASSE", "\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2 \u03a3",
    "end foo", "$dollar ^caret", "back\\slash", "a+b*c?", "ab  ab", "word, word; word.",
]


def write(path, data):
    with open(path, "wb") as handle:
        handle.write(data)


def make_files(root):
    rng = random.Random(1234)
    text = "\n".join(LINES) + "\n"
    write(os.path.join(root, "t1.txt"), text.encode())
    mixed = [rng.choice(LINES) for _ in range(400)]
    write(os.path.join(root, "t2.txt"), ("\n".join(mixed) + "\n").encode())
    write(os.path.join(root, "empty.txt"), b"")
    # English, Russian, Greek, Chinese and mixed words for (*UCP) and --ucp.
    write(os.path.join(root, "ucp.txt"), (
        "The cat's 2nd_try, ok?\n\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440 42!\n"
        "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 \u03ba\u03cc\u03c3\u03bc\u03b5\n"
        "\u4f60\u597d\uff0c\u4e16\u754c\u3002 ok\n"
        "a\u0301b x\u203fy \u2160_1 \u044f-\u03b1\u4e2d\ncaf\u00e9\n").encode())
    write(os.path.join(root, "nonl.txt"), b"first foo\nlast foo line")
    write(os.path.join(root, "blank_end.txt"), b"a b\n\n-x-\n\n")
    write(os.path.join(root, "crlf.txt"), b"foo\r\nbar\r\nfoo bar\r\n\r\n")
    write(os.path.join(root, "nul.bin"), b"text foo\nbin\0ary foo\nmore foo\n")
    write(os.path.join(root, "late_nul.bin"), b"foo one\n" * 5 + b"x\0y\nfoo two\n")
    write(os.path.join(root, "badutf.txt"),
          b"good foo\nbad \xff foo\nok again\n\xc3\xa9t\xe9 foo\ntrunc \xe2\x82\n")
    write(os.path.join(root, "badutf_mix.txt"),
          b"a\xfffoo\nfoo\xff\n\xff\xfe\n\xe2\x82foo\nab\xffcd\nx\xc3\n\xfffoo bar\n"
          b"\xc3\xa9\xffbar\n\x80\x80^\nfoo\xe2\x82\xacbar\n")
    write(os.path.join(root, "badutf_late.txt"), b"foo 1\nfoo 2\nfoo \xfe 3\nfoo 4\n")
    write(os.path.join(root, "patterns.txt"), b"x_foo\n^\\s\nword,\n")
    write(os.path.join(root, "words.txt"), b"foo\nfoofoo\n foo \nx_foo\nfoo-foo\n-foo-\n")
    long_line = b"ab" * 600000 + b" needle " + b"cd" * 10000 + b"\n"
    write(os.path.join(root, "huge.txt"), b"short foo\n" + long_line + b"tail foo\n")
    many = b"".join(b"line %d %s\n" % (i, b"foo" if i % 7 == 0 else b"bar") for i in range(30000))
    write(os.path.join(root, "many.txt"), many)
    tree = os.path.join(root, "tree")
    os.makedirs(os.path.join(tree, "sub", "deep"))
    os.makedirs(os.path.join(tree, "skipme"))
    write(os.path.join(tree, "a.txt"), b"foo in a\nbar\n")
    write(os.path.join(tree, "b.c"), b"int foo;\n")
    write(os.path.join(tree, "sub", "c.txt"), b"no match here\nfoo at end\n")
    write(os.path.join(tree, "sub", "deep", "d.h"), b"#define FOO foo\n")
    write(os.path.join(tree, "skipme", "e.txt"), b"foo hidden\n")
    write(os.path.join(tree, "bin.dat"), b"foo\0\n")
    os.symlink("a.txt", os.path.join(tree, "link_to_a.txt"))
    os.symlink("sub", os.path.join(tree, "link_to_sub"))
    os.symlink("..", os.path.join(tree, "sub", "deep", "loop"))
    os.symlink("tree/a.txt", os.path.join(root, "cmdline_link.txt"))
    write(os.path.join(tree, "sub", "a.c"), b"foo in sub a.c\n")
    write(os.path.join(root, "excl.lst"), b"*.c  \n\n\td.h\nb*\n")
    write(os.path.join(root, "records.z"),
          b"ab\0cd\0ef x\nfoo\0\0gh\0foo bar\0ij\0kl\0mn foo\0caf\xc3\xa9 foo\0last foo")
    make_large_files(root, rng)
    os.mkfifo(os.path.join(root, "fifo"))
    os.makedirs(os.path.join(root, "socktree"))
    write(os.path.join(root, "socktree", "a.txt"), b"foo\n")
    with socket.socket(socket.AF_UNIX) as unix_socket:
        unix_socket.bind(os.path.join(root, "socktree", "sock"))


# Files past jrxgrep's mapping threshold (4 MiB) and over many of grep's
# 96 KiB read blocks (under an emulator just past the threshold); a
# vocabulary of made-up words for -f lists.
LARGE_SIZE = (5 if EMULATED else 11) * 1024 * 1024
VOCABULARY_SIZE = 3000


def vocabulary(rng):
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < VOCABULARY_SIZE:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 9))))
    return sorted(words)


def make_large_files(root, rng):
    words = vocabulary(rng)
    # 1,000 words for -f: 900 that occur in large.txt, 100 that do not.
    listed = rng.sample(words[:2000], 900) + ["zq%dzq" % i for i in range(100)]
    rng.shuffle(listed)
    write(os.path.join(root, "words1000.txt"), ("\n".join(listed) + "\n").encode())
    lines = []
    size = 0
    number = 0
    while size < LARGE_SIZE:
        number += 1
        kind = rng.random()
        if kind < 0.6:
            line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        elif kind < 0.9:
            line = rng.choice(LINES)
        else:
            line = "line %d %s" % (number, rng.choice(LINES))
        data = line.encode()
        if number % 5000 == 0:
            data += b" bad \xff\xfe utf"
        if number % 7001 == 0:
            data += b"\r"
        lines.append(data)
        size += len(data) + 1
    large = b"\n".join(lines)
    write(os.path.join(root, "large.txt"), large + b"\n")
    # jrx runs a 1,000-word alternation on its general engine (about
    # 2 s per MB natively): the -f cases search a smaller file.
    medium = 60000 if EMULATED else 200000
    write(os.path.join(root, "medium.txt"), large[:large.index(b"\n", medium) + 1])
    # No final newline, and a size that is a whole number of pages, so
    # the line end added at end of file lies past the mapped file.
    size = 4 * 1024 * 1024 + 4096
    body = large[:size - 1].rstrip(b"\n")
    write(os.path.join(root, "large_nonl.txt"), body + b"X" * (size - len(body)))
    # Matches before and after a NUL that lies in grep's second read
    # block (and in a large file, well past the first); grep prints the
    # lines of the blocks read before the NUL.
    block = b"".join(b"foo %d\n" % i for i in range(30000))
    write(os.path.join(root, "nul_second_block.bin"), block[:150000] + b"x\0y\n" + block[:50000])
    write(os.path.join(root, "nul_large.bin"), large[:6000000] + b"\0\n" + large[:1000000])
    # A log: most lines open with a date, some hold one later, some none
    # or a broken one; over several read blocks.
    log = []
    for number in range(12000):
        date = "2022/%02d/%02d %02d:%02d:%02d" % (number % 12 + 1, number % 28 + 1, number % 24,
                                               number % 60, (number * 7) % 60)
        kind = number % 10
        if kind == 3:
            log.append("request %d at %s done" % (number, date))
        elif kind == 6:
            log.append("no date here %d" % number)
        elif kind == 8:
            log.append(date[:15] + "x" + date[16:])
        else:
            log.append("%s I4: [%d] searching for query %d" % (date, number, number * 31))
    write(os.path.join(root, "dates.log"), ("\n".join(log) + "\n").encode())


def large_cases():
    """Large files (mapped by jrxgrep) and many patterns: several -e, and
    -f with 1,000 words, whose oracle is grep -P with their alternation."""
    cases = []
    for args in (["-c", "foo"], ["-n", "-b", "caf."], ["-cv", "o"], ["-c", "\\w+\\s+foo"],
                 ["-wc", "word"], ["-xc", "foo"], ["-c", "^$"], ["-o", "-b", "[xy]\\d"],
                 ["-n", "-C1", "-m", "40", "stra"], ["-c", "-i", "hello"], ["-l", "zzzz"],
                 ["-c", "\\s$"], ["-n", "bad"], ["-cw", "[a-z]+ar"], ["-cv", "\\sfoo"],
                 # Plain DFA patterns whose matches hold no newline: lines
                 # are selected at the earliest match end, which may lie
                 # before the leftmost match's (jrx_earliest.h).
                 ["-c", "\\w{3}[ ,]|\\d"], ["-n", "[a-z]\\w*\\d|[ .]\\w$"],
                 ["-cv", "\\w+ \\w+ \\w+$"], ["-c", "(?m)^\\w*$"]):
        cases.append((args, ["large.txt"]))
    for args in (["-c", "o"], ["-n", "X$"], ["-c", "-v", "a"]):
        cases.append((args, ["large_nonl.txt"]))
    # A sequence of byte sets: lines are selected at the end of the
    # leftmost match, found without the DFA (jrx_earliest.h).
    date = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}"
    for args in (["-c", date], ["-n", date], ["-cv", date], ["-o", "-b", date]):
        cases.append((args, ["dates.log"]))
    for args in (["foo 1"], ["-c", "foo"], ["-n", "foo 4999"], ["-a", "-c", "foo"]):
        cases.append((args, ["nul_second_block.bin", "nul_large.bin"]))
    cases.append((["-e", "foo", "-e", "caf.", "-e", "\\d{4}", "-c"], ["large.txt"], None,
                  ["-P", "-c", "(?:foo)|(?:caf.)|(?:\\d{4})"]))
    cases.append((["-o", "-e", "ab", "-e", "abc", "-e", "b\\w+"], ["large.txt"], None,
                  ["-P", "-o", "(?:ab)|(?:abc)|(?:b\\w+)"]))
    for args in (["-c"], ["-n"], ["-wc"], ["-ic"], ["-o"], ["-vc"]):
        cases.append((args + ["-f", "words1000.txt"], ["medium.txt"], None,
                      ["-P"] + args + ["WORD_LIST"]))
    return cases


def base_cases():
    files = ["t1.txt"]
    two = ["t1.txt", "t2.txt"]
    cases = []
    simple = [
        ["foo"], ["-i", "foo"], ["-i", "--no-ignore-case", "foo"], ["-v", "foo"],
        ["-w", "foo"], ["-x", "foo"], ["-c", "foo"], ["-cv", "foo"], ["-n", "foo"],
        ["-b", "foo"], ["-o", "fo+"], ["-ob", "o"], ["-on", "[a-z]+"], ["-q", "foo"],
        ["-q", "nomatchatall"], ["-H", "foo"], ["-h", "foo"], ["-l", "foo"], ["-L", "foo"],
        ["-m", "2", "foo"], ["-m2", "-c", "foo"], ["-m", "1", "-A", "3", "foo"],
        ["-A", "1", "foo"], ["-B", "2", "foo"], ["-C", "1", "foo"], ["-2", "foo"],
        ["-A0", "foo"], ["-nT", "foo"], ["-bT", "foo"], ["-HnbT", "foo"], ["-T", "foo"],
        ["-Z", "-H", "foo"], ["-Zl", "foo"], ["--null", "-c", "-H", "foo"],
        ["--label=LBL", "-H", "foo"], ["--line-buffered", "foo"], ["-s", "foo"],
        ["--color=always", "foo"], ["--color=always", "-n", "-C1", "foo"],
        ["--color=always", "-o", "-b", "-H", "o"], ["--color=always", "-v", "-C1", "foo"],
        ["--color=always", "-i", "world"], ["--color=always", "x*"], ["--color=never", "foo"],
        ["--colour=always", "-c", "-H", "foo"], ["--color=always", "-l", "foo"],
        ["--group-separator=##", "-A1", "foo"], ["--no-group-separator", "-A1", "foo"],
        ["-vn", "-A1", "foo"], ["-o", "-C1", "foo"], ["-o", "-v", "foo"], ["-ovn", "-C1", "foo"],
        ["-c", "-m", "3", "-v", "foo"], ["-x", "-i", "FOO"], ["-w", "-o", "word"],
        ["-e", "foo"], ["-e", "^$"], ["^"], ["$"], [""], ["-c", ""], ["-o", ""],
        ["-w", ""], ["-x", ""], ["\\bfoo\\b"], ["\\Bo"], ["[[:digit:]]+"], ["\\d{4}"],
        ["\\s+"], ["(?i)HeLLo"], ["a|b|c"], ["^(foo|bar)"],
        ["(foo)(bar)?"], ["fo{1,2}"], ["[^a-z ]"], ["."], ["-o", "."], ["-c", "."],
        ["\\."], ["-o", "\\w+"], ["caf."], ["-o", "[\u00e9\u00ef]"],
        ["-i", "STRASSE"], ["-i", "\u03c3"], ["-io", "\u03c3"], ["\\x{e9}"], ["\\xe9"],
        ["-w", "bar"], ["-w", "foo_bar"], ["-w", "o"], ["-wo", "\\w+"], ["-wc", "ab"],
        ["-wi", "FOO"], ["-wn", "word"], ["-wc", "x1"], ["-w", "-C1", "quick"],
        ["-x", "ab  ab"], ["-xv", "foo"], ["-A", "1", "-B", "1", "-n", "x"],
        ["-C", "5", "-m", "1", "jumps"], ["-b", "-o", "o\\b"], ["(?s)foo.bar"],
        ["foo\\nbar"], ["\\Afoo"], ["foo\\z"], ["foo\\Z"], ["(?m)^bar"], ["(?-i)foo"],
        ["-i", "(?-i)foo"], ["\\Qa.b\\E"], ["a\\Q.b"],
    ]
    for args in simple:
        cases.append((args, files))
    for args in (["-o", "\\W+"], ["\\S+\\s\\S+"], ["-c", "\\D"]):
        cases.append((args, files, ["C"]))
    for args in (["foo"], ["-c", "foo"], ["-l", "foo"], ["-L", "foo"], ["-h", "foo"],
                 ["-C1", "-n", "foo"], ["-A1", "foo"], ["-q", "foo"], ["-o", "-b", "oo"],
                 ["--color=always", "-H", "-n", "foo"]):
        cases.append((args, two))
    return cases


def file_cases():
    cases = []
    for name in ("empty.txt", "nonl.txt", "crlf.txt", "nul.bin", "late_nul.bin", "badutf.txt",
                 "badutf_late.txt", "badutf_mix.txt", "words.txt", "huge.txt", "many.txt"):
        for args in (["-n", "foo"], ["-v", "foo"], ["-o", "foo"], ["-a", "foo"], ["-c", "-I", "foo"],
                     ["-l", "foo"], ["-L", "-I", "foo"], ["--binary-files=text", "-n", "o"],
                     ["--binary-files=without-match", "foo"], ["-c", "^"], ["-w", "foo"],
                     ["-b", "-A1", "o"], ["--color=always", "foo"], ["$"], ["-m", "3", "-c", "o"],
                     ["-c", "\\x00"], ["-ca", "\\x00"], ["-cv", "."], ["-n", ".oo"],
                     ["-c", "[a-z]+o\\b"], ["-v", "\\w+ bar"]):
            # ASCII-only files behave alike in both locales; one suffices.
            ascii_only = name in ("empty.txt", "nonl.txt", "words.txt", "huge.txt", "many.txt")
            cases.append((args, [name], ["C.UTF-8"] if ascii_only else None))
    for args in (["-a", "-o", "\\w+"], ["-a", "-ow", "bar"], ["-a", "-o", "\\b"], ["-a", "-o", "^."],
                 ["-a", "-o", "\\B."], ["-a", "-o", "[^a]"], ["-a", "-o", "\\w\\b"], ["-c", "^"],
                 ["-c", "b.c"], ["-c", "-x", "foo"], ["-a", "--color=always", "-w", "foo"],
                 ["-a", "-o", "f?"], ["-o", "-C1", "(?i)f?"]):
        cases.append((args, ["badutf_mix.txt"]))
    for args in (["-n", "^$"], ["-c", "-x", "a*"], ["-w", "^"], ["-c", "\\B"], ["-nv", "."],
                 ["-x", "-n", ""], ["-o", "-w", "\\W?"]):
        cases.append((args, ["blank_end.txt"]))
    cases.append((["needle"], ["huge.txt"]))
    cases.append((["-o", "-b", "needle"], ["huge.txt"]))
    cases.append((["-c", "ab"], ["huge.txt"]))
    cases.append((["-n", "-B2", "line 2999[0-9]"], ["many.txt"]))
    cases.append((["-c", "-v", "foo$"], ["many.txt"]))
    # Matches that may hold a newline (searched in windows) and that cannot.
    cases.append((["-n", "[0-9]\\s"], ["many.txt"]))
    cases.append((["-c", "-w", "[0-9]+"], ["many.txt"]))
    cases.append((["-c", "[0-9]+ bar"], ["many.txt"]))
    cases.append((["foo", "t1.txt", "missing.txt", "nonl.txt"], []))
    cases.append((["-s", "foo", "missing.txt", "t1.txt"], []))
    cases.append((["-q", "foo", "missing.txt", "t1.txt"], []))
    cases.append((["-q", "foo", "t1.txt", "missing.txt"], []))
    cases.append((["foo", "t1.txt/x"], []))
    cases.append((["foo", "/proc/self/mem", "t1.txt"], []))
    cases.append((["-c", "foo", "/proc/self/mem", "t1.txt"], []))
    cases.append((["foo", "tree"], []))
    cases.append((["-c", "foo", "tree", "t1.txt"], []))
    cases.append((["-L", "foo", "tree"], []))
    cases.append((["-s", "foo", "tree"], []))
    cases.append((["-d", "skip", "foo", "tree", "t1.txt"], []))
    cases.append((["-d", "read", "foo", "tree"], []))
    cases.append((["-d", "recurse", "foo", "tree"], []))
    cases.append((["foo", "cmdline_link.txt"], []))
    cases.append((["foo", "-"], ["<t1.txt"]))
    cases.append((["-c", "foo"], ["<t2.txt"]))
    cases.append((["-H", "foo"], ["<t1.txt"]))
    cases.append((["--label=in", "-c", "-H", "foo", "-", "t1.txt"], ["<nonl.txt"]))
    cases.append((["-n", "foo"], ["<nul.bin"]))
    cases.append((["foo"], ["<empty.txt"]))
    return cases


def tree_cases():
    cases = []
    for args in (["-r", "foo", "tree"], ["-R", "foo", "tree"], ["-r", "foo", "tree/"],
                 ["-rh", "foo", "tree"], ["-rc", "foo", "tree"], ["-rl", "foo", "tree"],
                 ["-rL", "foo", "tree"], ["-r", "--include=*.txt", "foo", "tree"],
                 ["-r", "--exclude=*.txt", "foo", "tree"], ["-r", "--exclude-dir=skipme", "foo", "tree"],
                 ["-r", "--exclude-dir=sub", "--include=*.h", "-i", "foo", "tree"],
                 ["-r", "foo", "tree/a.txt"], ["-r", "foo", "tree/link_to_sub"],
                 ["-r", "-I", "foo", "tree"], ["-rn", "--color=always", "foo", "tree"],
                 ["--exclude=*.txt", "foo", "t1.txt", "nonl.txt"], ["--include=t1*", "foo", "t1.txt", "t2.txt"],
                 ["-rq", "foo", "tree"], ["-r", "-Z", "-l", "foo", "tree"],
                 # The last matching --include/--exclude decides; with none
                 # matching, the first of them decides (gnulib exclude).
                 ["-r", "--exclude=*.txt", "--include=a*", "foo", "tree"],
                 ["-r", "--include=a*", "--exclude=*.txt", "foo", "tree"],
                 ["-r", "--include=*.c", "--exclude=b*", "-c", "foo", "tree"],
                 ["-r", "--exclude=*.c", "--include=b*", "--exclude=a*", "foo", "tree"],
                 ["-r", "--exclude-from=excl.lst", "foo", "tree"],
                 ["-r", "--include=*.c", "--exclude-from=excl.lst", "--include=b*", "foo", "tree"],
                 ["-r", "--exclude-from=excl.lst", "--exclude-dir=deep", "-l", "foo", "tree"],
                 ["--exclude=t1*", "--include=*.txt", "foo", "t1.txt", "t2.txt", "nonl.txt"],
                 ["--include=t*", "--exclude=*.txt", "--include=t2*", "-c", "foo", "t1.txt", "t2.txt"],
                 ["--exclude-from=excl.lst", "-c", "foo", "tree/b.c", "t1.txt"],
                 ["--exclude-from=missing.lst", "foo", "t1.txt"],
                 # -D: devices, FIFOs and sockets; standard input is never skipped.
                 ["-D", "skip", "foo", "fifo", "t1.txt"], ["--devices=skip", "-c", "foo", "/dev/null", "t1.txt"],
                 ["-D", "read", "-c", "foo", "/dev/null", "t1.txt"], ["-D", "skip", "-c", "foo", "-"],
                 ["-D", "bogus", "foo", "t1.txt"], ["-r", "-D", "skip", "foo", "tree"],
                 ["-r", "foo", "socktree"], ["-r", "-D", "read", "foo", "socktree"],
                 ["-r", "-D", "skip", "foo", "socktree"], ["foo", "socktree/sock", "t1.txt"],
                 ["-D", "skip", "foo", "socktree/sock", "t1.txt"],
                 # -U is accepted and changes nothing on POSIX systems.
                 ["-U", "-n", "foo", "crlf.txt", "t1.txt"], ["--binary", "-c", "foo", "nul.bin"]):
        cases.append((args, []))
    # -z: NUL ends lines, a newline is an ordinary character.
    for args in (["foo"], ["-c", "foo"], ["-n", "-b", "o"], ["-o", "fo+"], ["-v", "-n", "foo"],
                 ["-A1", "ab|ef"], ["-B1", "-n", "gh"], ["-C1", "kl"], ["^foo"], ["-c", "^$"],
                 ["-x", "gh"], ["-w", "foo"], ["-c", "x\\nfoo"], ["-c", "(?m)^foo"],
                 ["-l", "foo"], ["--color=always", "foo"], ["-m", "2", "foo"], ["-c", "\\x00"],
                 ["-i", "CAFÉ"]):
        cases.append((["-z"] + args, ["records.z"]))
    for args in (["-c", "foo"], ["-n", "foo"], ["-l", "o"]):
        cases.append((["-z"] + args, ["t1.txt", "badutf.txt", "nul.bin"]))
    cases.append((["-z", "-c", "foo"], ["<records.z"]))
    return cases


def variant_cases():
    """Options whose oracle is not plain grep -P, option spellings and
    error cases, colour settings and files spanning several read blocks."""
    both = ["t1.txt", "words.txt"]
    cases = [
        (["-e", "foo", "-e", "bar"], both, None, ["-P", "(?:foo)|(?:bar)"]),
        (["-o", "-e", "o", "-e", "fo"], both, None, ["-P", "-o", "(?:o)|(?:fo)"]),
        (["-w", "-e", "foo", "-e", "a"], both, None, ["-P", "-w", "(?:foo)|(?:a)"]),
        (["-x", "-c", "-e", "foo", "-e", "foofoo"], both, None, ["-P", "-x", "-c", "(?:foo)|(?:foofoo)"]),
        (["-e", "foo\nbar"], both, None, ["-P", "(?:foo)|(?:bar)"]),
        (["-f", "patterns.txt"], both, None, ["-P", "(?:x_foo)|(?:^\\s)|(?:word,)"]),
        (["-f", "empty.txt"], both),
        (["-v", "-c", "-f", "empty.txt"], both),
        (["-F", "a.b"], both, None, ["-F", "a.b"]),
        (["-F", "(paren) ["], both, None, ["-F", "(paren) ["]),
        (["-F", "-i", "A+B*C?"], both, None, ["-F", "-i", "A+B*C?"]),
        (["-F", "-w", "foo"], both, None, ["-F", "-w", "foo"]),
        (["-F", "-x", "-n", "foo"], both, None, ["-F", "-x", "-n", "foo"]),
        (["-F", "-o", "\\"], both, None, ["-F", "-o", "\\"]),
        (["-F", "-e", "$dollar", "-e", "a+"], both, None, ["-F", "-e", "$dollar", "-e", "a+"]),
        (["-y", "FOO"], both),
        (["foo", "t1.txt", "-n"], []),
        (["-n1", "jumps"], both),
        (["-1", "-n", "jumps"], both),
        (["-C", "2", "-n", "-e", "-bar"], both),
        (["--regexp=foo", "--line-number", "--with-filename", "--count"], both),
        (["--context=1", "--max-count=2", "foo"], both),
        (["-A", "x", "foo"], both),
        (["-m", "x", "foo"], both),
        (["-m0", "foo"], both),
        (["-m0", "-c", "foo"], both),
        (["--binary-files=foo", "foo"], both),
        (["--frobnicate", "foo"], both),
        ([], both),
        (["fo(o"], both),
        (["-e", "ok", "-e", "fo(o"], both, None, ["-P", "fo(o"]),
        (["-nb", "-C2", "line 1[67]\\d\\d[05] "], ["many.txt"]),
        (["-c", "-B3", "line 17\\d\\d\\d bar"], ["many.txt"]),
        (["-b", "-o", "line 1747[0-9]"], ["many.txt"]),
        (["-A1", "foo", "nul.bin", "t1.txt"], []),
        (["-c", "-l", "foo", "t1.txt", "empty.txt"], []),
        (["-c", "-L", "foo", "t1.txt", "empty.txt"], []),
        (["-q", "-l", "foo", "t1.txt"], []),
        (["-nT", "foo"], ["<t1.txt"]),
        (["-r", "--include=*.c", "foo"], []),
        (["-r", "--exclude-dir=tree", "foo", "tree"], []),
        (["-r", "--exclude-dir=sub", "foo", "tree/sub"], []),
        (["-C1", "text", "nul.bin", "t1.txt"], []),
        # -j (jrxgrep only): the thread pool prints exactly what one thread does.
        (["-j", "3", "-r", "-n", "foo", "tree", "t1.txt"], [], None, ["-P", "-r", "-n", "foo", "tree", "t1.txt"]),
        (["--threads=1", "-c", "foo", "t1.txt", "t2.txt"], [], None, ["-P", "-c", "foo", "t1.txt", "t2.txt"]),
        (["-j", "2", "-C1", "foo", "t1.txt", "-", "nul.bin", "t1.txt"], ["<t2.txt"], None,
         ["-P", "-C1", "foo", "t1.txt", "-", "nul.bin", "t1.txt"]),
    ]
    # UCP: grep 3.8 -P has no option for it (not even in a UTF-8 locale,
    # where \\w stays ASCII); (*UCP) at the start of the pattern is its
    # spelling, and jrxgrep --ucp must answer as that does.
    ucp = ["ucp.txt"]
    cases += [
        (["-o", "-n", "(*UCP)\\b\\w+\\b"], ucp),
        (["-o", "\\b\\w+\\b"], ucp),
        (["-c", "(*UCP)\\B\\W"], ucp),
        (["-x", "-n", "(*UCP)\\w+"], ucp),
        (["-x", "(*UTF)(*UCP)[[:alpha:]]+[[:punct:]] \\w+ \\d+!"], ucp),
        (["-w", "(*UCP)\\w+"], ucp),
        (["--ucp", "-o", "-b", "\\b\\w\\w"], ucp, None, ["-P", "-o", "-b", "(*UCP)\\b\\w\\w"]),
        (["--ucp", "-x", "-c", "\\w+"], ucp, None, ["-P", "-x", "-c", "(*UCP)\\w+"]),
        (["--ucp", "-i", "-o", "\\b[[:upper:]]\\w*"], ucp, None,
         ["-P", "-i", "-o", "(*UCP)\\b[[:upper:]]\\w*"]),
    ]
    colors = [
        {"GREP_COLORS": "mt=01;32"}, {"GREP_COLORS": "ms=4:mc=7:sl=1:cx=2"},
        {"GREP_COLORS": "sl=1:cx=2:rv"}, {"GREP_COLORS": "ne"}, {"GREP_COLORS": "fn=:ln=:se="},
        {"GREP_COLORS": "ms=:mc="}, {"GREP_COLORS": "ms=x:fn=31"}, {"GREP_COLOR": "01;36"},
    ]
    for env in colors:
        for args in (["--color=always", "-n", "-H", "-C1", "foo"],
                     ["--color=always", "-v", "-A1", "foo"], ["--color=always", "-o", "-b", "o"],
                     ["--color=always", "-c", "-H", "foo"]):
            cases.append((args, ["t1.txt", "crlf.txt"], None, None, env))
    return cases


def run(program, args, cwd, env, stdin_name):
    stdin = open(os.path.join(cwd, stdin_name), "rb") if stdin_name else subprocess.DEVNULL
    try:
        done = subprocess.run(program + args, cwd=cwd, env=env, stdin=stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    finally:
        if stdin_name:
            stdin.close()
    return done.returncode, done.stdout, done.stderr


MESSAGE = re.compile(rb"^(?:\S*/)?(?:jrxgrep|grep): (.*)$")
EXACT = (b"binary file matches", b"No such file or directory", b"Is a directory",
         b"Input/output error", b"Not a directory", b"Permission denied")


def stderr_kinds(data):
    kinds = set()
    for line in data.splitlines():
        match = MESSAGE.match(line)
        if not match:
            continue
        text = match.group(1)
        kinds.add(text if any(text.endswith(e) for e in EXACT) else b"<other error>")
    return sorted(kinds)


def main():
    root = tempfile.mkdtemp(prefix="jrxgrep-eq-")
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    failures = 0
    total = 0
    try:
        make_files(root)
        all_cases = base_cases() + file_cases() + tree_cases() + variant_cases() + large_cases()
        with open(os.path.join(root, "words1000.txt")) as handle:
            word_list = "|".join("(?:%s)" % word for word in handle.read().split())
        for locale in LOCALES:
            env = dict(os.environ)
            for key in ("LANG", "LANGUAGE", "LC_CTYPE", "LC_MESSAGES", "GREP_COLOR", "GREP_COLORS"):
                env.pop(key, None)
            env["LC_ALL"] = locale
            jobs = []
            for case in all_cases:
                args, files = case[0], case[1]
                locales = case[2] if len(case) > 2 else None
                oracle_args = case[3] if len(case) > 3 else None
                case_env = dict(env)
                case_env.update(case[4] if len(case) > 4 else {})
                if locales and locale not in locales:
                    continue
                if EMULATED and not locales and locale != "C.UTF-8":
                    continue
                stdin_name = None
                operands = []
                for item in files:
                    if item.startswith("<"):
                        stdin_name = item[1:]
                    else:
                        operands.append(item)
                full = args + operands
                oracle = (oracle_args if oracle_args is not None else ["-P"] + args) + operands
                oracle = [word_list if item == "WORD_LIST" else item for item in oracle]
                jobs.append((case, full,
                             pool.submit(run, JRXGREP, full, root, case_env, stdin_name),
                             pool.submit(run, GREP, oracle, root, case_env, stdin_name)))
            for case, full, our_job, their_job in jobs:
                ours, theirs = our_job.result(), their_job.result()
                total += 1
                same = (ours[0] == theirs[0] and ours[1] == theirs[1]
                        and stderr_kinds(ours[2]) == stderr_kinds(theirs[2]))
                if not same:
                    failures += 1
                    print_difference("[LC_ALL=%s %s] %s" % (
                        locale, case[4] if len(case) > 4 else "", " ".join(full)), ours, theirs)
    finally:
        pool.shutdown()
        shutil.rmtree(root)
    print("%d of %d cases identical" % (total - failures, total))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
