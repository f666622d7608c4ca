/* jit_engine_name: jrx_engine()'s answer when part of a pattern's native
 * code could not be built, naming the part and why. The forms are
 * documented in include/jrx.h (jrx_engine); tests tell the "no executable
 * memory" reasons, which a platform may impose, from the others, which
 * are bugs or limits of the JIT. */
#ifndef JRX_JIT_ENGINE_NAME_H
#define JRX_JIT_ENGINE_NAME_H

#include "jit_generation_failure.h"

/* The engine name of a pattern whose build of part failed with status (a
 * JITMEM_ERROR_* or JRX_ERROR_* code): "interpreter (REASON)" for the
 * search code, "arm64-jit (WHAT runs on the interpreter: REASON)" for the
 * capture backtracker or the Pike VM. A fixed string. */
const char *jit_engine_name(jit_part part, int status);

#endif
