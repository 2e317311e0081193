// Boot CPU entry at EL2: check the level, enable FP/SIMD, set the stack, zero .bss, build the
// identity map and turn the MMU on (ILCompiler code does 16-byte SIMD stores that need Normal
// memory), then call the C# entry point kmain(boot_arg, heap_start, heap_end, modules_start, modules_end).
#include "sysregs.h"

    .section .text.boot, "ax"
    .global _start
_start:
    // The arm64 Image header (Linux Documentation/arch/arm64/booting.rst), so U-Boot's booti and
    // QEMU accept the raw image: the first word branches over it. link.ld computes the values.
    b       _start_boot                  // code0
    .long   0                            // code1
    .quad   __image_text_offset          // text_offset: load address - 2 MiB-aligned base of its RAM bank
    .quad   __image_footprint            // image_size: everything used after load (.bss, tables, stacks, heap)
    .quad   IMAGE_HEADER_FLAGS           // little-endian, 4 KiB pages, placed at RAM base + text_offset
    .quad   0, 0, 0                      // res2, res3, res4
    .ascii  "ARM\x64"                    // magic at 0x38
    .long   0                            // res5 (no PE/COFF header)

_start_boot:
    mov     x20, x0                      // boot argument: the DTB address from U-Boot or the RPi firmware (BootInfo)
    mrs     x19, mpidr_el1
    ldr     x1, =MPIDR_AFF_MASK
    and     x19, x19, x1
    cbnz    x19, park                    // only the boot core runs this path

    mrs     x1, CurrentEL
    lsr     x1, x1, #2
    cmp     x1, #2
    b.eq    1f
    adr     x0, msg_not_el2
    bl      early_puts
    b       park
1:
    ldr     x1, =CPTR_EL2_NO_TRAPS       // FP/SIMD accesses at EL2 and below do not trap
    msr     cptr_el2, x1
    isb

    mov     x0, #0
    bl      set_core_stack

    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
2:  cmp     x1, x2
    b.hs    3f
    str     xzr, [x1], #8
    b       2b
3:
    bl      mmu_build_identity
    bl      mmu_enable

    mov     x0, x20
    ldr     x1, =__heap_start
    ldr     x2, =__heap_end
    ldr     x3, =__modules_start
    ldr     x4, =__modules_end
    bl      kmain
park:
    wfe
    b       park

// Secondary cores: x0 = core index (PSCI CPU_ON's context id, or found from MPIDR by spin-table.S).
    .global _secondary_el2
_secondary_el2:
    mov     x19, x0
    ldr     x1, =CPTR_EL2_NO_TRAPS
    msr     cptr_el2, x1
    isb
    bl      set_core_stack
    bl      mmu_enable
    mov     x0, x19
    bl      hv_secondary
    b       park

// sp = __stacks_start + (x0 + 1) * HV_STACK_SIZE (each core has its own stack). Clobbers x1, x2.
set_core_stack:
    add     x1, x0, #1
    mov     x2, #HV_STACK_SIZE
    mul     x1, x1, x2
    ldr     x2, =__stacks_start
    add     x1, x1, x2
    mov     sp, x1
    ret

// Prints the NUL-terminated string at x0 on the board's console before anything else works:
// early_putc (w0; clobbers x1, x2) is generated per board from its console type (early-console.S,
// tools/Bulkhead.Build/ConsoleDrivers.cs). Clobbers x0-x5.
early_puts:
    mov     x5, x30
    mov     x4, x0
4:  ldrb    w0, [x4], #1
    cbz     w0, 6f
    bl      early_putc
    b       4b
6:  ret     x5

msg_not_el2:
    .asciz  "PANIC: Bulkhead must be entered at EL2 (check the boot loader / emulator flags)\r\n"
    .balign 4
