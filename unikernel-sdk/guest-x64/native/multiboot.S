// Native x64 baseline (GuestConfig.Native): the same guest image booted by GRUB on a bare PC, no
// hypervisor, for the benchmark's comparison runs. Linked only into native builds (X86Bench), it
// does what hv-x86 does before entering a domain: from multiboot's 32-bit protected mode it maps
// the low 4 GiB with 2 MiB pages in the domain's page-table area (the top 24 KiB of its RAM, as
// under hv-x86: docs/x86.md), enables SSE, enters long mode with selectors 0x08/0x10 and jumps to
// _start with RDI = 0. The build makes native_multiboot_entry the multiboot kernel's entry point.
#include "guest.h"

#define PT_BASE     (__ram_end - 0x6000)  // PML4, PDPT, PD0..PD3
#define PTE_PRW     0x3
#define PTE_PS      0x80

    .section .text.boot, "ax"
    .balign 4
native_multiboot_header:
    .long   0x1BADB002
    .long   0
    .long   -0x1BADB002

    .code32
    .global native_multiboot_entry
native_multiboot_entry:
    cli
    cld
    mov     $0xFF, %al                   // mask both legacy PICs: the PIT's IRQ 0 would arrive as vector 8
    out     %al, $0x21
    out     %al, $0xA1

    mov     $PT_BASE, %edi
    mov     $(6 * 4096 / 4), %ecx
    xor     %eax, %eax
    rep stosl
    mov     $(PT_BASE + 0x1000 + PTE_PRW), %eax
    mov     %eax, PT_BASE                // PML4[0] -> PDPT
    xor     %ecx, %ecx
1:  mov     %ecx, %eax                   // PDPT[0..3] -> PD0..PD3
    shl     $12, %eax
    add     $(PT_BASE + 0x2000 + PTE_PRW), %eax
    mov     %eax, PT_BASE + 0x1000(,%ecx,8)
    inc     %ecx
    cmp     $4, %ecx
    jb      1b
    xor     %ecx, %ecx
2:  mov     %ecx, %eax                   // PD entry i maps i * 2 MiB
    shl     $21, %eax
    or      $(PTE_PRW | PTE_PS), %eax
    mov     %eax, PT_BASE + 0x2000(,%ecx,8)
    mov     %ecx, %eax
    shr     $11, %eax
    mov     %eax, PT_BASE + 0x2004(,%ecx,8)
    inc     %ecx
    cmp     $2048, %ecx
    jb      2b

    mov     $PT_BASE, %eax
    mov     %eax, %cr3
    mov     %cr4, %eax
    or      $((1 << 5) | (1 << 9) | (1 << 10)), %eax   // PAE, OSFXSR, OSXMMEXCPT
    mov     %eax, %cr4
    mov     $0xC0000080, %ecx            // EFER.LME
    rdmsr
    or      $(1 << 8), %eax
    wrmsr
    mov     %cr0, %eax
    and     $~(1 << 2), %eax             // EM off
    or      $((1 << 31) | (1 << 5) | (1 << 1) | 1), %eax   // PG, NE, MP, PE
    mov     %eax, %cr0
    lgdt    native_gdt_pointer
    ljmp    $SEL_CODE64, $native_long_mode

    .code64
native_long_mode:
    mov     $SEL_DATA, %ax
    mov     %ax, %ds
    mov     %ax, %es
    mov     %ax, %ss
    xor     %edi, %edi                   // vCPU 0
    movabs  $_start, %rax
    jmp     *%rax

    .data
    .balign 16
native_gdt:
    .quad   0
    .quad   0x00AF9A000000FFFF           // 0x08: 64-bit code
    .quad   0x00CF92000000FFFF           // 0x10: data
native_gdt_end:
    .balign 8
native_gdt_pointer:
    .word   native_gdt_end - native_gdt - 1
    .quad   native_gdt
