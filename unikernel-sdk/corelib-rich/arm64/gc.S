// The garbage collector's machine-level helpers (corelib-rich/Gc/GcWorld.cs, GcCollector.cs), ARM64.

    .text

// void bh_gc_call_spilled(void (*callback)(ulong sp, ulong arg), ulong arg): stores the callee-saved
// registers x19-x29 and lr on the stack, calls callback(sp, arg). Everything the caller's frames keep
// in registers is then on the stack below its previous SP, where the conservative scan finds it.
    .global bh_gc_call_spilled
bh_gc_call_spilled:
    stp     x29, x30, [sp, #-96]!
    mov     x29, sp
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    mov     x2, x0
    mov     x0, sp
    blr     x2
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #96
    ret

// ulong bh_gc_irq_save(void): masks IRQs, returns the previous DAIF.
    .global bh_gc_irq_save
bh_gc_irq_save:
    mrs     x0, daif
    msr     daifset, #2
    ret

// void bh_gc_irq_restore(ulong daif)
    .global bh_gc_irq_restore
bh_gc_irq_restore:
    msr     daif, x0
    ret

// void bh_gc_spin_pause(void): inside spin loops. On a single-threaded emulator (QEMU -icount runs
// the vCPUs round-robin) YIELD hands the host thread to the next vCPU, which is the one spun on.
    .global bh_gc_spin_pause
bh_gc_spin_pause:
    yield
    ret

// Addresses of the linker script's symbols (boot/link.ld): the image ([__image_start, __bss_end)
// is a conservative root range) and the vCPU stacks.
    .global bh_gc_image_start
bh_gc_image_start:
    ldr     x0, =__image_start
    ret

    .global bh_gc_image_end
bh_gc_image_end:
    ldr     x0, =__bss_end
    ret

    .global bh_gc_stacks_start
bh_gc_stacks_start:
    ldr     x0, =__stacks_start
    ret

    .ltorg
