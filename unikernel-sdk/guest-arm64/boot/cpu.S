// Leaf functions the guest runtime calls through [RuntimeImport]: hypercalls, PSCI, system
// registers of the timer and the GICv3 CPU interface, interrupt masking.

#include "sysreg-accessors.inc"

    .text
    // x0 = function id, x1..x4 = arguments, x5 = pointer to 3 result slots; returns x0.
    .global guest_hvc
guest_hvc:
    mov     x9, x5
    hvc     #0
    cbz     x9, 1f
    stp     x1, x2, [x9]
    str     x3, [x9, #16]
1:  ret

    READ_SYSREG  guest_read_cntvct, cntvct_el0
    READ_SYSREG  guest_read_cntfrq, cntfrq_el0
    WRITE_SYSREG guest_write_cntv_cval, cntv_cval_el0
    WRITE_SYSREG guest_write_cntv_ctl, cntv_ctl_el0
    READ_SYSREG  guest_read_mpidr, mpidr_el1
    READ_SYSREG  guest_read_icc_iar1, S3_0_C12_C12_0
    WRITE_SYSREG guest_write_icc_eoir1, S3_0_C12_C12_1
    WRITE_SYSREG guest_write_icc_pmr, S3_0_C4_C6_0
    WRITE_SYSREG guest_write_icc_igrpen1, S3_0_C12_C12_7
    WRITE_SYSREG guest_write_icc_sgi1r, S3_0_C12_C11_5
    READ_SYSREG  guest_read_icc_sre, S3_0_C12_C12_5
    WRITE_SYSREG guest_write_icc_sre, S3_0_C12_C12_5

    .global guest_secondary_entry      // where PSCI CPU_ON starts the other vCPUs
guest_secondary_entry:
    ldr     x0, =_secondary_start
    ret

    // The PMU cycle counter: count at EL1, EL0 and EL2 (PMCCFILTR_EL0.NSH: time spent in the
    // hypervisor is part of what a guest pays), enable it (PMCR_EL0.E, PMCNTENSET_EL0.C).
    .global guest_cycles_start
guest_cycles_start:
    mov     x0, #(1 << 27)
    msr     pmccfiltr_el0, x0
    mrs     x0, pmcr_el0
    orr     x0, x0, #1
    msr     pmcr_el0, x0
    mov     x0, #(1 << 31)
    msr     pmcntenset_el0, x0
    isb
    ret

    READ_SYSREG guest_read_cycles, pmccntr_el0

    // One hypercall timed with the cycle counter from just before the HVC to just after it (the
    // trap round trip, without the SDK's call overhead): x0 = function id, x1..x3 = a1..a3; returns the
    // cycles. The results are dropped; x0-x3 are the call's result registers (docs/abi.md).
    .global guest_hvc_cycles
// Interrupts are masked around it so that the guest's own handlers are not counted.
guest_hvc_cycles:
    mrs     x11, daif
    msr     daifset, #2
    mrs     x9, pmccntr_el0
    hvc     #0
    mrs     x10, pmccntr_el0
    msr     daif, x11
    sub     x0, x10, x9
    ret

    .global guest_irq_enable
guest_irq_enable:
    msr     daifclr, #2
    ret

    .global guest_irq_disable
guest_irq_disable:
    msr     daifset, #2
    ret

    // Full barrier between shared-memory accesses of cores (message rings: a store then a load).
    .global guest_memory_barrier
guest_memory_barrier:
    dmb     ish
    ret

    .global guest_wfi
guest_wfi:
    wfi
    ret

    .global guest_dsb
guest_dsb:
    dsb     sy
    ret
