#!/usr/bin/env python3
"""jrxgrep on a large sparse file against GNU grep -P.

Usage: large_file.py JRXGREP GREP [EMULATOR...]

The file is created sparse (no disk blocks for its holes): runs of NUL
bytes with a marker line every 64 MiB (every fifth of the size in a small
file). Searched as text (-a) the NUL runs are lines of that length, so line numbers and byte offsets (-n -b) of the markers
are exact checks of jrxgrep's counting across read blocks; searched as
binary, the NULs make it a binary file. Standard output, exit status and
messages must equal grep's.

The cases that print offsets or line numbers of every marker run on a
file of 2.2 GB natively, so those pass 2^31, and of 80 MB under an
emulator; with JRX_LONG_TESTS=1 on one of 4.5 GB, so they pass 2^32 too
(several minutes under an emulator). The other cases (counts, early stops,
binary files) read no further than the first of those and run on an 80 MB
file, which keeps the test at a few seconds of CPU time with sanitizers.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from cli_oracle import EMULATED, GREP, JRXGREP, messages, print_difference

LONG = os.environ.get("JRX_LONG_TESTS") == "1"
SMALL_SIZE = 80_000_000
LARGE_SIZE = 4_500_000_000 if LONG else SMALL_SIZE if EMULATED else 2_200_000_000
LARGE_CASES = [["-a", "-n", "-b", "foo"], ["-a", "-o", "-b", "marker \\d+"]]
SMALL_CASES = [
    ["-a", "-c", "marker"], ["-a", "-n", "-m", "3", "foo"], ["-a", "-n", "-b", "last"],
    ["-c", "foo"], ["-n", "foo"], ["-l", "marker 3"], ["-q", "marker 2"],
]


def make_sparse_file(path, size):
    step = min(size // 5, 64 * 1024 * 1024)
    with open(path, "wb") as handle:
        handle.truncate(size)
        for number, offset in enumerate(range(step, size - 64, step)):
            handle.seek(offset)
            handle.write(b"\nmarker %d foo\n" % number)
        handle.seek(size - 16)
        handle.write(b"\nlast line foo")


def run(command, cwd):
    env = dict(os.environ, LC_ALL="C")
    done = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1800)
    return done.returncode, done.stdout, messages(done.stderr)


def main():
    root = tempfile.mkdtemp(prefix="jrxgrep-large-")
    failures = 0
    try:
        for size, cases in ((LARGE_SIZE, LARGE_CASES), (SMALL_SIZE, SMALL_CASES)):
            make_sparse_file(os.path.join(root, "sparse.bin"), size)
            failures_before = failures
            for args in cases:
                expected = run(GREP + ["-P"] + args + ["sparse.bin"], root)
                got = run(JRXGREP + args + ["sparse.bin"], root)
                if got != expected:
                    failures += 1
                    print_difference(" ".join(args), got, expected)
            print("%d of %d cases identical on a %d-byte sparse file"
                  % (len(cases) - (failures - failures_before), len(cases), size))
    finally:
        shutil.rmtree(root)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
