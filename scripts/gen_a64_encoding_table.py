#!/usr/bin/env python3
"""Generates tests/arm64/encoding_cases.h: A64 emitter calls paired with the
words the reference assembler (llvm-mc-14) produces for the same assembly.

Every case is a short list of steps; each step is one C statement for the
emitter and one line of assembly (a label line such as "1:" emits no word).
The script assembles all cases into one object file, separated by a marker
word, reads its .text section and writes, per case, a C function running
the emitter calls and the expected words. (An object file rather than
-show-encoding, which leaves references to labels as unresolved fixups.) This script is the source of
truth for the table: edit the case lists here, then run it.

Usage: gen_a64_encoding_table.py [--check] [--output PATH] [--llvm-mc PROGRAM]
  --check  compare the would-be output with the committed file instead of
           writing it; exits 1 if they differ, 77 (skip) without llvm-mc.
"""

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

SKIP_EXIT_CODE = 77
MARKER_WORD = 0x00C0FFEE  # unallocated encoding: no case can produce it
MAX_WORDS = 4  # the longest case (a 64-bit constant) takes four words
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(ROOT, "tests", "arm64", "encoding_cases.h")
# Headers declaring instruction emitters; each of them must have cases.
EMITTER_HEADERS = ("a64_arithmetic.h", "a64_logical.h", "a64_bitfield.h", "a64_conditional.h",
                   "a64_move.h", "a64_memory.h", "a64_branch.h", "a64_neon.h")

# Register numbers every operand position takes in turn: the lowest, one
# above, the link register and 31 (SP or ZR, depending on the field).
REGISTER_NUMBERS = (0, 1, 30, 31)


class Reg:
    """A general register operand: width 'w' or 'x', number 0..31, and
    whether number 31 means the stack pointer in this field."""

    def __init__(self, width, number, stack_pointer=False):
        self.width = width
        self.number = number
        self.stack_pointer = stack_pointer and number == 31

    @property
    def c(self):
        if self.number == 31:
            if self.stack_pointer:
                return "A64_SP" if self.width == "x" else "A64_WSP"
            return "A64_XZR" if self.width == "x" else "A64_WZR"
        return "A64_%s(%d)" % (self.width.upper(), self.number)

    @property
    def asm(self):
        if self.number == 31:
            if self.stack_pointer:
                return "sp" if self.width == "x" else "wsp"
            return self.width + "zr"
        return "%s%d" % (self.width, self.number)


def vector(number):
    return "A64_V(%d)" % number


ARRANGEMENTS = ("8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d")
ALL_BUT_1D = tuple(a for a in ARRANGEMENTS if a != "1d")
ELEMENT_BITS = {"b": 8, "h": 16, "s": 32, "d": 64}
CONDITIONS = ("eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc",
              "hi", "ls", "ge", "lt", "gt", "le", "al", "nv")
SHIFTS = ("lsl", "lsr", "asr", "ror")
EXTENDS = ("uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx")


def width_bits(width):
    return 32 if width == "w" else 64


def arrangement_c(arrangement):
    return "A64_" + arrangement.upper()


def element_bits(arrangement):
    return ELEMENT_BITS[arrangement[-1]]


def lanes(arrangement):
    return int(arrangement[:-1])


def rotations(count):
    """Register-number tuples for count operand positions: each position
    takes each value of REGISTER_NUMBERS once, and the positions differ."""
    size = len(REGISTER_NUMBERS)
    return [tuple(REGISTER_NUMBERS[(i + j) % size] for j in range(count))
            for i in range(size)]


def lockstep(*lists):
    """Combines lists element by element, cycling the shorter ones, so
    every element of every list is used at least once."""
    length = max(len(values) for values in lists)
    return [tuple(values[i % len(values)] for values in lists) for i in range(length)]


def registers(width, numbers, fields):
    """Registers for the numbers; fields has 's' where 31 means SP."""
    return [Reg(width, number, field == "s") for number, field in zip(numbers, fields)]


