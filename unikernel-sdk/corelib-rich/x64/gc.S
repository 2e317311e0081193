// The garbage collector's machine-level helpers (corelib-rich/Gc/GcWorld.cs, GcCollector.cs), x64.

    .text

// void bh_gc_call_spilled(void (*callback)(ulong sp, ulong arg), ulong arg): pushes the callee-saved
// registers rbx, rbp, r12-r15, calls callback(rsp, arg). Everything the caller's frames keep in
// registers is then on the stack below its previous RSP, where the conservative scan finds it.
    .global bh_gc_call_spilled
bh_gc_call_spilled:
    push    %rbp
    mov     %rsp, %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    sub     $8, %rsp                     // 16-byte alignment at the call
    mov     %rdi, %rax
    mov     %rsp, %rdi
    call    *%rax
    add     $8, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
    ret

// ulong bh_gc_irq_save(void): masks interrupts, returns the previous RFLAGS.
    .global bh_gc_irq_save
bh_gc_irq_save:
    pushfq
    pop     %rax
    cli
    ret

// void bh_gc_irq_restore(ulong rflags): unmasks interrupts if IF was set.
    .global bh_gc_irq_restore
bh_gc_irq_restore:
    test    $0x200, %rdi
    jz      1f
    sti
1:  ret

// void bh_gc_spin_pause(void): inside spin loops (PAUSE: the spin-wait hint).
    .global bh_gc_spin_pause
bh_gc_spin_pause:
    pause
    ret

// Addresses of the linker script's symbols (boot/link.ld): the image ([__image_start, __bss_end)
// is a conservative root range) and the vCPU stacks.
    .global bh_gc_image_start
bh_gc_image_start:
    movabs  $__image_start, %rax
    ret

    .global bh_gc_image_end
bh_gc_image_end:
    movabs  $__bss_end, %rax
    ret

    .global bh_gc_stacks_start
bh_gc_stacks_start:
    movabs  $__stacks_start, %rax
    ret
