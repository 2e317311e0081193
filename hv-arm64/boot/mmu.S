// The hypervisor's own stage-1 map at EL2: the low 4 GiB identity-mapped with 2 MiB blocks,
// the board's RAM range Normal write-back cacheable, everything else Device-nGnRnE (never
// executable). The tables live in their own section, outside .bss.
#include "sysregs.h"

    .text
    .global mmu_enable_identity
mmu_enable_identity:
    ldr     x0, =__pt_l2
    mov     x1, #0                       // physical address of the current block
    ldr     x3, =__ram_base
    ldr     x4, =__ram_end
    mov     x5, #(4 * 512)               // 4 level-2 tables of 512 blocks
    ldr     x6, =PTE_BLOCK_NORMAL
    ldr     x7, =PTE_BLOCK_DEVICE
1:  cmp     x1, x3
    b.lo    2f
    cmp     x1, x4
    b.hs    2f
    orr     x2, x1, x6
    b       3f
2:  orr     x2, x1, x7
3:  str     x2, [x0], #8
    add     x1, x1, #0x200000
    subs    x5, x5, #1
    b.ne    1b

    ldr     x0, =__pt_l1                 // 4 level-1 entries, 1 GiB each, pointing at the L2 tables
    ldr     x1, =__pt_l2
    mov     x5, #4
4:  orr     x2, x1, #PTE_TABLE
    str     x2, [x0], #8
    add     x1, x1, #4096
    subs    x5, x5, #1
    b.ne    4b

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
