// ARM64 runtime pieces every image (hypervisor and guests) links: the write barriers
// ILCompiler-generated code calls when storing object references, and the stack canary.

    .text
// No garbage collector: plain stores. Special ABI: x14 = destination, x15 = reference,
// x13 = source; the destination (and source) pointers are post-incremented by 8.
    .global RhpAssignRefArm64
    .global RhpCheckedAssignRefArm64
RhpAssignRefArm64:
RhpCheckedAssignRefArm64:
    str     x15, [x14], #8
    ret

    .global RhpByRefAssignRefArm64
RhpByRefAssignRefArm64:
    ldr     x15, [x13], #8
    str     x15, [x14], #8
    ret

    .data
    .balign 8
    .global __security_cookie           // stack-buffer overrun canary checked by ILCompiler code
__security_cookie:
    .quad   0x2b992ddfa232c0de

    .text
// Compare-and-swap for the bump allocator, which several vCPUs of a guest use at once:
// x0 = address, x1 = expected, x2 = desired; returns 1 when it swapped, 0 when the value differed.
    .global bh_atomic_cas64
bh_atomic_cas64:
1:  ldaxr   x3, [x0]
    cmp     x3, x1
    b.ne    2f
    stlxr   w4, x2, [x0]
    cbnz    w4, 1b
    mov     x0, #1
    ret
2:  clrex
    mov     x0, #0
    ret
