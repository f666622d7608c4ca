/* lookaround_capture: the bodies of the lookarounds a match passed, run
 * again with the Pike VM to fill their groups (lookaround_capture.h). A
 * lookaround comes after the ones nested in it (nfa.h), so walking them
 * from the last one runs each body after the one holding it has set its
 * position slot. */
#include "lookaround_capture.h"

#include "jrx.h"
#include "lookaround.h"

/* Runs the body of lookaround `run` where the match passed it, at
 * position, its branches in order: *found, a match's slots. Returns as
 * pike_match_branch. */
static int run_body(const lookaround_subject *where, pike_scratch *scratch, size_t start_offset,
                    uint32_t options, bool *subject_kept, const lookaround *run, size_t position,
                    const size_t **found, pike_stats *stats) {
  const nfa_program *program = where->program;
  int status = JRX_NOMATCH;
  for (uint32_t i = 0; i < run->branch_count && status == JRX_NOMATCH; i++) {
    const lookaround_branch *branch = &program->lookaround_branches[run->first_branch + i];
    size_t from =
        run->behind ? lookaround_branch_start(where, position, branch->characters) : position;
    if (from != SIZE_MAX) {
      /* The runs after the first read the subject the first read. */
      pike_scratch_keep_subject(scratch, *subject_kept);
      *subject_kept = true;
      status = pike_match_branch(program, scratch, where->subject, where->length, start_offset,
                                 options, branch->start, from, found, stats);
    }
  }
  return status;
}

/* The lookaround nested in a body whose run left found that set group
 * there (lookaround_sets_group), or NULL. */
static const lookaround *nested_setter(const nfa_program *program, const size_t *found,
                                       uint32_t group) {
  for (uint32_t index = 0; index < program->lookaround_count; index++) {
    const lookaround *nested = &program->lookarounds[index];
    if (nested->position_slot != LOOKAROUND_NO_POSITION_SLOT &&
        found[nested->position_slot] != JRX_UNSET &&
        lookaround_sets_group(program->instructions, program->lookarounds, index, group)) {
      return nested;
    }
  }
  return NULL;
}

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
    /* A group's condition: its source's body fills that group alone. */
    uint32_t group = passed->group;
    const lookaround *run = group != 0 ? &program->lookarounds[passed->source] : passed;
    const size_t *found = NULL;
    int status = run_body(&where, scratch, start_offset, options, &subject_kept, run,
                          slots[passed->position_slot], &found, stats);
    /* A group that a lookaround nested in the body set: the body's run
     * says where it last passed one that set it, whose run there sets it
     * or says where to go on. */
    while (status == 1 && group != 0 && found[2 * group + 1] == JRX_UNSET) {
      const lookaround *nested = nested_setter(program, found, group);
      status = nested == NULL ? JRX_NOMATCH
                              : run_body(&where, scratch, start_offset, options, &subject_kept,
                                         nested->group != 0 ? &program->lookarounds[nested->source]
                                                            : nested,
                                         found[nested->position_slot], &found, stats);
    }
    if (status != 1) {
      return status == JRX_NOMATCH ? JRX_ERROR_INTERNAL : status;
    }
    uint32_t first = group != 0 ? 2 * group : 2;
    uint32_t end = group != 0 ? first + 2 : program->slot_count;
    for (uint32_t slot = first; slot < end; slot++) {
      if (found[slot] != JRX_UNSET) {
        slots[slot] = found[slot];
      }
    }
  }
  return 0;
}
