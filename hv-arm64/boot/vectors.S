// The hypervisor's EL2 exception vectors. Every exception lands in hv_trap (Entry.cs) with a
// TrapFrame (unikernel-sdk/arm64/TrapFrame.cs: x0..x30, ELR, SPSR, ESR, FAR) — except three paths
// that are handled before the generic frame is built:
//  - hypercalls on the fast list (ABI_VERSION, HEARTBEAT, CHANNEL_NOTIFY, YIELD, VCPU_STATS,
//    DOMAIN_INFO): only the registers a C# call may clobber are saved, then the call's own entry
//    (hv_fast_calls, FastCalls.cs) — with neither ELR/SPSR saved nor FP/SIMD trapped: that code
//    has no FP/SIMD instruction (the build checks the linked image, FastPathCheck.cs) and takes
//    no exception. When it declines (the vCPU's run ended), hv_fast_fallback does it all;
//  - interrupts from a guest, the same way, then hv_guest_irq (nothing there reads the frame);
//  - the first FP/SIMD instruction the hypervisor executes after a guest trapped: its FP/SIMD
//    state is saved then (lazily), see below.
//
// Lazy FP/SIMD (no domain ever sees another's or the hypervisor's values): on every exception
// from a guest CPTR_EL2.TFP is set, so the hypervisor's first FP/SIMD instruction traps here
// (EC 0x07) before it can change a guest register. That trap saves q0-q31, FPSR and FPCR in the
// core's save area, clears TFP and retries the instruction. On the way back to the guest, TFP
// still set means nothing was saved (the guest's values are intact in the registers); TFP clear
// means they are restored from the save area. Paths that do not use SIMD (hypercalls, interrupt
// injection) never pay for it. Entering a guest afresh (arm64_enter_guest) zeroes FP/SIMD and
// clears TFP. EL2 takes interrupts only in Vcpu.Park's unmask window (a call boundary, nothing
// live in caller-saved FP/SIMD registers), so the current-EL frames need no FP/SIMD either.
#include "sysregs.h"

#define TRAP_FRAME_SIZE     288         // sizeof(TrapFrame)
#define TRAP_FRAME_ELR      248
#define EC_FP_ACCESS        0x07
#define EC_HVC64            0x16
#define CPTR_TFP_BIT        10
#define FP_AREA_SIZE        528         // q0-q31, FPSR, FPCR
#define HVC_SERVICE_BASE    0xC600      // Hypercall.ServiceBase >> 16 (hv-core/Abi/Hypercall.cs)
// Hypercall numbers (ServiceBase | n) up to this one are looked up in hv_fast_calls.
#define HVC_FAST_LAST       11

.macro ENTRY kind
    .balign 0x80
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\kind
    b       hv_trap_current
.endm

.macro ENTRY_LOWER kind
    .balign 0x80
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\kind
    b       hv_trap_lower
.endm

// Sets CPTR_EL2.TFP: from here on the hypervisor's first FP/SIMD instruction saves the guest's.
.macro TRAP_FP scratch
    mrs     \scratch, cptr_el2
    orr     \scratch, \scratch, #(1 << CPTR_TFP_BIT)
    msr     cptr_el2, \scratch
    isb
.endm

// Back to the guest: its FP/SIMD state again, and TFP clear. Clobbers x0-x2.
.macro GUEST_FP
    mrs     x0, cptr_el2
    tbnz    x0, #CPTR_TFP_BIT, 8f        // still trapping: nothing was saved, the registers are the guest's
    bl      hv_fp_restore
    mrs     x0, cptr_el2
8:  bic     x0, x0, #(1 << CPTR_TFP_BIT)
    msr     cptr_el2, x0
.endm

    .section .text.vectors, "ax"
    .balign 0x800
    .global hv_vectors
