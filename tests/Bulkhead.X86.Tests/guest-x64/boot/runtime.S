// The runtime symbols every ILCompiler x64 image needs: write barriers and the stack canary.
// (Same role as unikernel-sdk/arm64/runtime.S; moves to unikernel-sdk/x64/ when x64 guests share it.)

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

