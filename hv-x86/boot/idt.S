// The hypervisor's IDT. Every exception stub saves a TrapFrame on the stack (layout in
// TrapFrame.cs) and calls the C# handler hv_trap(frame, cr2); if it returns, the context is
// restored. The host never enables interrupts, so only exceptions, NMIs and machine checks come here.
#include "x86.h"
#include "gpr-frame.inc"

.macro STUB vector
    .balign 16
stub_\vector:
    // Vectors 8, 10-14, 17, 21, 29, 30 push an error code themselves; the others get a zero.
    .if !((\vector == 8) || ((\vector >= 10) && (\vector <= 14)) || (\vector == 17) || (\vector == 21) || (\vector == 29) || (\vector == 30))
    push    $0
    .endif
    push    $\vector
    jmp     trap_common
.endm

    .text
    .balign 16
stubs_start:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    STUB \v
    .endr
stub_other:
    push    $0
    push    $255
    jmp     trap_common

trap_common:
    PUSH_GPRS
    mov     %rsp, %rdi
    mov     %cr2, %rsi
    call    hv_trap
    POP_GPRS
    add     $16, %rsp                    // vector and error code
    iretq

// Fills the 256 gates (interrupt gates, DPL 0) and loads the IDTR. NMI, double fault and
// machine check switch to the IST1 stack, so a broken stack still gets a report.
    .global idt_install
idt_install:
    lea     idt(%rip), %rdi
    xor     %ecx, %ecx
1:  lea     stub_other(%rip), %rax
    cmp     $32, %ecx
    jae     2f
    lea     stubs_start(%rip), %rax
    mov     %ecx, %edx
    shl     $4, %edx                     // each stub is 16-byte aligned and shorter than 16 bytes
    add     %rdx, %rax
2:  mov     %ax, (%rdi)                  // offset 15:0
    movw    $SEL_CODE64, 2(%rdi)
    xor     %edx, %edx
    cmp     $2, %ecx
    je      3f
    cmp     $8, %ecx
    je      3f
    cmp     $18, %ecx
    jne     4f
3:  mov     $1, %edx                     // IST1
4:  mov     %dl, 4(%rdi)
    movb    $0x8E, 5(%rdi)               // present, DPL 0, 64-bit interrupt gate
    shr     $16, %rax
    mov     %ax, 6(%rdi)                 // offset 31:16
    shr     $16, %rax
    mov     %eax, 8(%rdi)                // offset 63:32
    movl    $0, 12(%rdi)
    add     $16, %rdi
    inc     %ecx
    cmp     $256, %ecx
    jb      1b
    .global idt_load                     // every core loads the same IDT
idt_load:
    lidt    idt_pointer(%rip)
    ret

    .data
    .balign 8
idt_pointer:
    .word   256 * 16 - 1
    .quad   idt

    .bss
    .balign 16
idt:
    .skip   256 * 16
