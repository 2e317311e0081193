// The hypervisor's own stage-1 map at EL2 (identity-map.inc: every RAM range of the board Normal,
// the rest of the physical address space, up to the CPU's size or 1 TiB, Device and never
// executable) and the switch that turns it on. The tables live in their own section, outside .bss.
#include "sysregs.h"
#include "identity-map.inc"

// The board's RAM ranges. A system build (tools/Bulkhead.Systems/SystemBuilder.cs) links a table
// of every RAM bank of the board under this name; without one, the RAM range the image is linked
// for is all the hypervisor maps as memory.
    .section .rodata
    .balign 8
    .weak hv_ram_ranges
hv_ram_ranges:
    .quad   1, __ram_base, __ram_end

    .text
    .global mmu_build_identity          // once, on the boot core
mmu_build_identity:
    BUILD_IDENTITY_MAP __pt_l0, __pt_l1, __pt_l2, HV_IDENTITY_L2_TABLES, hv_ram_ranges, PTE_BLOCK_DEVICE
    ldr     x0, =hv_color_count          // a coloured system: the hypervisor moves onto colour 0 (hv-color.S)
    cbnz    x0, hv_color_relocate
    ret

    .global mmu_enable                  // on every core, before its first C# instruction
mmu_enable:
    ldr     x0, =MAIR_EL2_VALUE
    msr     mair_el2, x0
    IDENTITY_MAP_OUTPUT_SIZE
    lsl     x0, x0, #TCR_EL2_PS_SHIFT
    ldr     x1, =TCR_EL2_VALUE
    orr     x0, x0, x1
    msr     tcr_el2, x0
    ldr     x0, =__hv_el2_root           // __pt_l0, or its colour-0 copy in a coloured system (link.ld)
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
