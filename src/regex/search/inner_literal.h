/* inner_literal: where in a program every match passes, for literals that
 * every match contains but need not begin with (Holmes in \w+\s+Holmes,
 * ing in [a-z]+ing). A dominator is an instruction that every path from
 * the start to a match goes through; the literals a walk from it gives
 * (literal_extract.h, run from there) begin the rest of every match at
 * the place the match crosses it, so one of them occurs in every match.
 * What a match holds before that place is made of the bytes the program
 * can consume on its way from the start to the dominator. */
#ifndef JRX_SEARCH_INNER_LITERAL_H
#define JRX_SEARCH_INNER_LITERAL_H

#include <stdint.h>

#include "regex/nfa.h"

/* The most dominators inner_literal_dominators reports. */
#define INNER_LITERAL_MAX_DOMINATORS 16u

/* Fills dominators with up to INNER_LITERAL_MAX_DOMINATORS instructions,
 * in the order a match passes them, that every path from program->start
 * to an NFA_MATCH goes through, each a byte range or a split (a walk
 * starts there) and none right after a single-byte range that is one too
 * (a walk from that range already reads it), nor one from which the walk
 * would give up at once (a wide class or a match first). Programs with lookarounds
 * give none (their branches are reached otherwise). Bounded: past a
 * budget of work proportional to the program, fewer or none. Returns
 * how many, or JRX_ERROR_NOMEMORY. */
int inner_literal_dominators(const nfa_program *program, uint32_t *dominators);

/* The bytes any path from program->start consumes before it reaches
 * instruction dominator (bit b of before[b >> 6]). Returns 0 or
 * JRX_ERROR_NOMEMORY. */
int inner_literal_bytes_before(const nfa_program *program, uint32_t dominator,
                               uint64_t before[4]);

#endif
