// EL1 state a vCPU must not inherit from the previous run of its core (a restart, a stopped
// domain): everything the guest could have written and would read back. The guest runtime sets
// what it needs after entry; stale fault addresses, vectors or thread pointers must not leak in.
#include "sysregs.h"
#include "sysreg-accessors.inc"

    .text
    .global arm64_reset_el1_state
arm64_reset_el1_state:
    msr     ttbr0_el1, xzr
    msr     ttbr1_el1, xzr
    msr     tcr_el1, xzr
    msr     mair_el1, xzr
    msr     amair_el1, xzr
    msr     vbar_el1, xzr
    msr     contextidr_el1, xzr
    msr     tpidr_el0, xzr
    msr     tpidrro_el0, xzr
    msr     tpidr_el1, xzr
    msr     esr_el1, xzr
    msr     far_el1, xzr
    msr     afsr0_el1, xzr
    msr     afsr1_el1, xzr
    msr     par_el1, xzr
    msr     elr_el1, xzr
    msr     spsr_el1, xzr
    msr     sp_el0, xzr
    msr     sp_el1, xzr
    msr     cpacr_el1, xzr
    msr     cntkctl_el1, xzr
    msr     cntv_cval_el0, xzr
    msr     mdscr_el1, xzr
    isb
    ret

    // Debug and performance-monitor controls for guests (MDCR_EL2).
    READ_SYSREG  arm64_read_mdcr, mdcr_el2
    WRITE_SYSREG arm64_write_mdcr, mdcr_el2
    READ_SYSREG  arm64_read_id_aa64dfr0, id_aa64dfr0_el1
