// Guest (unikernel) entry at EL1, entered by the hypervisor with the MMU off.
// vCPU 0 starts at _start (x0 = 0); other vCPUs at _secondary_start with x0 = their vCPU index
// (the context id the runtime passes to PSCI CPU_ON). Each vCPU gets its own stack.
#include "guest.h"
#include "identity-map.inc"

    .section .text.boot, "ax"
    .global _start
_start:
    mov     x19, #0
    ldr     x1, =__bss_start             // vCPU 0 only: zero .bss and build the page tables
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  bl      build_identity_map
    b       common

    .global _secondary_start
_secondary_start:
    mov     x19, x0                      // vCPU index

common:
    ldr     x1, =CPACR_EL1_FP_ON
    msr     cpacr_el1, x1
    isb
    ldr     x1, =__stacks_start          // sp = stacks + (index + 1) * STACK_SIZE
    add     x2, x19, #1
    mov     x3, #STACK_SIZE
    madd    x1, x2, x3, x1
    mov     sp, x1
    bl      enable_mmu
    ldr     x1, =guest_vectors
    msr     vbar_el1, x1
    isb
    mov     x0, x19
    ldr     x1, =__heap_start
    ldr     x2, =__heap_end
    ldr     x3, =__modules_start
    ldr     x4, =__modules_end
    bl      guest_main
3:  wfi
    b       3b

// The domain's RAM Normal, the rest of the address space Device: anything outside the domain is
// unmapped at stage 2, so touching it traps to the hypervisor.
build_identity_map:
    BUILD_IDENTITY_MAP __pt_l0, __pt_l1, __pt_l2, IDENTITY_L2_TABLES, guest_ram_ranges, PTE_BLOCK_DEVICE_EL1
    ret

enable_mmu:
    ldr     x0, =MAIR_EL1_VALUE
    msr     mair_el1, x0
    IDENTITY_MAP_OUTPUT_SIZE
    lsl     x0, x0, #TCR_EL1_IPS_SHIFT
    ldr     x1, =TCR_EL1_VALUE
    orr     x0, x0, x1
    msr     tcr_el1, x0
    ldr     x0, =__pt_l0
    msr     ttbr0_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x0, =SCTLR_EL1_MMU_ON
    msr     sctlr_el1, x0
    isb
    ret

    .section .rodata
    .balign 8
guest_ram_ranges:                        // the domain's RAM region holding the image (identity-map.inc)
    .quad   1, __ram_base, __ram_end
