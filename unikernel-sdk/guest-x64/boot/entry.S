// x64 guest (unikernel) entry, in 64-bit mode with the hypervisor's identity page tables
// (docs/x86.md: RIP = entry, RDI = entry argument, RSI/RDX = RAM base/size).
// vCPU 0 starts at _start (RDI = 0); other vCPUs at _secondary_start with RDI = their vCPU index
// (the context the runtime passes to PSCI CPU_ON). Each vCPU gets its own stack.
#include "guest.h"

    .section .text.boot, "ax"
    .global _start
_start:
    xor     %ebx, %ebx
    mov     $__bss_start, %rdi           // vCPU 0 only: zero .bss and build the IDT
    mov     $__bss_end, %rcx
    sub     %rdi, %rcx
    shr     $3, %rcx
    xor     %eax, %eax
    rep stosq
    call    guest_idt_build
    jmp     common

    .global _secondary_start
_secondary_start:
    mov     %rdi, %rbx                   // vCPU index

common:
    cld
    lgdt    gdt_pointer(%rip)            // the selectors the hypervisor entered us with (0x08, 0x10)
    call    guest_idt_load
    mov     %rbx, %rax                   // rsp = stacks + (index + 1) * STACK_SIZE
    inc     %rax
    imul    $STACK_SIZE, %rax
    movabs  $__stacks_start, %rsp
    add     %rax, %rsp
    mov     %rbx, %rdi
    movabs  $__heap_start, %rsi
    movabs  $__heap_end, %rdx
    movabs  $__modules_start, %rcx
    movabs  $__modules_end, %r8
    call    guest_main
1:  cli
    hlt
    jmp     1b

    .data
    .balign 16
gdt:
    .quad   0
    .quad   0x00AF9A000000FFFF           // 0x08: 64-bit code
    .quad   0x00CF92000000FFFF           // 0x10: data
gdt_end:
    .balign 8
gdt_pointer:
    .word   gdt_end - gdt - 1
    .quad   gdt
