// VMX instructions and the VM entry/exit path. Each VMX instruction reports failure in RFLAGS:
// CF = VMfailInvalid (no current VMCS / bad pointer), ZF = VMfailValid (error number in the
// VM-instruction error field). The wrappers return 0 = success, 1 = fail invalid, 2 = fail valid.
#include "x86.h"

// Guest register block (VcpuRegisters in Vcpu.cs): 15 GPRs, CR2, guest and host FXSAVE areas.
#define G_RAX   0
#define G_RBX   8
#define G_RCX   16
#define G_RDX   24
#define G_RSI   32
#define G_RDI   40
#define G_RBP   48
#define G_R8    56
#define G_R9    64
#define G_R10   72
#define G_R11   80
#define G_R12   88
#define G_R13   96
#define G_R14   104
#define G_R15   112
#define G_CR2   120
#define G_FX    128
#define H_FX    640

#define VMCS_HOST_RSP   0x6C14
#define VMCS_HOST_RIP   0x6C16

// rax = 0/1/2 from the flags of the previous VMX instruction.
.macro VMX_STATUS
    mov     $0, %eax
    mov     $1, %ecx
    cmovc   %ecx, %eax
    mov     $2, %ecx
    cmovz   %ecx, %eax
.endm

    .text
    .global x86_vmxon                    // (physical address of the VMXON region)
x86_vmxon:
    push    %rdi
    vmxon   (%rsp)
    VMX_STATUS
    pop     %rdi
    ret

    .global x86_vmxoff
x86_vmxoff:
    vmxoff
    VMX_STATUS
    ret

    .global x86_vmclear                  // (physical address of a VMCS)
x86_vmclear:
    push    %rdi
    vmclear (%rsp)
    VMX_STATUS
    pop     %rdi
    ret

    .global x86_vmptrld                  // (physical address of a VMCS)
x86_vmptrld:
    push    %rdi
    vmptrld (%rsp)
    VMX_STATUS
    pop     %rdi
    ret

    .global x86_vmread                   // (field) -> value (0 if the read failed)
x86_vmread:
    xor     %eax, %eax
    vmread  %rdi, %rax
    ret

    .global x86_vmwrite                  // (field, value) -> status
x86_vmwrite:
    vmwrite %rsi, %rdi
    VMX_STATUS
    ret

    .global x86_invept                   // (type, eptp): type 1 = single context, 2 = all
x86_invept:
    sub     $16, %rsp
    mov     %rsi, (%rsp)
    movq    $0, 8(%rsp)
    invept  (%rsp), %rdi
    VMX_STATUS
    add     $16, %rsp
    ret

    .global x86_vmx_exit_address         // the HOST_RIP every VM exit jumps to
x86_vmx_exit_address:
    lea     vmx_exit(%rip), %rax
    ret

// x86_vm_run(registers, launched): enters the guest of the current VMCS (VMLAUNCH the first time,
// VMRESUME after) and returns 0 at its next VM exit with the guest registers saved, or 1/2 when
// the entry itself failed. The host's callee-saved registers and the register block pointer stay
// on this stack, whose address is the VMCS HOST_RSP, so vmx_exit finds them.
    .global x86_vm_run
x86_vm_run:
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    push    %rdi
    fxsave64 H_FX(%rdi)
    fxrstor64 G_FX(%rdi)
    mov     $VMCS_HOST_RSP, %eax
    vmwrite %rsp, %rax
    mov     G_CR2(%rdi), %rax
    mov     %rax, %cr2
    mov     %rsi, %rcx                   // launched? (tested after the loads; mov keeps flags)
    test    %rcx, %rcx
    mov     G_RAX(%rdi), %rax
    mov     G_RBX(%rdi), %rbx
    mov     G_RCX(%rdi), %rcx
    mov     G_RDX(%rdi), %rdx
    mov     G_RSI(%rdi), %rsi
    mov     G_RBP(%rdi), %rbp
    mov     G_R8(%rdi), %r8
    mov     G_R9(%rdi), %r9
    mov     G_R10(%rdi), %r10
    mov     G_R11(%rdi), %r11
    mov     G_R12(%rdi), %r12
    mov     G_R13(%rdi), %r13
    mov     G_R14(%rdi), %r14
    mov     G_R15(%rdi), %r15
    mov     G_RDI(%rdi), %rdi
    jnz     1f
    vmlaunch
    jmp     vm_entry_failed
1:  vmresume
vm_entry_failed:
    pushfq
    pop     %rax
    mov     (%rsp), %rdi
    fxrstor64 H_FX(%rdi)
    mov     $1, %ecx                     // CF: VMfailInvalid
    mov     $2, %edx                     // ZF: VMfailValid
    test    $0x40, %eax
    cmovnz  %edx, %ecx
    mov     %ecx, %eax
    jmp     vm_run_return

vmx_exit:
    push    %rdi
    mov     8(%rsp), %rdi
    mov     %rax, G_RAX(%rdi)
    mov     %rbx, G_RBX(%rdi)
    mov     %rcx, G_RCX(%rdi)
    mov     %rdx, G_RDX(%rdi)
    mov     %rsi, G_RSI(%rdi)
    mov     %rbp, G_RBP(%rdi)
    mov     %r8, G_R8(%rdi)
    mov     %r9, G_R9(%rdi)
    mov     %r10, G_R10(%rdi)
    mov     %r11, G_R11(%rdi)
    mov     %r12, G_R12(%rdi)
    mov     %r13, G_R13(%rdi)
    mov     %r14, G_R14(%rdi)
    mov     %r15, G_R15(%rdi)
    popq    G_RDI(%rdi)
    mov     %cr2, %rax
    mov     %rax, G_CR2(%rdi)
    fxsave64 G_FX(%rdi)
    fxrstor64 H_FX(%rdi)
    xor     %eax, %eax
vm_run_return:
    add     $8, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
    ret
