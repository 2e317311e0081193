// The runtime symbols every ILCompiler x64 image needs: write barriers and the stack canary.
// Linked into the x64 hypervisor and every x64 guest (the counterpart of unikernel-sdk/arm64/runtime.S).

    .text
// Write barriers called by ILCompiler code when storing references. No GC: plain stores.
// RhpAssignRef / RhpCheckedAssignRef: rdi = destination, rsi = reference.
// RhpByRefAssignRef: rsi = source, rdi = destination, both advanced by 8 (that is movsq).
    .global RhpAssignRef
    .global RhpCheckedAssignRef
RhpAssignRef:
RhpCheckedAssignRef:
    mov     %rsi, (%rdi)
    ret

    .global RhpByRefAssignRef
RhpByRefAssignRef:
    movsq
    ret

    .data
    .balign 8
    .global __security_cookie           // stack-buffer overrun canary read by ILCompiler code
__security_cookie:
    .quad   0x2b992ddfa232c0de


    .text
// Compare-and-swap for the bump allocator, which several vCPUs of a guest use at once:
// rdi = address, rsi = expected, rdx = desired; returns 1 when it swapped, 0 when the value differed.
    .global bh_atomic_cas64
bh_atomic_cas64:
    mov     %rsi, %rax
    lock cmpxchg %rdx, (%rdi)
    sete    %al
    movzx   %al, %eax
    ret
