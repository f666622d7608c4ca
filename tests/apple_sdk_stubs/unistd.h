/* apple_sdk_stubs (tests): not Apple's header; sysconf as on Darwin. */
#ifndef JRX_STUB_UNISTD_H
#define JRX_STUB_UNISTD_H

#define _SC_PAGESIZE 29

long sysconf(int name);

#endif
