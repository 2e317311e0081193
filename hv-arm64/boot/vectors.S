// EL2 exception vectors. Every entry saves the interrupted context as a TrapFrame on the
// stack and calls the C# handler hv_trap(frame, kind); if it returns, the context is restored.
#include "sysregs.h"

.macro VECTOR kind
    .balign 0x80
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\kind
    b       trap_common
.endm

    .section .text.vectors, "ax"
    .balign 0x800
    .global hv_vectors
hv_vectors:
    VECTOR 0    // current EL, SP_EL0: synchronous
    VECTOR 1    //                     IRQ
    VECTOR 2    //                     FIQ
    VECTOR 3    //                     SError
    VECTOR 4    // current EL, SP_ELx: synchronous
    VECTOR 5    //                     IRQ
    VECTOR 6    //                     FIQ
    VECTOR 7    //                     SError
    VECTOR 8    // lower EL, AArch64:  synchronous
    VECTOR 9    //                     IRQ
    VECTOR 10   //                     FIQ
    VECTOR 11   //                     SError
    VECTOR 12   // lower EL, AArch32:  synchronous
    VECTOR 13   //                     IRQ
    VECTOR 14   //                     FIQ
    VECTOR 15   //                     SError

trap_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x1, elr_el2
    stp     x30, x1, [sp, #240]
    mrs     x1, spsr_el2
    mrs     x2, esr_el2
    stp     x1, x2, [sp, #256]
    mrs     x1, far_el2
    str     x1, [sp, #272]
    mov     x1, x0                       // kind
    mov     x0, sp                       // frame
    bl      hv_trap
    ldp     x30, x1, [sp, #240]
    msr     elr_el2, x1
    ldr     x1, [sp, #256]
    msr     spsr_el2, x1
    ldp     x28, x29, [sp, #224]
    ldp     x26, x27, [sp, #208]
    ldp     x24, x25, [sp, #192]
    ldp     x22, x23, [sp, #176]
    ldp     x20, x21, [sp, #160]
    ldp     x18, x19, [sp, #144]
    ldp     x16, x17, [sp, #128]
    ldp     x14, x15, [sp, #112]
    ldp     x12, x13, [sp, #96]
    ldp     x10, x11, [sp, #80]
    ldp     x8, x9, [sp, #64]
    ldp     x6, x7, [sp, #48]
    ldp     x4, x5, [sp, #32]
    ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #TRAP_FRAME_SIZE
    eret
