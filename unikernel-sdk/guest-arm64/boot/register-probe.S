// guest_register_probe(RegisterProbe* probe): the register-contract check of the test guest
// tests/guests/regcheck. It lives here because a service folder holds C# only; nothing in the
// runtime calls it. It fills every general register (x0-x30), every SIMD register (q0-q31),
// FPCR and FPSR with distinct patterns, performs one exit, and dumps every register into the
// probe, which the C# side compares with the patterns (RegisterPatterns in the service).
//
// Probe layout (RegisterProbe in tests/guests/regcheck/RegisterProbe.cs):
//   0 op, 8 in[6] (x0-x5 before the exit; the other registers get patterns), 56 counter address,
//   64 counter start value, 72 spin budget, 80 x[31] after, 328 fpsr, 336 fpcr, 344 pad, 352 q[32].
// Patterns: xN = 0x5A00+N : 0x1100+N : 0x2200+N : 0x3300+N (16-bit chunks, high to low),
//   qN low = 0xC000+N : 0xD000+N : 0xE000+N : 0xF000+N, high = 0x8000+N : 0x9000+N : 0xA000+N : 0xB000+N,
//   FPCR = PROBE_FPCR, FPSR = PROBE_FPSR.

#define PROBE_FPCR      0x02C00000      // DN, rounding towards zero
#define PROBE_FPSR      0x0800001F      // QC and every cumulative exception flag
#define PROBE_X         80
#define PROBE_FPSR_OFF  328
#define PROBE_Q         352

// Frame of the probe function: callee-saved registers, the probe pointer, the caller's FP modes.
#define F_PROBE         160
#define F_FPCR          168
#define F_FPSR          176
#define F_DAIF          184
#define F_SIZE          192

.macro FILL_X n
    movz    x\n, #(0x3300 + \n)
    movk    x\n, #(0x2200 + \n), lsl #16
    movk    x\n, #(0x1100 + \n), lsl #32
    movk    x\n, #(0x5A00 + \n), lsl #48
.endm

.macro FILL_Q n
    movz    x9, #(0xF000 + \n)
    movk    x9, #(0xE000 + \n), lsl #16
    movk    x9, #(0xD000 + \n), lsl #32
    movk    x9, #(0xC000 + \n), lsl #48
    movz    x10, #(0xB000 + \n)
    movk    x10, #(0xA000 + \n), lsl #16
    movk    x10, #(0x9000 + \n), lsl #32
    movk    x10, #(0x8000 + \n), lsl #48
    fmov    d\n, x9
    mov     v\n\().d[1], x10
.endm

