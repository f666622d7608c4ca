#!/usr/bin/env python3
"""jrxgrep behaviour that has no GNU grep -P counterpart to compare with.

Usage: behaviour.py JRXGREP GREP [EMULATOR...]

Pattern errors (message, pattern, caret), --version and --help, several
patterns (which grep -P refuses) checked against grep -P running the
equivalent alternation, -j, an input that is the output and output to
/dev/null. With JRX_BEHAVIOUR=unreadable in the environment, only
unreadable files and directories (run as nobody when the tests run as
root, compared with grep run the same way; exit status 77, skipped,
where that is impossible).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from cli_oracle import GREP, JRXGREP, messages

failures = []


def run(program, args, cwd, locale="C", stdin=None):
    env = dict(os.environ)
    env.pop("GREP_COLORS", None)
    env.pop("GREP_COLOR", None)
    env["LC_ALL"] = locale
    done = subprocess.run(program + args, cwd=cwd, env=env, input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return done.returncode, done.stdout, done.stderr


def check(name, condition, detail=""):
    if not condition:
        failures.append(name)
        print("FAIL %s %s" % (name, detail))


def caret_lines(stderr):
    return stderr.decode("utf-8", "replace").split("\n")


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
        # The message, the pattern and the caret, then the empty rest
        # after the last newline.
        check("error pattern and caret lines %r" % pattern, len(lines) == 4 and lines[3] == "",
              repr(err))
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
    for option in (b"--threads=NUM", b"--null-data", b"--binary", b"--devices=ACTION",
                   b"--exclude-from=FILE"):
        check("help mentions %r" % option, option in out)
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


def unprivileged():
    """Keyword arguments for subprocess.run that make permissions bite:
    as root, the programs run as nobody; None if that is impossible."""
    if os.geteuid() != 0:
        return {}
    try:
        done = subprocess.run(JRXGREP + ["--version"], user=65534, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return {"user": 65534, "group": 65534, "extra_groups": []} if done.returncode == 0 else None


def test_unreadable(root):
    """Unreadable files and directories, as operands and met while
    recursing, compared with grep run the same way."""
    privileges = unprivileged()
    if privileges is None:
        print("skipped: cannot run jrxgrep without root privileges here, so chmod 000 "
              "does not make files unreadable; the equivalence suite covers read errors "
              "with /proc/self/mem")
        return SKIPPED
    os.chmod(root, 0o755)
    locked_tree = os.path.join(root, "locked_tree")
    os.makedirs(os.path.join(locked_tree, "closed"))
    os.makedirs(os.path.join(locked_tree, "open"))
    for name in ("a.txt", "closed/b.txt", "open/c.txt", "open/secret.txt", "secret.txt"):
        with open(os.path.join(locked_tree, name), "w") as handle:
            handle.write("foo %s\n" % name)
    locked = [os.path.join(root, "secret.txt"), os.path.join(locked_tree, "closed"),
              os.path.join(locked_tree, "secret.txt"), os.path.join(locked_tree, "open", "secret.txt")]
    with open(locked[0], "w") as handle:
        handle.write("foo\n")
    for path in locked:
        os.chmod(path, 0)
    env = dict(os.environ, LC_ALL="C")
    try:
        for args in (["foo", "secret.txt", "t.txt"], ["-s", "foo", "secret.txt", "t.txt"],
                     ["-c", "foo", "t.txt", "secret.txt", "t.txt"], ["-q", "foo", "secret.txt", "t.txt"],
                     ["-r", "foo", "locked_tree"], ["-r", "-c", "foo", "locked_tree"],
                     ["-r", "-s", "-l", "foo", "locked_tree", "secret.txt"], ["-rq", "foo", "locked_tree"],
                     ["foo", "locked_tree/closed"], ["-r", "foo", "locked_tree/closed"]):
            results = []
            for program, extra in ((JRXGREP, ["-j", "3"]), (JRXGREP, ["-j", "1"]), (GREP, ["-P"])):
                done = subprocess.run(program + extra + args, cwd=root, env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
                                      **privileges)
                results.append((done.returncode, done.stdout, messages(done.stderr)))
            check("unreadable %r" % args, results[0] == results[2] and results[1] == results[2],
                  repr(results))
            silent = any(arg in ("-s", "-q", "-rq") for arg in args)
            check("unreadable %r reports" % args,
                  silent or any(b"Permission denied" in line for line in results[2][2]),
                  repr(results[2]))
    finally:
        for path in locked:
            os.chmod(path, 0o700)


def test_threads_option(root):
    for value in ("0", "x", "100000", ""):
        status, out, err = run(JRXGREP, ["-j", value, "foo", "t.txt"], root)
        check("bad -j %r" % value, status == 2 and out == b"" and b"threads" in err, repr(err))
    for args in (["-j", "1"], ["--threads=4"], ["-j4", "-r"]):
        ours = run(JRXGREP, args + ["-n", "foo", "t.txt", "t.txt"], root)
        theirs = run(GREP, ["-P", "-n", "foo", "t.txt", "t.txt"], root)
        check("-j %r" % args, ours == theirs, "%r vs %r" % (ours, theirs))


def test_output_is_input(root):
    results = []
    for program in (JRXGREP, GREP):
        path = os.path.join(root, "out.txt")
        with open(path, "wb") as output:
            done = subprocess.run(program + ["-P", "foo", "t.txt", "out.txt"], cwd=root,
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
            done = subprocess.run(program + ["-P"] + args, cwd=root, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=60)
            results.append((done.returncode, messages(done.stderr)))
        check("output to /dev/null %r" % args, results[0] == results[1], repr(results))


# The exit status of a run that could not test what it was asked to
# (ctest's SKIP_RETURN_CODE): reported as skipped, never as passed.
SKIPPED = 77


def main():
    # JRX_BEHAVIOUR=unreadable runs only that part, which needs root: ctest
    # lists it as a test of its own so that it can be reported as skipped.
    only_unreadable = os.environ.get("JRX_BEHAVIOUR") == "unreadable"
    root = tempfile.mkdtemp(prefix="jrxgrep-behaviour-")
    status = None
    try:
        with open(os.path.join(root, "t.txt"), "w") as handle:
            handle.write("foo\nbar\nbaz qux\nFOO foo\na.b word\nxa.b\n\nabc\ncaf\u00e9 bar\n")
        if only_unreadable:
            status = test_unreadable(root)
        else:
            test_pattern_error(root)
            test_version_and_help(root)
            test_several_patterns(root)
            test_threads_option(root)
            test_output_is_input(root)
            test_output_to_dev_null(root)
    finally:
        shutil.rmtree(root)
    print("%d failures" % len(failures))
    if failures:
        return 1
    return SKIPPED if status == SKIPPED else 0


if __name__ == "__main__":
    sys.exit(main())
