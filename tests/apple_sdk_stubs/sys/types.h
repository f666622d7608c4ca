/* apple_sdk_stubs (tests): not Apple's header; off_t as Darwin has it. */
#ifndef JRX_STUB_SYS_TYPES_H
#define JRX_STUB_SYS_TYPES_H

typedef long long off_t;

#endif