class Table:
    def __init__(self):
        self.cases = []  # lists of (C statement or None, assembly line)

    def add(self, steps):
        self.cases.append(steps)

    def single(self, call, assembly):
        self.add([(call + ";", assembly)])


def c_args(*operands):
    return ", ".join(["buffer"] + [str(operand) for operand in operands])


def call(function, *operands):
    return "a64_%s(%s)" % (function, c_args(*operands))


def hex_value(value):
    return "0x%x" % value if value > 9 else str(value)


def c_unsigned(value):
    return "UINT64_C(%s)" % hex_value(value) if value > 0xFFFFFFFF else hex_value(value) + "u"


def add_sub_immediate_text(value):
    return "#%d" % value if value <= 4095 else "#%d, lsl #12" % (value >> 12)


def three_register_cases(table, name, width):
    for numbers in rotations(3):
        rd, rn, rm = registers(width, numbers, "rrr")
        table.single(call(name + "_reg", rd.c, rn.c, rm.c),
                     "%s %s, %s, %s" % (name, rd.asm, rn.asm, rm.asm))


def shifted_register_cases(table, name, width, shifts):
    for numbers, shift, amount in lockstep(rotations(3), shifts, (0, 1, width_bits(width) - 1)):
        rd, rn, rm = registers(width, numbers, "rrr")
        table.single(call(name + "_shifted", rd.c, rn.c, rm.c, "A64_" + shift.upper(), amount),
                     "%s %s, %s, %s, %s #%d" % (name, rd.asm, rn.asm, rm.asm, shift, amount))


def add_sub_cases(table):
    for width in ("w", "x"):
        bits = width_bits(width)
        immediates = (0, 1, 4095, 0x1000, 0x123000, 0xFFF000)
        for name in ("add", "adds", "sub", "subs"):
            destination = "r" if name.endswith("s") else "s"
            for numbers, value in lockstep(rotations(2), immediates):
                rd, rn = registers(width, numbers, destination + "s")
                table.single(call(name + "_imm", rd.c, rn.c, c_unsigned(value)),
                             "%s %s, %s, %s" % (name, rd.asm, rn.asm,
                                                add_sub_immediate_text(value)))
            three_register_cases(table, name, width)
            shifted_register_cases(table, name, width, SHIFTS[:3])
            for numbers, extend, amount in lockstep(rotations(3), EXTENDS, (0, 1, 2, 3, 4)):
                rd, rn = registers(width, numbers[:2], destination + "s")
                rm_width = "x" if width == "x" and extend.endswith("x") else "w"
                rm = Reg(rm_width, numbers[2])
                suffix = extend + (" #%d" % amount if amount else "")
                table.single(call(name + "_extended", rd.c, rn.c, rm.c, "A64_" + extend.upper(),
                                  amount),
                             "%s %s, %s, %s, %s" % (name, rd.asm, rn.asm, rm.asm, suffix))
        for name in ("cmp", "cmn"):
            for numbers, value in lockstep(rotations(1), (0, 4095, 0x1000, 0xFFF000)):
                (rn,) = registers(width, numbers, "s")
                table.single(call(name + "_imm", rn.c, c_unsigned(value)),
                             "%s %s, %s" % (name, rn.asm, add_sub_immediate_text(value)))
            for numbers in rotations(2):
                rn, rm = registers(width, numbers, "rr")
                table.single(call(name + "_reg", rn.c, rm.c), "%s %s, %s" % (name, rn.asm, rm.asm))
        for numbers, shift, amount in lockstep(rotations(2), SHIFTS[:3], (0, 1, bits - 1)):
            rn, rm = registers(width, numbers, "rr")
            table.single(call("cmp_shifted", rn.c, rm.c, "A64_" + shift.upper(), amount),
                         "cmp %s, %s, %s #%d" % (rn.asm, rm.asm, shift, amount))
        for numbers, extend, amount in lockstep(rotations(2), EXTENDS, (0, 4)):
            (rn,) = registers(width, numbers[:1], "s")
            rm = Reg("x" if width == "x" and extend.endswith("x") else "w", numbers[1])
            suffix = extend + (" #%d" % amount if amount else "")
            table.single(call("cmp_extended", rn.c, rm.c, "A64_" + extend.upper(), amount),
                         "cmp %s, %s, %s" % (rn.asm, rm.asm, suffix))


