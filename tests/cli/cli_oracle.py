"""Shared by the jrxgrep test scripts: the command lines of the two
programs and how a difference from the oracle is shown.

Every script is run as SCRIPT JRXGREP GREP [EMULATOR...]; the arguments
after GREP are an emulator command that runs JRXGREP (qemu-aarch64 in the
arm64 configuration)."""
import re
import sys

JRXGREP, GREP = sys.argv[3:] + [sys.argv[1]], [sys.argv[2]]
EMULATED = len(sys.argv) > 3

PROGRAM_NAME = re.compile(rb"(?m)^(?:\S*/)?(?:jrxgrep|grep): ")


def messages(stderr):
    """The lines of stderr without the program names that start them."""
    return PROGRAM_NAME.sub(b"", stderr).splitlines()


def print_difference(title, ours, theirs, width=400):
    """Prints a failed comparison of (status, stdout, stderr) triples."""
    print("FAIL %s" % title)
    print("  exit: jrxgrep %d, grep %d" % (ours[0], theirs[0]))
    if ours[1] != theirs[1]:
        print("  stdout jrxgrep: %r" % ours[1][:width])
        print("  stdout grep:    %r" % theirs[1][:width])
    print("  stderr jrxgrep: %r" % ours[2][:width])
    print("  stderr grep:    %r" % theirs[2][:width])
