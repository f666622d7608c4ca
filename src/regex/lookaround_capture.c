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
    const size_t *found = NULL;
    int status = JRX_NOMATCH;
    for (uint32_t i = 0; i < passed->branch_count && status == JRX_NOMATCH; i++) {
      const lookaround_branch *branch = &program->lookaround_branches[passed->first_branch + i];
      size_t from =
          passed->behind ? lookaround_branch_start(&where, position, branch->characters) : position;
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
    for (uint32_t slot = 2; slot < program->slot_count; slot++) {
      if (found[slot] != JRX_UNSET) {
        slots[slot] = found[slot];
      }
    }
  }
  return 0;
}
