// Application processors (INIT-SIPI-SIPI). A STARTUP IPI starts a core in real mode at
// AP_TRAMPOLINE, where Smp.cs copied ap_trampoline: it loads the hypervisor's GDT and jumps to
// 32-bit code in the image, which turns on the same identity map, SSE and long mode as the boot
// core, takes the stack and core index the boot core left in ap_stack_top / ap_core_index, loads
// its own TSS and the shared IDT and calls hv_secondary(core).
#include "x86.h"

#define TRAMPOLINE_ADDRESS(label) (AP_TRAMPOLINE + (label - ap_trampoline))

    .section .text.boot, "ax"
    .code16
    .global ap_trampoline, ap_trampoline_end
ap_trampoline:
    cli
    cld
    xor     %ax, %ax
    mov     %ax, %ds
    lgdtl   TRAMPOLINE_ADDRESS(ap_gdt_pointer)
    mov     %cr0, %eax
    or      $CR0_PE, %eax
    mov     %eax, %cr0
    ljmpl   $SEL_CODE32, $ap_protected
    .balign 8
ap_gdt_pointer:
    .word   0                            // limit and base copied from gdt_pointer32 by Smp.cs
    .long   0
ap_trampoline_end:

    .code32
ap_protected:
    mov     $SEL_DATA, %ax
    mov     %ax, %ds
    mov     %ax, %es
    mov     %ax, %ss
    mov     ap_stack_top, %esp           // below 4 GiB: the image is identity-mapped low
    call    enter_long_mode_paging
    ljmp    $SEL_CODE64, $ap_long

    .code64
ap_long:
    mov     $SEL_DATA, %ax
    mov     %ax, %ds
    mov     %ax, %es
    mov     %ax, %ss
    xor     %eax, %eax
    mov     %ax, %fs
    mov     %ax, %gs
    mov     ap_stack_top(%rip), %rsp
    mov     ap_core_index(%rip), %edi
    mov     %edi, %eax
    shl     $4, %eax
    add     $SEL_TSS0, %eax
    ltr     %ax
    call    idt_load
    call    hv_secondary
1:  cli
    hlt
    jmp     1b

    .data
    .balign 8
    .global ap_stack_top, ap_core_index
ap_stack_top:
    .quad   0
ap_core_index:
    .long   0