// Everything filled: SIMD and FP control first (they use x9/x10), then x6-x30, then x0-x5 from the probe.
.macro FILL_ALL
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    FILL_Q \n
    .endr
    ldr     x9, =PROBE_FPCR
    msr     fpcr, x9
    ldr     x9, =PROBE_FPSR
    msr     fpsr, x9
    .irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    FILL_X \n
    .endr
    ldr     x0, [sp, #F_PROBE]
    ldp     x1, x2, [x0, #16]
    ldp     x3, x4, [x0, #32]
    ldr     x5, [x0, #48]
    ldr     x0, [x0, #8]
.endm

// Every register into the probe; ends with the probe pointer in x0.
.macro DUMP_ALL
    str     x0, [sp, #-16]!
    ldr     x0, [sp, #(16 + F_PROBE)]
    stp     x1, x2, [x0, #(PROBE_X + 8)]
    stp     x3, x4, [x0, #(PROBE_X + 24)]
    stp     x5, x6, [x0, #(PROBE_X + 40)]
    stp     x7, x8, [x0, #(PROBE_X + 56)]
    stp     x9, x10, [x0, #(PROBE_X + 72)]
    stp     x11, x12, [x0, #(PROBE_X + 88)]
    stp     x13, x14, [x0, #(PROBE_X + 104)]
    stp     x15, x16, [x0, #(PROBE_X + 120)]
    stp     x17, x18, [x0, #(PROBE_X + 136)]
    stp     x19, x20, [x0, #(PROBE_X + 152)]
    stp     x21, x22, [x0, #(PROBE_X + 168)]
    stp     x23, x24, [x0, #(PROBE_X + 184)]
    stp     x25, x26, [x0, #(PROBE_X + 200)]
    stp     x27, x28, [x0, #(PROBE_X + 216)]
    stp     x29, x30, [x0, #(PROBE_X + 232)]
    ldr     x1, [sp], #16
    str     x1, [x0, #PROBE_X]
    mrs     x1, fpsr
    mrs     x2, fpcr
    stp     x1, x2, [x0, #PROBE_FPSR_OFF]
    add     x1, x0, #PROBE_Q
    stp     q0, q1, [x1, #0]
    stp     q2, q3, [x1, #32]
    stp     q4, q5, [x1, #64]
    stp     q6, q7, [x1, #96]
    stp     q8, q9, [x1, #128]
    stp     q10, q11, [x1, #160]
    stp     q12, q13, [x1, #192]
    stp     q14, q15, [x1, #224]
    stp     q16, q17, [x1, #256]
    stp     q18, q19, [x1, #288]
    stp     q20, q21, [x1, #320]
    stp     q22, q23, [x1, #352]
    stp     q24, q25, [x1, #384]
    stp     q26, q27, [x1, #416]
    stp     q28, q29, [x1, #448]
    stp     q30, q31, [x1, #480]
.endm

    .text
    .global guest_register_probe
guest_register_probe:
    stp     x29, x30, [sp, #-F_SIZE]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    stp     d8, d9, [sp, #96]
    stp     d10, d11, [sp, #112]
    stp     d12, d13, [sp, #128]
    stp     d14, d15, [sp, #144]
    str     x0, [sp, #F_PROBE]
    mrs     x1, fpcr
    mrs     x2, fpsr
    stp     x1, x2, [sp, #F_FPCR]
    mrs     x1, daif
    str     x1, [sp, #F_DAIF]
    ldr     x1, [x0]
    cmp     x1, #5
    b.hi    done
    b.ne    1f
    msr     daifset, #2                  // WFI with interrupts masked (wakes on the pending timer)
1:  adr     x2, op_flags                 // the operation travels in NZCV: no register is free
    ldr     w1, [x2, x1, lsl #2]
    msr     nzcv, x1
    FILL_ALL                             // (sets no flags)
    b.mi    exit_hvc                     // N
    b.eq    exit_smc                     // Z
    b.lt    1f                           // V (N is 0)
    b.hi    exit_load                    // C
    b       exit_spin                    // none
1:  b.hi    exit_wfi                     // V and C
    b       exit_store                   // V

exit_hvc:                                // a hypercall or PSCI call: x0-x3 are results
    hvc     #0
    b       dump
exit_smc:                                // the same through the SMC conduit (trapped by the hypervisor)
    smc     #0
    b       dump
exit_load:                               // an emulated MMIO read: w0 = [x1]
    ldr     w0, [x1]
    b       dump
exit_store:                              // an emulated MMIO write: [x1] = w2
    str     w2, [x1]
    b       dump
exit_wfi:
    wfi
    b       dump
exit_spin:                               // spins until the counter changes (an interrupt): x0, x1 scratch
    ldr     x0, [sp, #F_PROBE]
    ldr     x1, [x0, #56]
    ldr     w1, [x1]
    ldr     x0, [x0, #64]
    cmp     x1, x0
    b.ne    dump
    ldr     x0, [sp, #F_PROBE]
    ldr     x1, [x0, #72]
    subs    x1, x1, #1
    str     x1, [x0, #72]
    b.ne    exit_spin
dump:
    DUMP_ALL

done:
    ldp     x1, x2, [sp, #F_FPCR]
    msr     fpcr, x1
    msr     fpsr, x2
    ldr     x1, [sp, #F_DAIF]
    msr     daif, x1
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     d8, d9, [sp, #96]
    ldp     d10, d11, [sp, #112]
    ldp     d12, d13, [sp, #128]
    ldp     d14, d15, [sp, #144]
    ldp     x29, x30, [sp], #F_SIZE
    ret

    .section .rodata
    .balign 4
op_flags:                                // NZCV per operation (bits 31..28): N, Z, C, V, none, C+V
    .word   0x80000000, 0x40000000, 0x20000000, 0x10000000, 0x00000000, 0x30000000
