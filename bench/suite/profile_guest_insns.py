#!/usr/bin/env python3
"""profile_guest_insns: attributes the guest instructions a program executed
under qemu-user to the symbols of its binary, from the profiles
count_guest_insns writes (COUNT_GUEST_INSNS_PROFILE=FILE). A host tool, not
part of jrx.

A PIE binary runs under qemu-aarch64 at a fixed base (0x5500000000 with
qemu 7's default guest layout; `qemu-aarch64 -d page` prints it as the
first mapping). Each translation block is charged to the symbol its start
address falls in; blocks outside the binary (the dynamic loader, libc,
generated code) are charged to "[outside the binary]". Given a second
profile, the first minus the second is shown, divided by --divide: the
cost of K-1 more calls, one call at a time.

Usage: profile_guest_insns.py --binary BIN [--base HEX] [--divide N]
           [--top N] PROFILE [BASELINE_PROFILE]
"""
import argparse
import bisect
import subprocess


def read_profile(path):
    counts = {}
    with open(path) as profile:
        for line in profile:
            address, executed = line.split()
            counts[int(address, 16)] = int(executed)
    return counts


def read_symbols(binary):
    listing = subprocess.run(["nm", "-n", "--defined-only", binary],
                             capture_output=True, text=True, check=True).stdout
    starts, names = [], []
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tTwW":
            starts.append(int(fields[0], 16))
            names.append(fields[2])
    return starts, names


def attribute(counts, starts, names, base, text_end):
    by_symbol = {}
    for address, executed in counts.items():
        offset = address - base
        index = bisect.bisect_right(starts, offset) - 1
        if offset < 0 or offset >= text_end or index < 0:
            name = "[outside the binary]"
        else:
            name = names[index]
        by_symbol[name] = by_symbol.get(name, 0) + executed
    return by_symbol


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--base", default="5500000000")
    parser.add_argument("--divide", type=float, default=1.0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("profile")
    parser.add_argument("baseline", nargs="?")
    arguments = parser.parse_args()
    starts, names = read_symbols(arguments.binary)
    text_end = starts[-1] + 0x10000 if starts else 0
    base = int(arguments.base, 16)
    by_symbol = attribute(read_profile(arguments.profile), starts, names, base, text_end)
    if arguments.baseline:
        for name, executed in attribute(read_profile(arguments.baseline), starts, names,
                                        base, text_end).items():
            by_symbol[name] = by_symbol.get(name, 0) - executed
    total = sum(by_symbol.values())
    print(f"{total / arguments.divide:14.0f}  total")
    ranked = sorted(by_symbol.items(), key=lambda item: -abs(item[1]))
    for name, executed in ranked[:arguments.top]:
        print(f"{executed / arguments.divide:14.0f}  {100.0 * executed / total if total else 0:5.1f}%  {name}")


if __name__ == "__main__":
    main()
