// Interface dispatch stubs for x86-64 (rich profile; see corelib-rich/Dispatch/InterfaceDispatch.cs).
// Entered from an interface call site with r11 = the dispatch cell, rdi = the receiver, the call's
// arguments in rdi, rsi, rdx, rcx, r8, r9 and xmm0-7 (al is not used by managed code) and the return
// address on the stack. They must leave all of those intact and jump to the implementation.

    .text

// The first call through a cell (and every cache miss): resolve in C#, then tail-jump.
    .global RhpInitialDynamicInterfaceDispatch
    .p2align 4
RhpInitialDynamicInterfaceDispatch:
// A fault at one of the two bh_dispatch_null_receiver_* labels is a call on a null reference made
// by the caller: nothing is pushed yet, [rsp] holds the return address into the calling method.
    .global bh_dispatch_null_receiver_initial
bh_dispatch_null_receiver_initial:
    cmpb    $0, (%rdi)                   // a null receiver faults here, as a call on null would
    push    %rbp
    mov     %rsp, %rbp
    sub     $(6 * 8 + 8 * 16 + 8), %rsp  // six GPRs, eight xmm, padding: rsp stays 16-byte aligned
    mov     %rdi, 0(%rsp)
    mov     %rsi, 8(%rsp)
    mov     %rdx, 16(%rsp)
    mov     %rcx, 24(%rsp)
    mov     %r8, 32(%rsp)
    mov     %r9, 40(%rsp)
    movdqu  %xmm0, 48(%rsp)
    movdqu  %xmm1, 64(%rsp)
    movdqu  %xmm2, 80(%rsp)
    movdqu  %xmm3, 96(%rsp)
    movdqu  %xmm4, 112(%rsp)
    movdqu  %xmm5, 128(%rsp)
    movdqu  %xmm6, 144(%rsp)
    movdqu  %xmm7, 160(%rsp)
    mov     %r11, %rsi                   // bh_interface_resolve(receiver, cell) -> code
    call    bh_interface_resolve
    mov     %rax, %r11
    movdqu  160(%rsp), %xmm7
    movdqu  144(%rsp), %xmm6
    movdqu  128(%rsp), %xmm5
    movdqu  112(%rsp), %xmm4
    movdqu  96(%rsp), %xmm3
    movdqu  80(%rsp), %xmm2
    movdqu  64(%rsp), %xmm1
    movdqu  48(%rsp), %xmm0
    mov     40(%rsp), %r9
    mov     32(%rsp), %r8
    mov     24(%rsp), %rcx
    mov     16(%rsp), %rdx
    mov     8(%rsp), %rsi
    mov     0(%rsp), %rdi
    mov     %rbp, %rsp
    pop     %rbp
    jmp     *%r11

// A cell with a monomorphic cache: cell.info = { type, target, ... }. Same receiver type: jump.
    .global RhpInterfaceDispatchCached
    .p2align 4
RhpInterfaceDispatchCached:
    mov     8(%r11), %r10                // the cache block
    .global bh_dispatch_null_receiver_cached
bh_dispatch_null_receiver_cached:
    mov     (%rdi), %rax                 // the receiver's MethodTable (null faults here)
    cmp     (%r10), %rax
    jne     RhpInitialDynamicInterfaceDispatch
    jmp     *8(%r10)

// Where ILCompiler's generic-virtual-method tables are (Dispatch/GenericVirtualMethods.cs).
    .global bh_gvm_tables
    .p2align 4
bh_gvm_tables:
    lea     __gvm_table(%rip), %rax
    mov     %rax, 0(%rdi)
    lea     __exact_method_instantiations(%rip), %rax
    mov     %rax, 8(%rdi)
    lea     __external_CommonFixupsTable_references(%rip), %rax
    mov     %rax, 16(%rdi)
    lea     __external_NativeReferences_references(%rip), %rax
    mov     %rax, 24(%rdi)
    lea     __interface_gvm_table(%rip), %rax
    mov     %rax, 32(%rdi)
    ret