LOGICAL_IMMEDIATES = {
    "w": (0x1, 0xFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0x55555555, 0x0FF00000, 0x3C3C3C3C),
    "x": (0x1, 0xFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFE,
          0x5555555555555555, 0x00FF00FF00FF00FF, 0x0000FFFF00000000, 0xF00000000000000F),
}


def logical_cases(table):
    for width in ("w", "x"):
        for name in ("and", "orr", "eor", "ands"):
            three_register_cases(table, name, width)
            shifted_register_cases(table, name, width, SHIFTS)
            destination = "r" if name == "ands" else "s"
            for numbers, value in lockstep(rotations(2), LOGICAL_IMMEDIATES[width]):
                rd, rn = registers(width, numbers, destination + "r")
                table.single(call(name + "_imm", rd.c, rn.c, c_unsigned(value)),
                             "%s %s, %s, #0x%x" % (name, rd.asm, rn.asm, value))
        for numbers in rotations(2):
            rn, rm = registers(width, numbers, "rr")
            table.single(call("tst_reg", rn.c, rm.c), "tst %s, %s" % (rn.asm, rm.asm))
        for numbers, value in lockstep(rotations(1), LOGICAL_IMMEDIATES[width]):
            (rn,) = registers(width, numbers, "r")
            table.single(call("tst_imm", rn.c, c_unsigned(value)),
                         "tst %s, #0x%x" % (rn.asm, value))


def bitfield_cases(table):
    for width in ("w", "x"):
        bits = width_bits(width)
        positions = ((0, 0), (0, bits - 1), (bits - 1, 0), (1, bits - 2), (bits - 1, bits - 1))
        for name in ("ubfm", "sbfm"):
            for numbers, (immr, imms) in lockstep(rotations(2), positions):
                rd, rn = registers(width, numbers, "rr")
                table.single(call(name, rd.c, rn.c, immr, imms),
                             "%s %s, %s, #%d, #%d" % (name, rd.asm, rn.asm, immr, imms))
        fields = ((0, 1), (0, bits), (bits - 1, 1), (3, 5), (1, bits - 1))
        for numbers, (lsb, field_width) in lockstep(rotations(2), fields):
            rd, rn = registers(width, numbers, "rr")
            table.single(call("ubfx", rd.c, rn.c, lsb, field_width),
                         "ubfx %s, %s, #%d, #%d" % (rd.asm, rn.asm, lsb, field_width))
        for name in ("lsl", "lsr", "asr"):
            for numbers, amount in lockstep(rotations(2), (0, 1, 7, bits - 1)):
                rd, rn = registers(width, numbers, "rr")
                table.single(call(name + "_imm", rd.c, rn.c, amount),
                             "%s %s, %s, #%d" % (name, rd.asm, rn.asm, amount))
            three_register_cases(table, name, width)
        for name in ("clz", "rbit"):
            for numbers in rotations(2):
                rd, rn = registers(width, numbers, "rr")
                table.single(call(name, rd.c, rn.c), "%s %s, %s" % (name, rd.asm, rn.asm))


def conditional_cases(table):
    for width in ("w", "x"):
        for name in ("csel", "csinc"):
            for numbers, condition in lockstep(rotations(3), CONDITIONS):
                rd, rn, rm = registers(width, numbers, "rrr")
                table.single(call(name, rd.c, rn.c, rm.c, "A64_" + condition.upper()),
                             "%s %s, %s, %s, %s" % (name, rd.asm, rn.asm, rm.asm, condition))
        for numbers, condition in lockstep(rotations(1), CONDITIONS[:14]):
            (rd,) = registers(width, numbers, "r")
            table.single(call("cset", rd.c, "A64_" + condition.upper()),
                         "cset %s, %s" % (rd.asm, condition))


