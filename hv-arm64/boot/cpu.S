// Small leaf functions C# calls through [RuntimeImport] for things C# cannot express:
// system registers, SMC, barriers. (Write barriers: unikernel-sdk/arm64/runtime.S.)
#include "sysregs.h"
#include "sysreg-accessors.inc"

    .text
    READ_SYSREG arm64_read_currentel, CurrentEL
    READ_SYSREG arm64_read_mpidr, mpidr_el1
    READ_SYSREG arm64_read_midr, midr_el1
    READ_SYSREG arm64_read_id_aa64mmfr0, id_aa64mmfr0_el1
    READ_SYSREG arm64_read_cntfrq, cntfrq_el0
    READ_SYSREG arm64_read_cntpct, cntpct_el0
    READ_SYSREG arm64_read_hpfar, hpfar_el2
    READ_SYSREG arm64_read_tpidr, tpidr_el2
    WRITE_SYSREG arm64_write_tpidr, tpidr_el2

    // Virtualization controls, written once per core before entering its guest.
    WRITE_SYSREG arm64_write_hcr, hcr_el2
    WRITE_SYSREG arm64_write_vtcr, vtcr_el2
    WRITE_SYSREG arm64_write_vmpidr, vmpidr_el2
    WRITE_SYSREG arm64_write_vpidr, vpidr_el2
    WRITE_SYSREG arm64_write_sctlr_el1, sctlr_el1
    WRITE_SYSREG arm64_write_cnthctl, cnthctl_el2
    WRITE_SYSREG arm64_write_cntvoff, cntvoff_el2
    WRITE_SYSREG arm64_write_cntv_ctl, cntv_ctl_el0
    // The hypervisor's own physical timer (watchdogs).
    WRITE_SYSREG arm64_write_cnthp_cval, cnthp_cval_el2
    WRITE_SYSREG arm64_write_cnthp_ctl, cnthp_ctl_el2

    // GICv3 CPU interface (ICC, hypervisor's own) and virtual interface control (ICH).
    READ_SYSREG  arm64_read_icc_iar1, S3_0_C12_C12_0
    WRITE_SYSREG arm64_write_icc_eoir1, S3_0_C12_C12_1
    WRITE_SYSREG arm64_write_icc_dir, S3_0_C12_C11_1
    WRITE_SYSREG arm64_write_icc_pmr, S3_0_C4_C6_0
    READ_SYSREG  arm64_read_icc_ctlr, S3_0_C12_C12_4
    WRITE_SYSREG arm64_write_icc_ctlr, S3_0_C12_C12_4
    WRITE_SYSREG arm64_write_icc_igrpen1, S3_0_C12_C12_7
    WRITE_SYSREG arm64_write_icc_sgi1r, S3_0_C12_C11_5
    // Group 0 (the hypervisor's own interrupts on a direct-interrupt core, docs/direct-interrupts.md).
    READ_SYSREG  arm64_read_icc_iar0, S3_0_C12_C8_0
    WRITE_SYSREG arm64_write_icc_eoir0, S3_0_C12_C8_1
    WRITE_SYSREG arm64_write_icc_igrpen0, S3_0_C12_C12_6
    WRITE_SYSREG arm64_write_icc_ap1r0, S3_0_C12_C9_0
    WRITE_SYSREG arm64_write_icc_bpr1, S3_0_C12_C12_3
    READ_SYSREG  arm64_read_icc_sre_el2, S3_4_C12_C9_5
    WRITE_SYSREG arm64_write_icc_sre_el2, S3_4_C12_C9_5
    READ_SYSREG  arm64_read_ich_hcr, S3_4_C12_C11_0
    WRITE_SYSREG arm64_write_ich_hcr, S3_4_C12_C11_0
    READ_SYSREG  arm64_read_ich_vtr, S3_4_C12_C11_1
    READ_SYSREG  arm64_read_ich_elrsr, S3_4_C12_C11_5
    WRITE_SYSREG arm64_write_ich_vmcr, S3_4_C12_C11_7
    WRITE_SYSREG arm64_write_ich_ap1r0, S3_4_C12_C9_0

    // ICH_LR<n>_EL2 (x0 = n, x1 = value): a jump into a table of 16 two-instruction entries.
    .global arm64_write_ich_lr
arm64_write_ich_lr:
    and     x0, x0, #15
    adr     x2, 1f
    add     x2, x2, x0, lsl #3
    br      x2
1:
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7
    msr     S3_4_C12_C12_\n, x1
    ret
    .endr
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7
    msr     S3_4_C12_C13_\n, x1
    ret
    .endr

    .global arm64_irq_unmask           // take IRQs at EL2 (while parked)
