// Small leaf functions C# calls through [RuntimeImport] for what C# cannot express: port I/O,
// MSRs, CPUID, control registers, descriptor tables, halting.
// System V calling convention: arguments in rdi, rsi, rdx, rcx; result in rax.
#include "x86.h"

    .text
    .global x86_inb                      // (port) -> byte
x86_inb:
    mov     %edi, %edx
    xor     %eax, %eax
    in      %dx, %al
    ret

    .global x86_outb                     // (port, value)
x86_outb:
    mov     %edi, %edx
    mov     %esi, %eax
    out     %al, %dx
    ret

    .global x86_inw
x86_inw:
    mov     %edi, %edx
    xor     %eax, %eax
    in      %dx, %ax
    ret

    .global x86_outw
x86_outw:
    mov     %edi, %edx
    mov     %esi, %eax
    out     %ax, %dx
    ret

    .global x86_inl
x86_inl:
    mov     %edi, %edx
    in      %dx, %eax
    ret

    .global x86_outl
x86_outl:
    mov     %edi, %edx
    mov     %esi, %eax
    out     %eax, %dx
    ret

    .global x86_rdmsr                    // (msr) -> value
x86_rdmsr:
    mov     %edi, %ecx
    rdmsr
    shl     $32, %rdx
    or      %rdx, %rax
    ret

    .global x86_wrmsr                    // (msr, value)
x86_wrmsr:
    mov     %edi, %ecx
    mov     %rsi, %rax
    mov     %rsi, %rdx
    shr     $32, %rdx
    wrmsr
    ret

    .global x86_cpuid                    // (leaf, subleaf, uint* eax_ebx_ecx_edx)
x86_cpuid:
    push    %rbx
    mov     %edi, %eax
    mov     %esi, %ecx
    mov     %rdx, %r8
    cpuid
    mov     %eax, 0(%r8)
    mov     %ebx, 4(%r8)
    mov     %ecx, 8(%r8)
    mov     %edx, 12(%r8)
    pop     %rbx
    ret

    .global x86_rdtsc
x86_rdtsc:
    rdtsc
    shl     $32, %rdx
    or      %rdx, %rax
    ret

.macro READ_REG name, reg
    .global \name
\name:
    mov     \reg, %rax
    ret
.endm
    READ_REG x86_read_cr0, %cr0
    READ_REG x86_read_cr3, %cr3
    READ_REG x86_read_cr4, %cr4

    .global x86_write_cr0
x86_write_cr0:
    mov     %rdi, %cr0
    ret

    .global x86_write_cr4
x86_write_cr4:
    mov     %rdi, %cr4
    ret

.macro READ_SEG name, seg
    .global \name
\name:
    xor     %eax, %eax
    mov     \seg, %ax
    ret
.endm
    READ_SEG x86_read_cs, %cs
    READ_SEG x86_read_ss, %ss
    READ_SEG x86_read_ds, %ds
    READ_SEG x86_read_es, %es
    READ_SEG x86_read_fs, %fs
    READ_SEG x86_read_gs, %gs

    .global x86_read_tr
x86_read_tr:
    xor     %eax, %eax
    str     %ax
    ret

    .global x86_gdt_base
x86_gdt_base:
    sub     $16, %rsp
    sgdt    (%rsp)
    mov     2(%rsp), %rax
    add     $16, %rsp
    ret

    .global x86_idt_base
x86_idt_base:
    sub     $16, %rsp
    sidt    (%rsp)
    mov     2(%rsp), %rax
    add     $16, %rsp
    ret

    .global x86_tss_base                 // (core) -> that core's TSS
x86_tss_base:
    imul    $TSS_STRIDE, %edi, %eax
    lea     tss(%rip), %rcx
    add     %rcx, %rax
    ret

    .global x86_xchg32                   // (location, value) -> old value; xchg is atomic and a full barrier
x86_xchg32:
    mov     %esi, %eax
    xchg    %eax, (%rdi)
    ret

    .global x86_store_release32          // (location, value): plain store (x86 is TSO)
x86_store_release32:
    mov     %esi, (%rdi)
    ret

    .global x86_pause
x86_pause:
    pause
    ret

    .global x86_halt                     // stops this core for good
x86_halt:
    cli
1:  hlt
    jmp     1b

    .global x86_outsb                    // (port, bytes, count): writes a string to one port
x86_outsb:
    mov     %rdx, %rcx
    mov     %edi, %edx
    rep outsb
    ret

// Fault injection for the panic path test: reads an address outside the 4 GiB identity map.
    .global x86_touch_unmapped
x86_touch_unmapped:
    movabs  $0x100000000, %rax
    mov     (%rax), %rax
    ret

// Link-time addresses the C# side needs (the linker script defines them).
.macro SYMBOL_ADDRESS name, symbol
    .text
    .global \name
\name:
    movabs  $\symbol, %rax
    ret
.endm
    SYMBOL_ADDRESS x86_pages_start, __pages_start
    SYMBOL_ADDRESS x86_pages_end, __pages_end
    SYMBOL_ADDRESS x86_image_start, __image_start
    SYMBOL_ADDRESS x86_image_reserved_end, __pages_end
    SYMBOL_ADDRESS x86_ap_stacks, __ap_stacks
    SYMBOL_ADDRESS x86_ap_trampoline, ap_trampoline
    SYMBOL_ADDRESS x86_ap_trampoline_end, ap_trampoline_end
    SYMBOL_ADDRESS x86_ap_stack_top_variable, ap_stack_top
    SYMBOL_ADDRESS x86_ap_core_index_variable, ap_core_index
    SYMBOL_ADDRESS x86_gdt_pointer32, gdt_pointer32

    .text
    .global x86_monitor                  // (address): arm the monitor on its cache line
x86_monitor:
    mov     %rdi, %rax
    xor     %ecx, %ecx
    xor     %edx, %edx
    monitor
    ret

    .global x86_mwait                    // wait until the monitored line is written (or an NMI)
x86_mwait:
    xor     %eax, %eax
    xor     %ecx, %ecx
    mwait
    ret
