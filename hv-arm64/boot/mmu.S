// The hypervisor's own stage-1 map at EL2 (identity-map.inc: the board's RAM Normal, the rest of
// the low 4 GiB Device, never executable) and the switch that turns it on. The tables live in
// their own section, outside .bss.
#include "sysregs.h"
#include "identity-map.inc"

    .text
    .global mmu_build_identity          // once, on the boot core
mmu_build_identity:
    BUILD_IDENTITY_MAP __pt_l1, __pt_l2, PTE_BLOCK_DEVICE
    ret

    .global mmu_enable                  // on every core, before its first C# instruction
mmu_enable:
    ldr     x0, =MAIR_EL2_VALUE
    msr     mair_el2, x0
    ldr     x0, =TCR_EL2_VALUE
    msr     tcr_el2, x0
    ldr     x0, =__pt_l1
    msr     ttbr0_el2, x0
    dsb     ish
    isb
    tlbi    alle2
    dsb     ish
    isb
    ldr     x0, =SCTLR_EL2_MMU_ON
    msr     sctlr_el2, x0
    isb
    ret
