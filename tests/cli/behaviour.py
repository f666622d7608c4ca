#!/usr/bin/env python3
"""jrxgrep behaviour that has no GNU grep -P counterpart to compare with.

Usage: behaviour.py JRXGREP GREP

Pattern errors (message, pattern, caret), --version and --help, several
patterns (which grep -P refuses) checked against grep -P running the
equivalent alternation, unreadable files, an input that is the output and
output to /dev/null.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

JRXGREP, GREP = sys.argv[1], sys.argv[2]
failures = []


def run(program, args, cwd, locale="C", stdin=None):
    env = dict(os.environ)
    env.pop("GREP_COLORS", None)
    env.pop("GREP_COLOR", None)
    env["LC_ALL"] = locale
    done = subprocess.run([program] + args, cwd=cwd, env=env, input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return done.returncode, done.stdout, done.stderr


def check(name, condition, detail=""):
    if not condition:
        failures.append(name)
        print("FAIL %s %s" % (name, detail))


def caret_lines(stderr):
    lines = stderr.decode("utf-8", "replace").split("\n")
    return lines


def test_pattern_error(root):
    for locale, pattern in (("C", "ab(cd"), ("C", "x)y"), ("C", "a{3,1}"), ("C", "tab\t[z-a]"),
                            ("C.UTF-8", "\u00e9\u00e9[b-a]"), ("C", "a\\")):
        status, out, err = run(JRXGREP, [pattern, "t.txt"], root, locale)
        lines = caret_lines(err)
        check("error status %r" % pattern, status == 2, "status %d" % status)
        check("error no output %r" % pattern, out == b"")
        check("error message %r" % pattern, lines[0].startswith("jrxgrep: "), repr(err))
        match = re.search(r"at offset (\d+)", lines[0])
        check("error offset %r" % pattern, match is not None, repr(lines[0]))
        if not match or len(lines) < 3:
            continue
        offset = int(match.group(1))
        check("error pattern line %r" % pattern, lines[1] == "  " + pattern, repr(lines[1]))
        prefix = pattern.encode("utf-8")[:offset].decode("utf-8", "ignore")
        expected = "  " + "".join("\t" if c == "\t" else " " for c in prefix) + "^"
        check("error caret %r" % pattern, lines[2] == expected, "%r != %r" % (lines[2], expected))
        grep_status, _, grep_err = run(GREP, ["-P", pattern, "t.txt"], root, locale)
        check("grep agrees %r is an error" % pattern, grep_status == 2 and grep_err != b"")
    status, _, err = run(JRXGREP, ["-e", "good", "-e", "ba(d"], root)
    check("second pattern reported", status == 2 and b"  ba(d\n" in err, repr(err))


def test_version_and_help(root):
    status, out, err = run(JRXGREP, ["--version"], root)
    text = out.decode()
    check("version status", status == 0 and err == b"")
    check("version line", re.match(r"jrxgrep \(jrx\) \d+\.\d+\.\d+\n", text) is not None, text)
    check("version engine", re.search(r"^engine: (interpreter|arm64-jit)$", text, re.M) is not None,
          text)
    status, out, _ = run(JRXGREP, ["--help"], root)
    check("help", status == 0 and out.startswith(b"Usage: jrxgrep ") and b"--context" in out)
    status, out, err = run(JRXGREP, [], root)
    check("usage error", status == 2 and out == b"" and b"Usage: jrxgrep" in err)


def test_several_patterns(root):
    sets = [
        ["foo", "bar"], ["^a", "b$", "c"], ["(?i)FOO", "baz"], ["x\\Qa.b", "word"],
        ["", "never"], ["f(o)+", "(b)(a)(r)"],
    ]
    for patterns in sets:
        alternation = "|".join("(?:%s\\E)" % p for p in patterns)
        for extra in ([], ["-o"], ["-c"], ["-w"], ["-x"], ["-v", "-n"], ["--color=always"]):
            args = extra + sum((["-e", p] for p in patterns), [])
            ours = run(JRXGREP, args + ["t.txt"], root, "C.UTF-8")
            theirs = run(GREP, ["-P"] + extra + [alternation, "t.txt"], root, "C.UTF-8")
            check("patterns %r %r" % (patterns, extra), ours[:2] == theirs[:2],
                  "%r vs %r" % (ours[:2], theirs[:2]))
    with open(os.path.join(root, "p.txt"), "w") as handle:
        handle.write("foo\nba[rz]\n")
    ours = run(JRXGREP, ["-n", "-f", "p.txt", "t.txt"], root)
    theirs = run(GREP, ["-P", "-n", "(?:foo)|(?:ba[rz])", "t.txt"], root)
    check("pattern file", ours[:2] == theirs[:2], "%r vs %r" % (ours[:2], theirs[:2]))
    ours = run(JRXGREP, ["-c", "-f", "-", "t.txt"], root, stdin=b"foo\n")
    theirs = run(GREP, ["-P", "-c", "foo", "t.txt"], root)
    check("pattern file on stdin", ours[:2] == theirs[:2], "%r vs %r" % (ours[:2], theirs[:2]))
    status, _, err = run(JRXGREP, ["-f", "missing.txt", "t.txt"], root)
    check("missing pattern file", status == 2 and b"missing.txt" in err, repr(err))


def test_unreadable(root):
    path = os.path.join(root, "secret.txt")
    with open(path, "w") as handle:
        handle.write("foo\n")
    os.chmod(path, 0)
    try:
        readable = os.access(path, os.R_OK)
        if readable:
            print("skipped: chmod 000 does not make files unreadable here (running as root); "
                  "the equivalence suite covers read errors with /proc/self/mem")
            return
        status, out, err = run(JRXGREP, ["foo", "secret.txt", "t.txt"], root)
        check("unreadable status", status == 2, "status %d" % status)
        check("unreadable keeps going", out == b"t.txt:foo\n", repr(out))
        check("unreadable message", b"secret.txt: Permission denied" in err, repr(err))
        status, out, err = run(JRXGREP, ["-s", "foo", "secret.txt", "t.txt"], root)
        check("unreadable -s", status == 2 and err == b"", repr(err))
    finally:
        os.chmod(path, 0o600)


def test_output_is_input(root):
    results = []
    for program in (JRXGREP, GREP):
        path = os.path.join(root, "out.txt")
        with open(path, "wb") as output:
            done = subprocess.run([program, "-P", "foo", "t.txt", "out.txt"], cwd=root,
                                  stdout=output, stderr=subprocess.PIPE, timeout=60)
        with open(path, "rb") as output:
            written = output.read()
        os.remove(path)
        results.append((done.returncode, written,
                        b"out.txt: input file is also the output" in done.stderr))
    check("input file is also the output", results[0] == results[1] and results[0][2],
          repr(results))


def test_output_to_dev_null(root):
    with open(os.path.join(root, "nul.bin"), "wb") as handle:
        handle.write(b"foo\0\nfoo\n")
    for args in (["foo", "nul.bin"], ["foo", "t.txt", "missing", "nul.bin"], ["-c", "foo", "nul.bin"]):
        results = []
        for program in (JRXGREP, GREP):
            done = subprocess.run([program, "-P"] + args, cwd=root, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=60)
            results.append((done.returncode, re.sub(rb"^\S*grep: ", b"", done.stderr, flags=re.M)))
        check("output to /dev/null %r" % args, results[0] == results[1], repr(results))


def main():
    root = tempfile.mkdtemp(prefix="jrxgrep-behaviour-")
    try:
        with open(os.path.join(root, "t.txt"), "w") as handle:
            handle.write("foo\nbar\nbaz qux\nFOO foo\na.b word\nxa.b\n\nabc\ncaf\u00e9 bar\n")
        test_pattern_error(root)
        test_version_and_help(root)
        test_several_patterns(root)
        test_unreadable(root)
        test_output_is_input(root)
        test_output_to_dev_null(root)
    finally:
        shutil.rmtree(root)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