hv_vectors:
    ENTRY 0
    ENTRY 1
    ENTRY 2
    ENTRY 3
    // 0x200: synchronous at EL2 with SP_EL2: the lazy FP/SIMD save, else a hypervisor bug.
    .balign 0x80
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mrs     x0, esr_el2
    lsr     x0, x0, #26
    cmp     x0, #EC_FP_ACCESS
    b.eq    hv_fp_save
    mov     x0, #4
    b       hv_trap_current
    ENTRY 5
    ENTRY 6
    ENTRY 7
    // 0x400: synchronous from a guest (AArch64): the hypercall fast path, else the generic frame.
    .balign 0x80
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mrs     x1, esr_el2
    lsr     x1, x1, #26
    cmp     x1, #EC_HVC64
    b.ne    1f
    stp     x2, x3, [sp, #16]
    mov     w2, #(HVC_SERVICE_BASE << 16)
    sub     w1, w0, w2                   // the function id is w0 (SMCCC), as in HypercallDispatcher
    cmp     w1, #HVC_FAST_LAST
    b.ls    hv_hvc_fast
    ldr     x2, [sp, #16]
1:  mov     x0, #8
    b       hv_trap_lower
    // 0x480: IRQ from a guest: the caller-saved-only path too (interrupt handling never reads the frame).
    .balign 0x80
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    b       hv_irq_fast
    ENTRY_LOWER 10
    ENTRY_LOWER 11
    ENTRY_LOWER 12
    ENTRY_LOWER 13
    ENTRY_LOWER 14
    ENTRY_LOWER 15

// The short paths: only what a C# call may clobber (AAPCS64: x0-x18, x30; x19-x29 are preserved
// by it). x0-x3 are saved at [sp] already; x30 goes in x19's slot (one store pair with x18):
// nothing on these paths reads either.
.macro SAVE_CALLER_SAVED
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x30, [sp, #144]
.endm

.macro RESTORE_CALLER_SAVED_AND_RETURN
    ldp     x18, x30, [sp, #144]
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
.endm

// handler(frame, core) with ELR and SPSR in the frame (a lazy FP/SIMD save, or a check-in that
// parks, would overwrite them) and FP/SIMD trapped, then the guest's back.
.macro CALL_WITH_ELR_AND_LAZY_FP handler
    mrs     x1, elr_el2
    mrs     x2, spsr_el2
    stp     x1, x2, [sp, #TRAP_FRAME_ELR]
    TRAP_FP x1
    mov     x0, sp
    mrs     x1, tpidr_el2                // this core's index (Entry.cs)
    bl      \handler
    GUEST_FP
    ldp     x1, x2, [sp, #TRAP_FRAME_ELR]
    msr     elr_el2, x1
    msr     spsr_el2, x2
.endm

// w1 = hypercall number (<= HVC_FAST_LAST), x0-x3 at [sp]: the call's fast entry, if it has one.
// The entry returns 0 when it served the call, else the full path runs (hv_fast_slow).
hv_hvc_fast:
    adr     x2, hv_fast_calls
    ldr     x3, [x2, w1, uxtw #3]
    cbz     x3, 2f
    SAVE_CALLER_SAVED
    mov     x0, sp
    mrs     x1, tpidr_el2                // this core's index (Entry.cs)
    blr     x3
    cbnz    x0, hv_fast_slow
hv_fast_return:
    RESTORE_CALLER_SAVED_AND_RETURN
2:  ldp     x2, x3, [sp, #16]            // no fast entry: the generic frame (x2, x3 as the guest had them)
    mov     x0, #8
    b       hv_trap_lower

// The fast entry declined: hv_fast_fallback (Entry.cs), which may check in, park or enter the
// guest afresh.
hv_fast_slow:
    CALL_WITH_ELR_AND_LAZY_FP hv_fast_fallback
    b       hv_fast_return

// A physical interrupt while a guest ran: hv_guest_irq (Entry.cs).
hv_irq_fast:
    SAVE_CALLER_SAVED
    CALL_WITH_ELR_AND_LAZY_FP hv_guest_irq
    RESTORE_CALLER_SAVED_AND_RETURN

// Per hypercall number 0..HVC_FAST_LAST: its fast entry (FastCalls.cs), or 0.
    .balign 8
hv_fast_calls:
    .quad   hv_fast_abi_version          // 0 ABI_VERSION
    .quad   0                            // 1 CONSOLE_WRITE
    .quad   hv_fast_domain_info          // 2 DOMAIN_INFO
    .quad   hv_fast_yield                // 3 YIELD
    .quad   0                            // 4 DOMAIN_STOP
    .quad   0                            // 5 DOMAIN_RESTART
    .quad   0                            // 6 FATAL_ERROR
    .quad   hv_fast_heartbeat            // 7 HEARTBEAT
    .quad   0                            // 8 DOMAIN_NAME
    .quad   hv_fast_vcpu_stats           // 9 VCPU_STATS
    .quad   0                            // 10 CHANNEL_INFO
    .quad   hv_fast_channel_notify       // 11 CHANNEL_NOTIFY


// The rest of the frame: x2..x30, ELR, SPSR, ESR, FAR. x0 = vector kind; x0, x1 at [sp].
.macro SAVE_FRAME
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
.endm

.macro RESTORE_FRAME_AND_RETURN
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
.endm

hv_trap_lower:
    SAVE_FRAME
    TRAP_FP x2
    mov     x1, x0                       // kind
    mov     x0, sp                       // frame
    bl      hv_trap
    GUEST_FP
    RESTORE_FRAME_AND_RETURN

hv_trap_current:
    SAVE_FRAME
    mov     x1, x0
    mov     x0, sp
    bl      hv_trap
    RESTORE_FRAME_AND_RETURN

// x0 = this core's FP/SIMD save area. Clobbers x1.
.macro FP_AREA
    mrs     x0, tpidr_el2                // core index (Entry.cs)
    mov     x1, #FP_AREA_SIZE
    mul     x0, x0, x1
    adrp    x1, hv_fp_areas
    add     x1, x1, :lo12:hv_fp_areas
    add     x0, x0, x1
.endm

// The hypervisor's first FP/SIMD instruction since the guest trapped: save the guest's state,
// stop trapping, give the hypervisor FPCR = 0 and retry the instruction. x0, x1 saved at [sp].
hv_fp_save:
    mrs     x0, cptr_el2
    bic     x0, x0, #(1 << CPTR_TFP_BIT)
    msr     cptr_el2, x0
    isb
    FP_AREA
    stp     q0, q1, [x0, #0]
    stp     q2, q3, [x0, #32]
    stp     q4, q5, [x0, #64]
    stp     q6, q7, [x0, #96]
    stp     q8, q9, [x0, #128]
    stp     q10, q11, [x0, #160]
    stp     q12, q13, [x0, #192]
    stp     q14, q15, [x0, #224]
    stp     q16, q17, [x0, #256]
    stp     q18, q19, [x0, #288]
    stp     q20, q21, [x0, #320]
    stp     q22, q23, [x0, #352]
    stp     q24, q25, [x0, #384]
    stp     q26, q27, [x0, #416]
    stp     q28, q29, [x0, #448]
    stp     q30, q31, [x0, #480]
    mrs     x1, fpsr
    str     x1, [x0, #512]
    mrs     x1, fpcr
    str     x1, [x0, #520]
    msr     fpcr, xzr
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #TRAP_FRAME_SIZE
    eret

// The guest's FP/SIMD state back from the save area (TFP is clear). Clobbers x0, x1.
hv_fp_restore:
    FP_AREA
    ldp     q0, q1, [x0, #0]
    ldp     q2, q3, [x0, #32]
    ldp     q4, q5, [x0, #64]
    ldp     q6, q7, [x0, #96]
    ldp     q8, q9, [x0, #128]
    ldp     q10, q11, [x0, #160]
    ldp     q12, q13, [x0, #192]
    ldp     q14, q15, [x0, #224]
    ldp     q16, q17, [x0, #256]
    ldp     q18, q19, [x0, #288]
    ldp     q20, q21, [x0, #320]
    ldp     q22, q23, [x0, #352]
    ldp     q24, q25, [x0, #384]
    ldp     q26, q27, [x0, #416]
    ldp     q28, q29, [x0, #448]
    ldp     q30, q31, [x0, #480]
    ldr     x1, [x0, #512]
    msr     fpsr, x1
    ldr     x1, [x0, #520]
    msr     fpcr, x1
    ret

    .bss
    .balign 16
hv_fp_areas:
    .skip   FP_AREA_SIZE * HV_MAX_CORES
