// Secondary cores on spin-table boards (every Raspberry Pi with the stock firmware): the firmware
// holds them in a loop that waits for an address at the core's release address, then jumps there
// at EL2 with the MMU off and no argument. There is no context id, so the core finds its index by
// searching the MPIDRs the boot core stored (from the plan's core table) before releasing it.
#include "sysregs.h"

    .section .text
    .global _secondary_spin
_secondary_spin:
    mrs     x1, mpidr_el1
    ldr     x2, =MPIDR_AFF_MASK
    and     x1, x1, x2
    ldr     x2, =__hv_spin_mpidrs_pa     // read with the MMU off (its colour-0 copy in a coloured system, link.ld): the boot core cleaned it to PoC
    mov     x0, #0
1:  cmp     x0, #HV_MAX_CORES
    b.hs    3f
    ldr     x3, [x2, x0, lsl #3]
    cmp     x3, x1
    b.eq    2f
    add     x0, x0, #1
    b       1b
2:  b       _secondary_el2               // x0 = core index, as PSCI CPU_ON's context id would be
3:  wfe                                  // not a core of the plan: stay out of the way
    b       3b

    // x0 = release address, x1 = entry: store, clean the line to PoC (the waiting core reads it
    // with its caches off), make it visible, wake the cores waiting in WFE.
    .global arm64_spin_release
arm64_spin_release:
    str     x1, [x0]
    dc      civac, x0
    dsb     sy
    sev
    ret

    .global arm64_spin_entry
arm64_spin_entry:
    ldr     x0, =_secondary_spin
    ret

    .global arm64_spin_core_mpidrs
arm64_spin_core_mpidrs:
    ldr     x0, =hv_spin_core_mpidrs
    ret

    .section .data
    .balign 64
    .global hv_spin_core_mpidrs
hv_spin_core_mpidrs:                     // per core index: its MPIDR (all ones = not released)
    .fill   HV_MAX_CORES, 8, 0xffffffffffffffff