# Constants a64_mov_imm loads in one instruction (MOVZ, MOVN or ORR, as the
# assembler's "mov" picks too) and, for longer ones, the shortest sequence
# that starts from the more common background halfword.
MOVE_IMMEDIATE_SINGLE = {
    "w": (0, 1, 0xFFFF, 0x10000, 0xFFFF0000, 0xFFFFFFFF, 0xFFFF1234, 0x55555555, 0x00FF00FF),
    "x": (0, 0xFFFF, 0xFFFF000000000000, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFF5678,
          0x1234FFFFFFFFFFFF, 0x5555555555555555, 0x0F0F0F0F0F0F0F0F),
}
MOVE_IMMEDIATE_SEQUENCES = (
    ("w", 0x12345678, ("movz {r}, #0x5678", "movk {r}, #0x1234, lsl #16")),
    ("x", 0x12345678, ("movz {r}, #0x5678", "movk {r}, #0x1234, lsl #16")),
    ("x", 0x1234000000005678, ("movz {r}, #0x5678", "movk {r}, #0x1234, lsl #48")),
    ("x", 0xFFFF1234FFFF5678, ("movn {r}, #0xa987", "movk {r}, #0x1234, lsl #32")),
    ("x", 0x123456789ABCDEF0, ("movz {r}, #0xdef0", "movk {r}, #0x9abc, lsl #16",
                               "movk {r}, #0x5678, lsl #32", "movk {r}, #0x1234, lsl #48")),
    ("x", 0x0000123400005678, ("movz {r}, #0x5678", "movk {r}, #0x1234, lsl #32")),
)


def move_cases(table):
    for width in ("w", "x"):
        bits = width_bits(width)
        seen = set()
        for numbers in rotations(2):
            for fields in ("rr", "sr", "rs"):  # 31 as ZR, or as SP on either side
                rd, rm = registers(width, numbers, fields)
                assembly = "mov %s, %s" % (rd.asm, rm.asm)
                if assembly not in seen:
                    seen.add(assembly)
                    table.single(call("mov_reg", rd.c, rm.c), assembly)
        shifts = tuple(range(0, bits, 16))
        for name in ("movz", "movn", "movk"):
            for numbers, value, shift in lockstep(rotations(1), (0, 1, 0x1234, 0xFFFF), shifts):
                (rd,) = registers(width, numbers, "r")
                table.single(call(name, rd.c, hex_value(value) + "u", shift),
                             "%s %s, #0x%x, lsl #%d" % (name, rd.asm, value, shift))
        for numbers, value in lockstep((0, 1, 30), MOVE_IMMEDIATE_SINGLE[width]):
            rd = Reg(width, numbers)
            table.single(call("mov_imm", rd.c, c_unsigned(value)),
                         "mov %s, #0x%x" % (rd.asm, value))
    for width, value, lines in MOVE_IMMEDIATE_SEQUENCES:
        rd = Reg(width, 3)
        steps = [(None, line.format(r=rd.asm)) for line in lines]
        steps[0] = (call("mov_imm", rd.c, c_unsigned(value)) + ";", steps[0][1])
        table.add(steps)


