// guest_register_probe(RegisterProbe* probe): the register-contract check of the x86-64 test guest
// tests/guests/regcheck-x64. It lives here because a service folder holds C# only; nothing in the
// runtime calls it. It loads every general register (rax..r15 except rsp), the status flags,
// xmm0-xmm15, MXCSR and the x87 control word from the probe, performs one exit, and stores every
// one of them back into the probe, which the C# side compares with what it put there.
//
// Probe layout (RegisterProbe in tests/guests/regcheck-x64/RegisterProbe.cs):
//   0 op, 8 set[15] and 128 after[15] (rax rbx rcx rdx rsi rdi rbp r8..r15), 248 flags set,
//   256 flags after, 264 mxcsr set, 268 mxcsr after, 272 fcw set, 274 fcw after, 288 xmm set[16],
//   544 xmm after[16].
// Ops: 0 vmcall, 1 cpuid, 2 rdmsr, 3 wrmsr, 4 in al,dx, 5 out dx,al, 6 spin until the 32-bit
//   counter at [rax] differs from edx (at most rcx rounds), 7 sti; hlt.

#define P_OP            0
#define P_SET           8
#define P_AFTER         128
#define P_FLAGS         248
#define P_FLAGS_AFTER   256
#define P_MXCSR         264
#define P_MXCSR_AFTER   268
#define P_FCW           272
#define P_FCW_AFTER     274
#define P_XMM           288
#define P_XMM_AFTER     544

#define STATUS_FLAGS    0xCD5           // CF PF AF ZF SF DF OF: the pattern replaces these bits

// Frame below the callee-saved registers: the probe pointer, the caller's MXCSR and FCW, the op's address.
#define F_PROBE         0
#define F_MXCSR         8
#define F_FCW           12
#define F_TARGET        16
#define F_SIZE          24

    .text
    .global guest_register_probe
guest_register_probe:
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    sub     $F_SIZE, %rsp
    mov     %rdi, F_PROBE(%rsp)
    stmxcsr F_MXCSR(%rsp)
    fnstcw  F_FCW(%rsp)

    mov     P_OP(%rdi), %rax
    lea     probe_ops(%rip), %rcx
    movslq  (%rcx,%rax,4), %rdx
    add     %rcx, %rdx
    mov     %rdx, F_TARGET(%rsp)

    ldmxcsr P_MXCSR(%rdi)
    fldcw   P_FCW(%rdi)
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    movdqu  P_XMM + 16 * \n(%rdi), %xmm\n
    .endr

    pushfq                               // status flags from the probe, IF as it is
    pop     %rcx
    and     $~STATUS_FLAGS, %rcx
    mov     P_FLAGS(%rdi), %rdx
    and     $STATUS_FLAGS, %rdx
    or      %rdx, %rcx
    push    %rcx
    popfq

    mov     %rdi, %rax                   // from here on only mov (flags stay as set)
    mov     P_SET + 8 * 1(%rax), %rbx
    mov     P_SET + 8 * 2(%rax), %rcx
    mov     P_SET + 8 * 3(%rax), %rdx
    mov     P_SET + 8 * 4(%rax), %rsi
    mov     P_SET + 8 * 5(%rax), %rdi
    mov     P_SET + 8 * 6(%rax), %rbp
    mov     P_SET + 8 * 7(%rax), %r8
    mov     P_SET + 8 * 8(%rax), %r9
    mov     P_SET + 8 * 9(%rax), %r10
    mov     P_SET + 8 * 10(%rax), %r11
    mov     P_SET + 8 * 11(%rax), %r12
    mov     P_SET + 8 * 12(%rax), %r13
    mov     P_SET + 8 * 13(%rax), %r14
    mov     P_SET + 8 * 14(%rax), %r15
    mov     P_SET + 8 * 0(%rax), %rax
    jmp     *F_TARGET(%rsp)

op_vmcall:
    vmcall
    jmp     probe_done
op_cpuid:
    cpuid
    jmp     probe_done
op_rdmsr:
    rdmsr
    jmp     probe_done
op_wrmsr:
    wrmsr
    jmp     probe_done
op_in:
    in      %dx, %al
    jmp     probe_done
op_out:
    out     %al, %dx
    jmp     probe_done
op_spin:
1:  cmpl    (%rax), %edx
    jne     probe_done
    dec     %rcx
    jnz     1b
    jmp     probe_done
op_hlt:
    sti
    hlt
    jmp     probe_done

probe_done:
    pushfq
    push    %rax
    mov     16 + F_PROBE(%rsp), %rax     // the probe (two pushes above the frame)
    popq    P_AFTER + 8 * 0(%rax)
    popq    P_FLAGS_AFTER(%rax)
    mov     %rbx, P_AFTER + 8 * 1(%rax)
    mov     %rcx, P_AFTER + 8 * 2(%rax)
    mov     %rdx, P_AFTER + 8 * 3(%rax)
    mov     %rsi, P_AFTER + 8 * 4(%rax)
    mov     %rdi, P_AFTER + 8 * 5(%rax)
    mov     %rbp, P_AFTER + 8 * 6(%rax)
    mov     %r8, P_AFTER + 8 * 7(%rax)
    mov     %r9, P_AFTER + 8 * 8(%rax)
    mov     %r10, P_AFTER + 8 * 9(%rax)
    mov     %r11, P_AFTER + 8 * 10(%rax)
    mov     %r12, P_AFTER + 8 * 11(%rax)
    mov     %r13, P_AFTER + 8 * 12(%rax)
    mov     %r14, P_AFTER + 8 * 13(%rax)
    mov     %r15, P_AFTER + 8 * 14(%rax)
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    movdqu  %xmm\n, P_XMM_AFTER + 16 * \n(%rax)
    .endr
    stmxcsr P_MXCSR_AFTER(%rax)
    fnstcw  P_FCW_AFTER(%rax)

    ldmxcsr F_MXCSR(%rsp)
    fldcw   F_FCW(%rsp)
    cld
    add     $F_SIZE, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
    ret

    .section .rodata
    .balign 4
probe_ops:
    .long   op_vmcall - probe_ops
    .long   op_cpuid - probe_ops
    .long   op_rdmsr - probe_ops
    .long   op_wrmsr - probe_ops
    .long   op_in - probe_ops
    .long   op_out - probe_ops
    .long   op_spin - probe_ops
    .long   op_hlt - probe_ops
