/* lookaround_capture: the bodies of the lookarounds a match passed, run
 * again with the Pike VM to fill their groups (lookaround_capture.h). A
 * lookaround comes after the ones nested in it (nfa.h), so walking them
 * from the last one runs each body after the one holding it has set its
 * position slot. */
#include "lookaround_capture.h"

#include "jrx.h"
#include "lookaround.h"

int lookaround_capture_fill(const nfa_program *program, pike_scratch *scratch,
                            const unsigned char *subject, size_t length, size_t start_offset,
                            uint32_t options, bool subject_kept, size_t *slots,
                            pike_stats *stats) {
  const lookaround_subject where = {
      .program = program,
      .subject = subject,
      .length = length,
      .check_from = lookaround_check_from(program, subject, length, start_offset)};
  for (uint32_t index = program->lookaround_count; index-- > 0;) {
    const lookaround *passed = &program->lookarounds[index];
    if (passed->position_slot == LOOKAROUND_NO_POSITION_SLOT ||
        slots[passed->position_slot] == JRX_UNSET) {
      continue;
    }
    size_t position = slots[passed->position_slot];
    /* A group's condition: its source's body fills that group alone. */
    const lookaround *run = passed->group != 0 ? &program->lookarounds[passed->source] : passed;
    const size_t *found = NULL;
    int status = JRX_NOMATCH;
    for (uint32_t i = 0; i < run->branch_count && status == JRX_NOMATCH; i++) {
      const lookaround_branch *branch = &program->lookaround_branches[run->first_branch + i];
      size_t from =
          run->behind ? lookaround_branch_start(&where, position, branch->characters) : position;
      if (from != SIZE_MAX) {
        /* The runs after the first read the subject the first read. */
        pike_scratch_keep_subject(scratch, subject_kept);
        subject_kept = true;
        status = pike_match_branch(program, scratch, subject, length, start_offset, options,
                                   branch->start, from, &found, stats);
      }
    }
    if (status != 1) {
      return status == JRX_NOMATCH ? JRX_ERROR_INTERNAL : status;
    }
    uint32_t first = passed->group != 0 ? 2 * passed->group : 2;
    uint32_t end = passed->group != 0 ? first + 2 : program->slot_count;
    for (uint32_t slot = first; slot < end; slot++) {
      if (found[slot] != JRX_UNSET) {
        slots[slot] = found[slot];
      }
    }
  }
  return 0;
}