def memory_cases(table):
    singles = (("ldrb", "w", 1), ("ldrh", "w", 2), ("ldr", "w", 4), ("ldr", "x", 8),
               ("strb", "w", 1), ("strh", "w", 2), ("str", "w", 4), ("str", "x", 8))
    for name, width, size in singles:
        scale_shift = size.bit_length() - 1
        for numbers, offset in lockstep(rotations(2), (0, size, 4095 * size, 100 * size)):
            rt = Reg(width, numbers[0])
            rn = Reg("x", numbers[1], True)
            table.single(call(name + "_imm", rt.c, rn.c, c_unsigned(offset)),
                         "%s %s, [%s, #%d]" % (name, rt.asm, rn.asm, offset))
        index_extends = ("uxtw", "uxtx", "sxtw", "sxtx")
        for numbers, extend, scaled in lockstep(rotations(3), index_extends * 2,
                                                (False,) * 4 + (True,) * 4):
            rt = Reg(width, numbers[0])
            rn = Reg("x", numbers[1], True)
            rm = Reg("x" if extend.endswith("x") else "w", numbers[2])
            written = "lsl" if extend == "uxtx" else extend
            amount = " #%d" % scale_shift if scaled else ""
            if written == "lsl" and not scaled:
                index = "%s, %s" % (rn.asm, rm.asm)
            else:
                index = "%s, %s, %s%s" % (rn.asm, rm.asm, written, amount)
            table.single(call(name + "_reg", rt.c, rn.c, rm.c, "A64_" + extend.upper(),
                              "true" if scaled else "false"),
                         "%s %s, [%s]" % (name, rt.asm, index))
        for mode in ("pre", "post"):
            for numbers, offset in lockstep(rotations(2), (-256, -1, 0, 255)):
                rt = Reg(width, numbers[0])
                rn = Reg("x", numbers[1], True)
                if mode == "pre":
                    address = "[%s, #%d]!" % (rn.asm, offset)
                else:
                    address = "[%s], #%d" % (rn.asm, offset)
                table.single(call("%s_%s" % (name, mode), rt.c, rn.c, offset),
                             "%s %s, %s" % (name, rt.asm, address))
    for name in ("ldp", "stp"):
        for width in ("w", "x"):
            size = 4 if width == "w" else 8
            for mode in ("offset", "pre", "post"):
                for numbers, offset in lockstep(rotations(3), (-64 * size, -size, 0, 63 * size)):
                    rt1, rt2 = Reg(width, numbers[0]), Reg(width, numbers[1])
                    rn = Reg("x", numbers[2], True)
                    if mode == "offset":
                        address = "[%s, #%d]" % (rn.asm, offset)
                    elif mode == "pre":
                        address = "[%s, #%d]!" % (rn.asm, offset)
                    else:
                        address = "[%s], #%d" % (rn.asm, offset)
                    table.single(call("%s_%s" % (name, mode), rt1.c, rt2.c, rn.c, offset),
                                 "%s %s, %s, %s" % (name, rt1.asm, rt2.asm, address))


def label_steps(c_branch, asm_branch, direction):
    """A branch to a label with one NOP between: "forward" binds the label
    after the NOP, "backward" before it, "self" at the branch itself."""
    new = ("a64_label target = a64_label_new(buffer);", None)
    bind = ("a64_label_bind(buffer, target);", "1:")
    nop = ("a64_nop(buffer);", "nop")
    if direction == "forward":
        return [new, (c_branch, asm_branch % "1f"), nop, bind]
    if direction == "backward":
        return [new, bind, nop, (c_branch, asm_branch % "1b")]
    return [new, bind, (c_branch, asm_branch % "1b")]


def branch_cases(table):
    directions = ("forward", "backward", "self")
    for name in ("b", "bl"):
        for direction in directions:
            table.add(label_steps(call(name, "target") + ";", name + " %s", direction))
    for condition, direction in lockstep(CONDITIONS, directions):
        table.add(label_steps(call("b_cond", "A64_" + condition.upper(), "target") + ";",
                              "b.%s %%s" % condition, direction))
    for name in ("cbz", "cbnz"):
        for width in ("w", "x"):
            for number, direction in lockstep(REGISTER_NUMBERS, directions):
                rt = Reg(width, number)
                table.add(label_steps(call(name, rt.c, "target") + ";",
                                      "%s %s, %%s" % (name, rt.asm), direction))
    for name in ("tbz", "tbnz"):
        for width, bits in (("w", (0, 1, 17, 31)), ("x", (32, 33, 50, 63))):
            for number, bit, direction in lockstep(REGISTER_NUMBERS, bits, directions):
                rt = Reg(width, number)
                table.add(label_steps(call(name, rt.c, bit, "target") + ";",
                                      "%s %s, #%d, %%s" % (name, rt.asm, bit), direction))
    for number, direction in lockstep(REGISTER_NUMBERS, directions):
        rd = Reg("x", number)
        table.add(label_steps(call("adr", rd.c, "target") + ";", "adr %s, %%s" % rd.asm,
                              direction))
    page_offsets = (0, 4096, -4096, (1 << 32) - 4096, -(1 << 32))
    for number, offset in lockstep(REGISTER_NUMBERS, page_offsets):
        rd = Reg("x", number)
        table.single(call("adrp", rd.c, "INT64_C(%d)" % offset), "adrp %s, #%d" % (rd.asm, offset))
    for name in ("br", "blr"):
        for number in REGISTER_NUMBERS:
            rn = Reg("x", number)
            table.single(call(name, rn.c), "%s %s" % (name, rn.asm))
    table.single(call("ret"), "ret")
    table.single(call("nop"), "nop")
    for value in (0, 1, 0x1234, 0xFFFF):
        table.single(call("brk", hex_value(value) + "u"), "brk #0x%x" % value)


