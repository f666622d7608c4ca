/* jit_target_probe (compiled, never run): fails to compile unless
 * JRX_HAVE_JIT, as jrx's sources see it with the flags the build gives
 * them, is EXPECTED for the compiler's target. check_jit_target.sh
 * compiles it once per target. */
#include "regex/jrx_context.h"

_Static_assert(JRX_HAVE_JIT == EXPECTED, "JRX_HAVE_JIT is wrong for this target");
