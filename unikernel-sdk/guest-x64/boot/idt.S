// The guest's IDT: exceptions (0-31) go to guest_trap(frame) (a fatal report to the hypervisor),
// interrupts (32-255: the timer, IPIs) to guest_irq(vector). Both save the x87/SSE state:
// interrupted C# code keeps values in XMM registers.
#include "guest.h"
#include "gpr-frame.inc"

.macro STUB vector
    .balign 16
stub_\vector:
    .if !((\vector == 8) || ((\vector >= 10) && (\vector <= 14)) || (\vector == 17) || (\vector == 21) || (\vector == 29) || (\vector == 30))
    push    $0
    .endif
    push    $\vector
    jmp     common_stub
.endm

    .text
    .balign 16
stubs_start:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    STUB \v
    .endr

// Interrupt stubs 32..255, 16 bytes each: push the vector, jump to the common part.
    .balign 16
irq_stubs:
    .set vec, 32
    .rept 224
    .balign 16
    push    $0
    pushq   $vec
    jmp     common_stub
    .set vec, vec + 1
    .endr

common_stub:
    PUSH_GPRS
    mov     %rsp, %rbx                   // the frame
    sub     $512, %rsp
    fxsave64 (%rsp)
    mov     %rbx, %rdi
    mov     120(%rbx), %rax              // vector
    cmp     $32, %rax
    jb      1f
    mov     %rax, %rdi
    call    guest_irq
    jmp     2f
1:  call    guest_trap
2:  fxrstor64 (%rsp)
    add     $512, %rsp
    POP_GPRS
    add     $16, %rsp
    iretq

    .global guest_idt_build
guest_idt_build:
    lea     idt(%rip), %rdi
    xor     %ecx, %ecx
1:  cmp     $32, %ecx
    jae     2f
    lea     stubs_start(%rip), %rax
    mov     %ecx, %edx
    shl     $4, %edx
    add     %rdx, %rax
    jmp     3f
2:  lea     irq_stubs(%rip), %rax
    mov     %ecx, %edx
    sub     $32, %edx
    shl     $4, %edx
    add     %rdx, %rax
3:  mov     %ax, (%rdi)
    movw    $SEL_CODE64, 2(%rdi)
    movw    $0x8E00, 4(%rdi)             // present, DPL 0, interrupt gate, no IST
    shr     $16, %rax
    mov     %ax, 6(%rdi)
    shr     $16, %rax
    mov     %eax, 8(%rdi)
    movl    $0, 12(%rdi)
    add     $16, %rdi
    inc     %ecx
    cmp     $256, %ecx
    jb      1b
    ret

    .global guest_idt_load
guest_idt_load:
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
