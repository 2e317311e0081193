// Leaf functions of the x64 guest runtime: the hypercall, counter, timer and interrupt control.
    .text
    .global guest_vmcall                 // (function, a1, a2, a3, results*) -> status; ABI: docs/abi.md
guest_vmcall:
    mov     %r8, %r9
    mov     %rdi, %rax
    mov     %rsi, %rdi
    mov     %rdx, %rsi
    mov     %rcx, %rdx
    vmcall
    test    %r9, %r9
    jz      1f
    mov     %rdi, 0(%r9)
    mov     %rsi, 8(%r9)
    mov     %rdx, 16(%r9)
1:  ret

    // The benchmark's round trip: the TSC before and after a VMCALL; between the two RDTSCs only
    // four register moves and the VMCALL. (function, a1, a2, a3) -> ticks
    .global guest_timed_vmcall
guest_timed_vmcall:
    mov     %rdi, %r8                    // function
    mov     %rsi, %rdi                   // a1
    mov     %rdx, %rsi                   // a2 (RDTSC writes RDX and RAX)
    rdtsc
    mov     %eax, %r10d                  // start, low and high halves
    mov     %edx, %r11d
    mov     %rcx, %rdx                   // a3
    mov     %r8, %rax
    vmcall
    rdtsc
    shl     $32, %rdx
    or      %rdx, %rax
    shl     $32, %r11
    or      %r11, %r10
    sub     %r10, %rax
    ret

    .global guest_rdtsc
guest_rdtsc:
    rdtsc
    shl     $32, %rdx
    or      %rdx, %rax
    ret

    .global guest_rdmsr                  // (msr) -> value
guest_rdmsr:
    mov     %edi, %ecx
    rdmsr
    shl     $32, %rdx
    or      %rdx, %rax
    ret

    .global guest_wrmsr                  // (msr, value)
guest_wrmsr:
    mov     %edi, %ecx
    mov     %rsi, %rax
    mov     %rsi, %rdx
    shr     $32, %rdx
    wrmsr
    ret

    .global guest_cpuid_eax              // (leaf) -> EAX
guest_cpuid_eax:
    push    %rbx
    mov     %edi, %eax
    xor     %ecx, %ecx
    cpuid
    pop     %rbx
    ret

    .global guest_irq_enable
guest_irq_enable:
    sti
    ret

    .global guest_irq_disable
guest_irq_disable:
    cli
    ret

    .global guest_memory_barrier         // full barrier (message rings: a store then a load)
guest_memory_barrier:
    mfence
    ret

    .global guest_wait_for_interrupt     // sti; hlt is atomic: an interrupt after the sti ends the hlt
guest_wait_for_interrupt:
    sti
    hlt
    ret

    .global guest_secondary_entry
guest_secondary_entry:
    lea     _secondary_start(%rip), %rax
    ret

    .global guest_undefined
guest_undefined:
    ud2
