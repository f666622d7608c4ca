/* oracle_names: the JRX_ERROR_* names as the case table and the test
 * reports write them (without the JRX_ERROR_ prefix, e.g. "BAD_UTF"). */
#ifndef JRX_ORACLE_NAMES_H
#define JRX_ORACLE_NAMES_H

/* The name of a jrx return code, or NULL for a code jrx does not have. */
const char *oracle_error_name(int code);
/* Stores the code named name (with or without the JRX_ERROR_ or JRX_ prefix) and
 * returns 1, or returns 0 for an unknown name. */
int oracle_error_code(const char *name, int *code);

#endif
