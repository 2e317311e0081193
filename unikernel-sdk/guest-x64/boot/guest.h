// x64 guest runtime constants (prototype of unikernel-sdk/guest-x64, see docs/x86.md).
#pragma once

#define MAX_VCPUS       8
#define STACK_SIZE      0x4000
#define SEL_CODE64      0x08
#define SEL_DATA        0x10
#define FRAME_SIZE      (22 * 8)     // 15 GPRs + vector + error + rip, cs, rflags, rsp, ss