arm64_irq_unmask:
    msr     daifclr, #2
    ret

    .global arm64_irq_mask
arm64_irq_mask:
    msr     daifset, #2
    ret

    .global arm64_wfi
arm64_wfi:
    wfi
    ret

    // Stage 2: install a domain's tables (x0 = VTTBR value) and drop stale translations of that VMID.
    .global arm64_switch_stage2
arm64_switch_stage2:
    msr     vttbr_el2, x0
    isb
    tlbi    vmalls12e1
    dsb     nsh
    isb
    ret

    // Makes freshly copied guest code visible to a guest running with its MMU off:
    // clean+invalidate the data cache to the point of coherency, then drop every core's instruction cache.
    // x0 = start, x1 = size.
    .global arm64_sync_caches
arm64_sync_caches:
    mrs     x3, ctr_el0
    ubfx    x3, x3, #16, #4              // DminLine: log2(words per line)
    mov     x2, #4
    lsl     x2, x2, x3                   // line size in bytes
    add     x1, x0, x1
    sub     x3, x2, #1
    bic     x0, x0, x3
1:  dc      civac, x0
    add     x0, x0, x2
    cmp     x0, x1
    b.lo    1b
    dsb     sy
    ic      ialluis                      // every core: the guest may start on another one
    dsb     sy
    isb
    ret

    // Atomic primitives for cross-core state (exclusive load/store: ARMv8.0).
    .global arm64_atomic_swap32        // x0 = address, w1 = new value; returns the old value
arm64_atomic_swap32:
1:  ldaxr   w2, [x0]
    stlxr   w3, w1, [x0]
    cbnz    w3, 1b
    mov     w0, w2
    ret

    .global arm64_atomic_or64          // x0 = address, x1 = bits; returns the old value
arm64_atomic_or64:
1:  ldaxr   x2, [x0]
    orr     x4, x2, x1
    stlxr   w3, x4, [x0]
    cbnz    w3, 1b
    mov     x0, x2
    ret

    .global arm64_atomic_take64        // x0 = address; returns the value and leaves 0
arm64_atomic_take64:
1:  ldaxr   x2, [x0]
    stlxr   w3, xzr, [x0]
    cbnz    w3, 1b
    mov     x0, x2
    ret

    .global arm64_store_release32      // x0 = address, w1 = value
arm64_store_release32:
    stlr    w1, [x0]
    ret

    // Enters a guest vCPU at EL1h with the MMU off and interrupts masked: x0 = entry point,
    // x1 = argument (x0 of the guest), x2 = this core's hypervisor stack top (the trap frames of
    // earlier runs are abandoned). General registers are cleared so no hypervisor data leaks.
    .global arm64_enter_guest
arm64_enter_guest:
    msr     elr_el2, x0
    mov     x0, #0x3c5                   // SPSR: EL1h, D, A, I, F masked
    msr     spsr_el2, x0
    mov     sp, x2
    mov     x0, x1
    .irp r, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
    mov     x\r, #0
    .endr
    // FP/SIMD no longer trapped (vectors.S: lazy save), and no hypervisor value (nor a previous
    // run's) reaches the guest in the FP/SIMD registers.
    mrs     x1, cptr_el2
    bic     x1, x1, #(1 << 10)
    msr     cptr_el2, x1
    isb
    mov     x1, #0
    .irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    movi    v\r\().2d, #0
    .endr
    msr     fpsr, xzr
    msr     fpcr, xzr
    eret

    .global arm64_install_vectors       // (x0 = vector base)
arm64_install_vectors:
    msr     vbar_el2, x0
    isb
    ret

    .global arm64_vector_base
arm64_vector_base:
    ldr     x0, =hv_vectors
    ret

    .global arm64_secondary_entry      // where PSCI CPU_ON starts secondary cores
arm64_secondary_entry:
    ldr     x0, =_secondary_el2
    ret

    .global arm64_stacks_start
arm64_stacks_start:
    ldr     x0, =__stacks_start
    ret

    .global arm64_smc                   // x0 = function id, x1..x3 = arguments; returns x0
arm64_smc:
    smc     #0
    ret

    .global arm64_halt
arm64_halt:
    msr     daifset, #0xf
1:  wfe
    b       1b

    .global arm64_dsb_sy
arm64_dsb_sy:
    dsb     sy
    ret

// Fault injection for the panic path test: reads an address outside the 4 GiB map.
    .global arm64_touch_unmapped
arm64_touch_unmapped:
    mov     x0, #0x100000000
    ldr     x0, [x0]
    ret

