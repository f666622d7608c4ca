#!/usr/bin/env python3
"""jrxgrep -r over large directory trees against GNU grep -P -r.

Usage: tree_equivalence.py JRXGREP GREP [EMULATOR...]

Builds a tree of several hundred small files in nested directories (text,
binary, invalid UTF-8, empty, no final newline, CRLF, one larger file, a
symlink loop, a dangling symlink and symlinks to files, which -r skips
from readdir's entry type without a stat and -R follows) and runs every
case with jrxgrep's thread pool off (-j 1), with three threads and with
the default (one per online CPU; not under an emulator). Each run must give grep's stdout byte for byte, its exit
status and the same stderr messages in the same order: the pool prints
every file's output in the order of the one-thread walk. Both programs
walk the same directories, so readdir's order is the same for both.

It also counts jrxgrep's stat system calls (strace natively, qemu's
-strace under the emulator): the walk makes one for each file and each
directory, no more.
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

from cli_oracle import EMULATED, GREP, JRXGREP, messages, print_difference

# Under an emulator, where processes are slow, the default is left out.
THREADS = [["-j", "1"], ["--threads=3"]] + ([] if EMULATED else [[]])
WORDS = ["foo", "bar", "baz", "Foo", "qux", "food", "x", "needle", "caf\u00e9", "\u03c3"]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)


def random_text(rng, lines):
    return "".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6))) + "\n"
                   for _ in range(lines)).encode()


def make_forest(root):
    rng = random.Random(4321)
    forest = os.path.join(root, "forest")
    directories = [forest]
    for depth in range(3):
        for parent in list(directories):
            for index in range(rng.randint(1, 3)):
                directories.append(os.path.join(parent, "d%d%d" % (depth, index)))
    for number in range(420):
        directory = rng.choice(directories)
        kind = number % 12
        name = "f%03d.%s" % (number, ("txt", "c", "h", "log")[number % 4])
        data = random_text(rng, rng.randint(0, 12))
        if kind == 3:
            data = data + b"bin\0ary foo\n" + data
        elif kind == 5:
            data = b"bad \xff foo\n" + data
        elif kind == 7:
            data = data.rstrip(b"\n") + b" foo"
        elif kind == 9:
            data = data.replace(b"\n", b"\r\n")
        elif kind == 11:
            data = b""
        write(os.path.join(directory, name), data)
    write(os.path.join(forest, "d00", "big.txt"), random_text(rng, 20000))
    write(os.path.join(root, "excluded.lst"), b"*.log\n\nf01*  \n")
    os.symlink("..", os.path.join(forest, "d00", "loop"))
    os.symlink("missing-target", os.path.join(forest, "dangling"))
    os.symlink("d00", os.path.join(forest, "link_to_d00"))
    os.symlink("d00/big.txt", os.path.join(forest, "link_to_big.txt"))
    write(os.path.join(forest, "d00", "needles.txt"), b"needle foo\n")
    os.symlink("needles.txt", os.path.join(forest, "d00", "link_to_needles"))


def cases():
    plain = [
        ["foo"], ["-n", "foo"], ["-c", "foo"], ["-l", "foo"], ["-L", "foo"], ["-q", "foo"],
        ["-q", "nothing matches this"], ["-m", "1", "-n", "foo"], ["-C", "1", "foo"],
        ["-A", "2", "-n", "needle"], ["-B", "1", "-b", "qux"], ["--color=always", "-n", "foo"],
        ["-h", "-o", "fo+"], ["-v", "-c", "foo"], ["-I", "foo"], ["-a", "-n", "foo"],
        ["-s", "foo"], ["-Z", "-l", "foo"], ["-w", "-i", "FOO"], ["-x", "-c", "foo"],
        ["--include=*.txt", "foo"], ["--exclude=*.txt", "--include=f0*", "foo"],
        ["--include=*.c", "--exclude=f1*", "-c", "foo"], ["--exclude-dir=d1*", "-l", "foo"],
        ["--exclude-from=excluded.lst", "-c", "foo"], ["-z", "-c", "foo"], ["-z", "-l", "bar"],
        ["-U", "-n", "baz"], ["-c", "\\d"], ["-o", "-b", "needle"],
        # Every line: a file's output is larger than a read block, and the
        # thread whose file's turn has come writes it directly.
        ["-n", "-v", "^zzz"], ["-C", "3", "-v", "x"],
    ]
    result = []
    for args in plain:
        result.append((["-r"] + args + ["forest"], None))
    for args in (["foo"], ["-c", "foo"], ["-q", "foo"], ["-l", "needle"], ["-C2", "needle"]):
        result.append((["-R"] + args + ["forest"], None))
    result.append((["-r", "foo", "forest/d00", "forest/d01", "forest/d00"], None))
    result.append((["-r", "-c", "foo"], "forest"))
    result.append((["-r", "-n", "needle", "."], "forest"))
    return result


def run(command, cwd):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("GREP_COLORS", None)
    env.pop("GREP_COLOR", None)
    done = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return done.returncode, done.stdout, done.stderr


# The stat family as strace and qemu -strace name its calls.
STAT_CALL = re.compile(rb"\b(?:newfstatat|fstatat64|fstat64|fstat|statx|lstat|stat)\(")


def stat_calls(args, cwd):
    """The stat calls of one jrxgrep run, traced."""
    if EMULATED:
        return len(STAT_CALL.findall(run(JRXGREP[:1] + ["-strace"] + JRXGREP[1:] + args, cwd)[2]))
    with tempfile.NamedTemporaryFile() as trace:
        run(["strace", "-f", "-qq", "-o", trace.name] + JRXGREP + args, cwd)
        return len(STAT_CALL.findall(trace.read()))


def check_stat_calls(root):
    """Returns 0 when -r over the forest makes at most one stat call for
    each regular file and directory in it beyond a run over an empty
    directory (which has start-up's and the operand's)."""
    if not EMULATED and shutil.which("strace") is None:
        print("FAIL stat calls: strace is missing (scripts/install-deps.sh installs it)")
        return 1
    forest = os.path.join(root, "forest")
    entries = 0
    for directory, subdirectories, files in os.walk(forest):
        entries += sum(not os.path.islink(os.path.join(directory, name))
                       for name in subdirectories + files)
    os.mkdir(os.path.join(root, "empty"))
    args = ["-j", "1", "-r", "-c", "foo"]
    extra = stat_calls(args + ["forest"], root) - stat_calls(args + ["empty"], root)
    print("stat calls over %d files and directories: %d" % (entries, extra))
    if extra > entries:
        print("FAIL stat calls: %d for %d files and directories" % (extra, entries))
        return 1
    return 0


def main():
    root = tempfile.mkdtemp(prefix="jrxgrep-tree-")
    failures = 0
    total = 0
    try:
        make_forest(root)
        for args, subdirectory in cases():
            cwd = os.path.join(root, subdirectory) if subdirectory else root
            expected = run(GREP + ["-P"] + args, cwd)
            for threads in THREADS:
                total += 1
                got = run(JRXGREP + threads + args, cwd)
                if (got[0], got[1], messages(got[2])) != (expected[0], expected[1],
                                                          messages(expected[2])):
                    failures += 1
                    print_difference(" ".join(threads + args), got, expected)
        total += 1
        failures += check_stat_calls(root)
    finally:
        shutil.rmtree(root)
    print("%d of %d runs identical" % (total - failures, total))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
