// Exception dispatch, x64 part (rich profile): the entry points ILCompiler-generated code calls to
// throw, and the thunks through which the dispatcher (corelib-rich/Exceptions) runs funclets.
//
// A register context (Ctx in Exceptions/EhRuntime.cs) is: pc at 0, sp at 8, the general registers
// by DWARF number at 16 + 8*n (rbx 3 at 40, rbp 6 at 64, r12-r15 12-15 at 112-143, the return
// address column 16 at 144). Size 336 (the arm64 layout; SysV has no callee-saved vector registers).

#define CTX_PC      0
#define CTX_SP      8
#define CTX_RBX     40
#define CTX_RBP     64
#define CTX_R12     112
#define CTX_R13     120
#define CTX_R14     128
#define CTX_R15     136
#define CTX_SIZE    336

#define KIND_THROW   0
#define KIND_RETHROW 1

// Saves the callee-saved registers of the code that called us ([rsp] = its pc, rsp + 8 = its sp)
// into a context on our stack and calls the managed dispatcher, which never returns.
.macro THROW_ENTRY name, kind
    .global \name
    .balign 16
\name:
    lea     8(%rsp), %rax
    mov     (%rsp), %rcx
    sub     $(CTX_SIZE + 8), %rsp       // keeps the call below 16-byte aligned
    mov     %rcx, CTX_PC(%rsp)
    mov     %rax, CTX_SP(%rsp)
    mov     %rbx, CTX_RBX(%rsp)
    mov     %rbp, CTX_RBP(%rsp)
    mov     %r12, CTX_R12(%rsp)
    mov     %r13, CTX_R13(%rsp)
    mov     %r14, CTX_R14(%rsp)
    mov     %r15, CTX_R15(%rsp)
    mov     %rsp, %rsi
    mov     $\kind, %edx
    call    eh_dispatch
    ud2                                 // the dispatcher never returns
.endm

    .text
    THROW_ENTRY RhpThrowEx, KIND_THROW      // rdi = exception object
    THROW_ENTRY RhpRethrow, KIND_RETHROW    // `throw;` inside a catch funclet

// Loads the callee-saved registers (rbx, rbp, r12-r15) of a frame from the context in \ctx.
.macro LOAD_FRAME_REGISTERS ctx
    mov     CTX_RBX(\ctx), %rbx
    mov     CTX_RBP(\ctx), %rbp
    mov     CTX_R12(\ctx), %r12
    mov     CTX_R13(\ctx), %r13
    mov     CTX_R14(\ctx), %r14
    mov     CTX_R15(\ctx), %r15
.endm

// The thunks' frame: the caller's rbp, rbx, r12-r15 pushed, then (the rsp at the funclet call is
// its base) the dispatch record ExInfo* at 0 (eh_addresses reports it) and the context* at 8.
.macro THUNK_PROLOGUE
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    sub     $24, %rsp
    mov     %rcx, 0(%rsp)
    mov     %rdx, 8(%rsp)
.endm

// ulong eh_call_funclet(object exception, void* funclet, Ctx* frame, ExInfo* info): runs a finally,
// fault or filter funclet with the frame's callee-saved registers and returns what it returns.
    .global eh_call_funclet
    .balign 16
eh_call_funclet:
    THUNK_PROLOGUE
    LOAD_FRAME_REGISTERS %rdx
    call    *%rsi                       // rdi = exception
    .global eh_funclet_return
eh_funclet_return:
thunk_epilogue:
    add     $24, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
    ret

// Where an exception that escaped a filter funclet resumes (rsp = the thunk's frame): the filter
// is treated as having returned false, as in .NET.
    .global eh_filter_failed
eh_filter_failed:
    xor     %eax, %eax
    jmp     thunk_epilogue

// void eh_call_catch(object exception, void* funclet, Ctx* frame, ExInfo* info): runs a catch funclet
// with the frame's callee-saved registers, then continues that frame at the address the funclet
// returns, with the frame's sp. Never returns.
    .global eh_call_catch
    .balign 16
eh_call_catch:
    THUNK_PROLOGUE
    LOAD_FRAME_REGISTERS %rdx
    call    *%rsi
    .global eh_catch_return
eh_catch_return:
    mov     8(%rsp), %rdx
    mov     CTX_SP(%rdx), %rsp
    jmp     *%rax

// void eh_resume(Ctx* frame): continues a frame at its pc with its sp and callee-saved registers.
    .global eh_resume
    .balign 16
eh_resume:
    LOAD_FRAME_REGISTERS %rdi
    mov     CTX_SP(%rdi), %rsp
    jmp     *CTX_PC(%rdi)

// void eh_addresses(ulong* out): the addresses and facts the dispatcher needs (EhRuntime.cs).
    .global eh_addresses
    .balign 16
eh_addresses:
    lea     eh_funclet_return(%rip), %rax
    mov     %rax, 0(%rdi)
    lea     eh_catch_return(%rip), %rax
    mov     %rax, 8(%rdi)
    lea     eh_filter_failed(%rip), %rax
    mov     %rax, 16(%rdi)
    lea     __eh_frame_start(%rip), %rax
    mov     %rax, 24(%rdi)
    lea     __eh_frame_end(%rip), %rax
    mov     %rax, 32(%rdi)
    movq    $7, 40(%rdi)                // DWARF number of rsp
    movq    $16, 48(%rdi)               // return address column
    movq    $0, 56(%rdi)                // ExInfo* in the thunk frame
    movabs  $__eh_type_names, %rax      // the build's type-name table (0 when absent)
    mov     %rax, 64(%rdi)
    lea     eh_hardware_throw(%rip), %rax
    mov     %rax, 72(%rdi)
    ret

    .weak __eh_type_names

// Where a trap in managed code resumes to become an exception (HardwareExceptions.cs): rdi = the
// faulting rip + 1 (a return address whose call is the faulting instruction), esi = the dispatch
// kind (2 divide by zero, 3 null reference). The faulting code's callee-saved registers and rsp are
// untouched (its caller-saved ones are dead once it throws), so they make the thrower's context.
    .global eh_hardware_throw
    .balign 16
eh_hardware_throw:
    mov     %rsp, %rax
    and     $-16, %rsp                  // a frameless leaf may fault with rsp 8 off alignment
    sub     $CTX_SIZE, %rsp
    mov     %rdi, CTX_PC(%rsp)
    mov     %rax, CTX_SP(%rsp)
    mov     %rbx, CTX_RBX(%rsp)
    mov     %rbp, CTX_RBP(%rsp)
    mov     %r12, CTX_R12(%rsp)
    mov     %r13, CTX_R13(%rsp)
    mov     %r14, CTX_R14(%rsp)
    mov     %r15, CTX_R15(%rsp)
    mov     %esi, %edx
    mov     %rsp, %rsi
    xor     %edi, %edi
    call    eh_dispatch
    ud2

// ulong eh_fault_address(void): the address of the last page fault (CR2).
    .text
    .global eh_fault_address
    .balign 16
eh_fault_address:
    mov     %cr2, %rax
    ret
