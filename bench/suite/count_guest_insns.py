#!/usr/bin/env python3
"""Counts the guest instructions a program executes under qemu-user.

Debian 12's qemu-user supports TCG plugins (-plugin), but no Debian 12
package ships qemu-plugin.h, so a counting plugin cannot be built from
packaged sources. Instead this runs the program with qemu's own logging:
"-d in_asm" prints each translation block (TB) once, when it is translated,
with its guest instructions, and "-d exec,nochain" prints a line each time a
TB runs (nochain stops TBs jumping to each other unlogged). The sum over
executions of the TB's instruction count is the executed guest instruction
count. The log is read through a FIFO so that it never lands on disk.
Usage: count_guest_insns.py QEMU [QEMU_ARGS...] -- PROGRAM [ARGS...]
Prints "guest_instructions=N" on stderr after the program's own output.
"""
import os
import subprocess
import sys
import tempfile


def count(log):
    sizes = {}      # TB start address -> guest instructions, latest translation
    current = None  # start address of the TB being listed by in_asm
    total = 0
    for line in log:
        if line.startswith("Trace "):
            # Trace 0: HOSTPTR [CS_BASE/PC/FLAGS/CFLAGS] SYMBOL
            pc = int(line.split("[", 1)[1].split("/", 2)[1], 16)
            total += sizes[pc]
        elif line.startswith("IN:"):
            current = None
        elif line.startswith("0x") and ":  " in line:
            address = int(line.split(":", 1)[0], 16)
            if current is None:
                current = address
                sizes[current] = 0
            sizes[current] += 1
    return total


def main():
    if "--" not in sys.argv:
        raise SystemExit(__doc__)
    split = sys.argv.index("--")
    qemu, program = sys.argv[1:split], sys.argv[split + 1:]
    with tempfile.TemporaryDirectory() as directory:
        fifo = os.path.join(directory, "qemu.log")
        os.mkfifo(fifo)
        process = subprocess.Popen(qemu + ["-d", "in_asm,exec,nochain", "-D", fifo] + program)
        with open(fifo, encoding="latin-1") as log:
            total = count(log)
        status = process.wait()
    print("guest_instructions=%d" % total, file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
