/* lookaround_capture: the groups inside positive lookarounds, filled once
 * the match is known. The engines decide a lookaround as an assertion and
 * never enter its body; the match records where it passed each
 * lookaround holding a group (lookaround.position_slot, a slot after the
 * groups' that the last pass overwrites). For each such lookaround passed,
 * outermost first, the Pike VM runs its body anchored there in priority
 * order, as PCRE2 tries it: a lookahead's body from the position, a
 * lookbehind's branches in order, each from its fixed number of
 * characters before the position (so it ends there); the first match
 * sets the groups, and the position slots of lookarounds nested in it.
 * A lookaround passed several times whose body may leave a group unset
 * also has a condition per group (lookaround.group), whose slot marks the
 * last pass where the body's first match set that group; the body runs
 * there again for that group alone, as PCRE2 keeps it from that pass; a
 * group of a lookaround nested in the body is then followed into it,
 * where that run last passed a lookaround that set it, one level at a
 * time. Each run costs O(n * m), one per lookaround, and per group and
 * level of nesting, so the whole stays O(n * m) per search. */
#ifndef JRX_LOOKAROUND_CAPTURE_H
#define JRX_LOOKAROUND_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nfa.h"
#include "pike.h"

/* Fills, in slots (program->slot_count of them, a match's from the search
 * of subject from start_offset with options), the groups of the
 * lookarounds it passed. subject_kept: the scratch's last search read
 * this subject, unchanged (pike_scratch_keep_subject); the runs after the
 * first keep the tables the first filled where they hold. Returns 0,
 * JRX_ERROR_INTERNAL when a body no longer matches where the match passed
 * it (a bug), or an error of the Pike VM (filling its lookaround tables). */
int lookaround_capture_fill(const nfa_program *program, pike_scratch *scratch,
                            const unsigned char *subject, size_t length, size_t start_offset,
                            uint32_t options, bool subject_kept, size_t *slots,
                            pike_stats *stats);

#endif
