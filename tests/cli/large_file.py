#!/usr/bin/env python3
"""jrxgrep on a large sparse file against GNU grep -P.

Usage: large_file.py JRXGREP GREP [EMULATOR...]

The file is created sparse (no disk blocks for its holes): runs of NUL
bytes with a marker line every 64 MiB (every fifth of the size in a small
file). Searched as text (-a) the NUL runs are lines of that length, so line numbers and byte offsets (-n -b) of the markers
are exact checks of jrxgrep's counting across read blocks; searched as
binary, the NULs make it a binary file. Standard output, exit status and
messages must equal grep's.

By default the file is 2.2 GB natively, so offsets and line numbers pass
2^31 (half a minute under AddressSanitizer), and 80 MB under an emulator.
With JRX_LONG_TESTS=1 it is 4.5 GB, so they pass 2^32 too (about a minute
natively with sanitizers; under an emulator, several minutes).
"""
import os
import shutil
import subprocess
import sys
import tempfile

from cli_oracle import EMULATED, GREP, JRXGREP, messages, print_difference

LONG = os.environ.get("JRX_LONG_TESTS") == "1"
SIZE = 4_500_000_000 if LONG else 80_000_000 if EMULATED else 2_200_000_000
STEP = min(SIZE // 5, 64 * 1024 * 1024)
CASES = [
    ["-a", "-n", "-b", "foo"], ["-a", "-c", "marker"], ["-a", "-o", "-b", "marker \\d+"],
    ["-a", "-n", "-m", "3", "foo"], ["-a", "-n", "-b", "last"], ["-c", "foo"], ["-n", "foo"],
    ["-l", "marker 3"], ["-q", "marker 2"],
]


def make_sparse_file(path):
    with open(path, "wb") as handle:
        handle.truncate(SIZE)
        for number, offset in enumerate(range(STEP, SIZE - 64, STEP)):
            handle.seek(offset)
            handle.write(b"\nmarker %d foo\n" % number)
        handle.seek(SIZE - 16)
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
        make_sparse_file(os.path.join(root, "sparse.bin"))
        for args in CASES:
            expected = run(GREP + ["-P"] + args + ["sparse.bin"], root)
            got = run(JRXGREP + args + ["sparse.bin"], root)
            if got != expected:
                failures += 1
                print_difference(" ".join(args), got, expected)
    finally:
        shutil.rmtree(root)
    print("%d of %d cases identical on a %d-byte sparse file" % (len(CASES) - failures, len(CASES), SIZE))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