def register_list(first, count, arrangement):
    return "{%s}" % ", ".join("v%d.%s" % ((first + i) % 32, arrangement) for i in range(count))


def neon_cases(table):
    for name in ("ld1", "ld1_post"):
        for arrangement, count, first, base in lockstep(ARRANGEMENTS, (1, 2, 3, 4),
                                                        (0, 1, 30, 31), (0, 1, 30, 31)):
            rn = Reg("x", base, True)
            address = "[%s]" % rn.asm
            if name == "ld1_post":
                bytes_loaded = count * (16 if arrangement in ("16b", "8h", "4s", "2d") else 8)
                address += ", #%d" % bytes_loaded
            table.single(call(name, arrangement_c(arrangement), vector(first), count, rn.c),
                         "ld1 %s, %s" % (register_list(first, count, arrangement), address))
    # The prefilter's main loop: four 16-byte blocks a step, post-indexed.
    table.single(call("ld1_post", arrangement_c("16b"), vector(0), 4, Reg("x", 12, True).c),
                 "ld1 %s, [x12], #64" % register_list(0, 4, "16b"))
    for arrangement, numbers in lockstep(ALL_BUT_1D, rotations(2)):
        general = Reg("x" if arrangement == "2d" else "w", numbers[1])
        table.single(call("dup_general", arrangement_c(arrangement), vector(numbers[0]), general.c),
                     "dup v%d.%s, %s" % (numbers[0], arrangement, general.asm))
    for arrangement in ("16b", "8h", "4s", "2d"):
        element = arrangement[-1]
        for numbers, index in lockstep(rotations(2), (0, 1, lanes(arrangement) - 1)):
            rd = Reg("x" if element == "d" else "w", numbers[0])
            table.single(call("umov", arrangement_c(arrangement), rd.c, vector(numbers[1]), index),
                         "umov %s, v%d.%s[%d]" % (rd.asm, numbers[1], element, index))
    for width, scalar in (("w", "s"), ("x", "d")):
        for numbers in rotations(2):
            rd = Reg(width, numbers[0])
            table.single(call("fmov_to_general", rd.c, vector(numbers[1])),
                         "fmov %s, %s%d" % (rd.asm, scalar, numbers[1]))
    three_same = (("cmeq", "cmeq", ALL_BUT_1D), ("cmhs", "cmhs", ALL_BUT_1D),
                  ("cmhi", "cmhi", ALL_BUT_1D), ("addp", "addp", ALL_BUT_1D),
                  ("and_vector", "and", ("8b", "16b")), ("bic_vector", "bic", ("8b", "16b")),
                  ("orr_vector", "orr", ("8b", "16b")), ("eor_vector", "eor", ("8b", "16b")))
    for function, mnemonic, arrangements in three_same:
        for arrangement, numbers in lockstep(arrangements, rotations(3)):
            d, n, m = numbers
            table.single(call(function, arrangement_c(arrangement), vector(d), vector(n),
                              vector(m)),
                         "%s v%d.%s, v%d.%s, v%d.%s" % (mnemonic, d, arrangement, n, arrangement,
                                                       m, arrangement))
    for name in ("umaxv", "uminv"):
        for arrangement, numbers in lockstep(("8b", "16b", "4h", "8h", "4s"), rotations(2)):
            d, n = numbers
            table.single(call(name, arrangement_c(arrangement), vector(d), vector(n)),
                         "%s %s%d, v%d.%s" % (name, arrangement[-1], d, n, arrangement))
    for arrangement, source in (("8b", "8h"), ("4h", "4s"), ("2s", "2d")):
        bits = element_bits(arrangement)
        for numbers, shift in lockstep(rotations(2), (1, 2, bits // 2, bits)):
            d, n = numbers
            table.single(call("shrn", arrangement_c(arrangement), vector(d), vector(n), shift),
                         "shrn v%d.%s, v%d.%s, #%d" % (d, arrangement, n, source, shift))
    for arrangement in ALL_BUT_1D:
        bits = element_bits(arrangement)
        for numbers, shift in lockstep(rotations(2), (1, bits)):
            d, n = numbers
            table.single(call("ushr", arrangement_c(arrangement), vector(d), vector(n), shift),
                         "ushr v%d.%s, v%d.%s, #%d" % (d, arrangement, n, arrangement, shift))
    for arrangement in ("8b", "16b"):  # the table registers are 16B either way
        for numbers, count in lockstep(rotations(3), (1, 2, 3, 4)):
            d, n, m = numbers
            table.single(call("tbl", arrangement_c(arrangement), vector(d), vector(n), count,
                              vector(m)),
                         "tbl v%d.%s, %s, v%d.%s" % (d, arrangement,
                                                     register_list(n, count, "16b"),
                                                     m, arrangement))
    for arrangement, number, value in lockstep(("8b", "16b"), REGISTER_NUMBERS,
                                               (0, 1, 0x41, 0xFF)):
        table.single(call("movi", arrangement_c(arrangement), vector(number), c_unsigned(value)),
                     "movi v%d.%s, #0x%x" % (number, arrangement, value))
    for number, value in lockstep(REGISTER_NUMBERS, (0, 0xFF, 0xFF00FF00FF00FF00,
                                                     0xFFFFFFFFFFFFFFFF, 0x00000000FFFF0000)):
        table.single(call("movi", "A64_2D", vector(number), c_unsigned(value)),
                     "movi v%d.2d, #0x%x" % (number, value))


def build_table():
    table = Table()
    add_sub_cases(table)
    logical_cases(table)
    bitfield_cases(table)
    conditional_cases(table)
    move_cases(table)
    memory_cases(table)
    branch_cases(table)
    neon_cases(table)
    return table


def check_coverage(table):
    """Fails unless every emitter declared in EMITTER_HEADERS is called by
    some case, so a new emitter cannot go untested against llvm-mc."""
    declared = set()
    for header in EMITTER_HEADERS:
        with open(os.path.join(ROOT, "src", "regex", "arm64", header)) as handle:
            declared.update(re.findall(r"\bvoid (a64_\w+)\(a64_buffer \*buffer", handle.read()))
    called = set()
    for steps in table.cases:
        for statement, _ in steps:
            if statement is not None:
                called.update(re.findall(r"\b(a64_\w+)\(buffer", statement))
    missing = sorted(declared - called)
    if not declared or missing:
        raise SystemExit("gen_a64_encoding_table: no cases for %s" % ", ".join(missing or ["any"]))


def is_instruction(line):
    return not line.endswith(":")


def text_section(object_bytes):
    """The contents of .text of a little-endian ELF64 object; fails if the
    section has relocations (every label must be resolved locally)."""
    section_offset, = struct.unpack_from("<Q", object_bytes, 0x28)
    entry_size, count, names_index = struct.unpack_from("<HHH", object_bytes, 0x3A)
    sections = []
    for index in range(count):
        base = section_offset + index * entry_size
        name, _, _, _, offset, size = struct.unpack_from("<IIQQQQ", object_bytes, base)
        sections.append((name, offset, size))
    names_offset = sections[names_index][1]

    def name_of(section):
        start = names_offset + section[0]
        return object_bytes[start:object_bytes.index(b"\0", start)].decode()

    named = {name_of(section): section for section in sections}
    if ".rela.text" in named:
        raise SystemExit("gen_a64_encoding_table: unresolved relocations in .text")
    _, offset, size = named[".text"]
    return object_bytes[offset:offset + size]


def assemble(table, llvm_mc):
    lines = []
    for steps in table.cases:
        lines.extend(assembly for _, assembly in steps if assembly is not None)
        lines.append(".inst 0x%08x" % MARKER_WORD)
    with tempfile.TemporaryDirectory() as directory:
        source = os.path.join(directory, "cases.s")
        output = os.path.join(directory, "cases.o")
        with open(source, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        subprocess.run([llvm_mc, "-triple=aarch64", "-mattr=+neon", "-filetype=obj",
                        "-o", output, source], check=True)
        with open(output, "rb") as handle:
            code = text_section(handle.read())
    words = list(struct.unpack("<%dI" % (len(code) // 4), code))
    results = []
    current = []
    for word in words:
        if word == MARKER_WORD:
            results.append(current)
            current = []
        else:
            current.append(word)
    if current or len(results) != len(table.cases):
        raise SystemExit("gen_a64_encoding_table: case boundaries lost in the object file")
    for steps, case_words in zip(table.cases, results):
        expected = sum(1 for _, assembly in steps if assembly and is_instruction(assembly))
        if len(case_words) != expected or expected > MAX_WORDS:
            raise SystemExit("gen_a64_encoding_table: %r gave %d words"
                             % ([a for _, a in steps], len(case_words)))
    return results


def render(table, results):
    out = []
    out.append("/* Generated by scripts/gen_a64_encoding_table.py from llvm-mc-14: DO NOT EDIT.")
    out.append(" * Each case runs emitter calls on an empty a64_buffer; the words it")
    out.append(" * emits must equal what the reference assembler made of the text. */")
    out.append("#ifndef JRX_TESTS_ARM64_ENCODING_CASES_H")
    out.append("#define JRX_TESTS_ARM64_ENCODING_CASES_H")
    out.append("")
    out.append("#define ENCODING_CASE_MAX_WORDS %d" % MAX_WORDS)
    out.append("")
    out.append("typedef struct encoding_case {")
    out.append("  const char *assembly;")
    out.append("  void (*emit)(a64_buffer *buffer);")
    out.append("  size_t word_count;")
    out.append("  uint32_t words[ENCODING_CASE_MAX_WORDS];")
    out.append("} encoding_case;")
    out.append("")
    for index, steps in enumerate(table.cases):
        out.append("static void encoding_case_%d(a64_buffer *buffer) {" % index)
        for statement, _ in steps:
            if statement is not None:
                out.append("  " + statement)
        out.append("}")
        out.append("")
    out.append("static const encoding_case encoding_cases[] = {")
    for index, (steps, words) in enumerate(zip(table.cases, results)):
        text = "; ".join(assembly for _, assembly in steps if assembly is not None)
        word_list = ", ".join("0x%08xu" % word for word in words)
        out.append("  {\"%s\", encoding_case_%d, %d, {%s}}," % (text, index, len(words), word_list))
    out.append("};")
    out.append("")
    out.append("#endif")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed file instead of writing it")
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--llvm-mc", default="llvm-mc-14")
    arguments = parser.parse_args()
    llvm_mc = shutil.which(arguments.llvm_mc)
    if llvm_mc is None:
        print("gen_a64_encoding_table: %s not found" % arguments.llvm_mc, file=sys.stderr)
        return SKIP_EXIT_CODE if arguments.check else 1
    table = build_table()
    check_coverage(table)
    content = render(table, assemble(table, llvm_mc))
    if arguments.check:
        try:
            with open(arguments.output) as handle:
                committed = handle.read()
        except FileNotFoundError:
            committed = None
        if committed != content:
            print("gen_a64_encoding_table: %s is out of date; rerun the script"
                  % arguments.output, file=sys.stderr)
            return 1
        print("gen_a64_encoding_table: %d cases match" % len(table.cases))
        return 0
    with open(arguments.output, "w") as handle:
        handle.write(content)
    print("gen_a64_encoding_table: wrote %d cases to %s" % (len(table.cases), arguments.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
