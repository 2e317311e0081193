// Exception dispatch, ARM64 part (rich profile): the entry points ILCompiler-generated code calls
// to throw, and the thunks through which the dispatcher (corelib-rich/Exceptions) runs funclets.
//
// A register context (EhContext in Exceptions/EhContext.cs) is: pc at 0, sp at 8, the general
// registers by DWARF number at 16 + 8*n (x19-x28 at 168-239, fp at 248, lr at 256) and d8-d15 at
// 272-335. Size 336.

#define CTX_PC      0
#define CTX_SP      8
#define CTX_X19     168
#define CTX_FP      248
#define CTX_D8      272
#define CTX_SIZE    336

#define KIND_THROW   0
#define KIND_RETHROW 1

// Saves the callee-saved registers of the code that called us (lr = its pc, sp on entry = its sp)
// into a context on our stack and calls the managed dispatcher, which never returns.
.macro THROW_ENTRY name, kind
    .global \name
    .balign 4
\name:
    mov     x9, sp
    sub     sp, sp, #CTX_SIZE
    str     lr, [sp, #CTX_PC]
    str     x9, [sp, #CTX_SP]
    stp     x19, x20, [sp, #CTX_X19]
    stp     x21, x22, [sp, #CTX_X19 + 16]
    stp     x23, x24, [sp, #CTX_X19 + 32]
    stp     x25, x26, [sp, #CTX_X19 + 48]
    stp     x27, x28, [sp, #CTX_X19 + 64]
    stp     x29, x30, [sp, #CTX_FP]
    stp     d8, d9, [sp, #CTX_D8]
    stp     d10, d11, [sp, #CTX_D8 + 16]
    stp     d12, d13, [sp, #CTX_D8 + 32]
    stp     d14, d15, [sp, #CTX_D8 + 48]
    mov     x1, sp
    mov     x2, #\kind
    bl      eh_dispatch
    brk     #0xe1                       // the dispatcher never returns
.endm

    .text
    THROW_ENTRY RhpThrowEx, KIND_THROW      // x0 = exception object
    THROW_ENTRY RhpRethrow, KIND_RETHROW    // `throw;` inside a catch funclet

// Loads the callee-saved registers (x19-x28, fp, d8-d15) of a frame from the context in \ctx.
.macro LOAD_FRAME_REGISTERS ctx
    ldp     x19, x20, [\ctx, #CTX_X19]
    ldp     x21, x22, [\ctx, #CTX_X19 + 16]
    ldp     x23, x24, [\ctx, #CTX_X19 + 32]
    ldp     x25, x26, [\ctx, #CTX_X19 + 48]
    ldp     x27, x28, [\ctx, #CTX_X19 + 64]
    ldr     x29, [\ctx, #CTX_FP]
    ldp     d8, d9, [\ctx, #CTX_D8]
    ldp     d10, d11, [\ctx, #CTX_D8 + 16]
    ldp     d12, d13, [\ctx, #CTX_D8 + 32]
    ldp     d14, d15, [\ctx, #CTX_D8 + 48]
.endm

// The thunks' frame (176 bytes, the sp at the funclet call is its base): fp/lr at 0, x19-x28 at
// 16, d8-d15 at 96, the dispatch record (ExInfo*) at 160 (eh_addresses reports it), context* at 168.
.macro THUNK_PROLOGUE
    stp     x29, x30, [sp, #-176]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    stp     d8, d9, [sp, #96]
    stp     d10, d11, [sp, #112]
    stp     d12, d13, [sp, #128]
    stp     d14, d15, [sp, #144]
    stp     x3, x2, [sp, #160]
.endm

// ulong eh_call_funclet(object exception, void* funclet, EhContext* frame, ExInfo* info):
// runs a finally, fault or filter funclet of the frame described by `frame` (its callee-saved
// registers and fp) and returns what the funclet returns (a filter's verdict).
    .global eh_call_funclet
    .balign 4
eh_call_funclet:
    THUNK_PROLOGUE
    LOAD_FRAME_REGISTERS x2
    blr     x1
    .global eh_funclet_return
eh_funclet_return:
thunk_epilogue:
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     d8, d9, [sp, #96]
    ldp     d10, d11, [sp, #112]
    ldp     d12, d13, [sp, #128]
    ldp     d14, d15, [sp, #144]
    ldp     x29, x30, [sp], #176
    ret

// Where an exception that escaped a filter funclet resumes (sp = the thunk's frame): the filter
// is treated as having returned false, as in .NET.
    .global eh_filter_failed
eh_filter_failed:
    mov     x0, #0
    b       thunk_epilogue

// void eh_call_catch(object exception, void* funclet, EhContext* frame, ExInfo* info): runs a catch
// funclet with the frame's callee-saved registers, then continues that frame at the address the
// funclet returns, with the frame's sp. Never returns.
    .global eh_call_catch
    .balign 4
eh_call_catch:
    THUNK_PROLOGUE
    LOAD_FRAME_REGISTERS x2
    blr     x1
    .global eh_catch_return
eh_catch_return:
    ldr     x2, [sp, #168]
    ldr     x9, [x2, #CTX_SP]
    mov     sp, x9
    br      x0

// void eh_resume(EhContext* frame): continues a frame at its pc with its sp and callee-saved registers.
    .global eh_resume
    .balign 4
eh_resume:
    LOAD_FRAME_REGISTERS x0
    ldr     x9, [x0, #CTX_SP]
    ldr     x10, [x0, #CTX_PC]
    mov     sp, x9
    br      x10

// void eh_addresses(ulong* out): the addresses the dispatcher needs to recognise (see EhRuntime.cs).
    .global eh_addresses
    .balign 4
eh_addresses:
    adrp    x9, eh_funclet_return
    add     x9, x9, :lo12:eh_funclet_return
    str     x9, [x0, #0]
    adrp    x9, eh_catch_return
    add     x9, x9, :lo12:eh_catch_return
    str     x9, [x0, #8]
    adrp    x9, eh_filter_failed
    add     x9, x9, :lo12:eh_filter_failed
    str     x9, [x0, #16]
    adrp    x9, __eh_frame_start
    add     x9, x9, :lo12:__eh_frame_start
    str     x9, [x0, #24]
    adrp    x9, __eh_frame_end
    add     x9, x9, :lo12:__eh_frame_end
    str     x9, [x0, #32]
    mov     x9, #31                     // DWARF number of sp
    str     x9, [x0, #40]
    mov     x9, #30                     // return address column: lr
    str     x9, [x0, #48]
    mov     x9, #160                    // ExInfo* in the thunk frame
    str     x9, [x0, #56]
    ldr     x9, =__eh_type_names        // the build's type-name table (0 when absent)
    str     x9, [x0, #64]
    adrp    x9, eh_hardware_throw
    add     x9, x9, :lo12:eh_hardware_throw
    str     x9, [x0, #72]
    ret
    .ltorg

    .weak __eh_type_names

// Where a trap in managed code resumes to become an exception (HardwareExceptions.cs): x0 = the
// faulting pc + 4 (a return address whose call is the faulting instruction), x1 = the dispatch kind
// (3 null reference). The faulting code's callee-saved registers, lr and sp are untouched (x0/x1
// are dead once it throws), so they make the thrower's context.
    .global eh_hardware_throw
    .balign 4
eh_hardware_throw:
    mov     x9, sp
    sub     sp, sp, #CTX_SIZE
    str     x0, [sp, #CTX_PC]
    str     x9, [sp, #CTX_SP]
    stp     x19, x20, [sp, #CTX_X19]
    stp     x21, x22, [sp, #CTX_X19 + 16]
    stp     x23, x24, [sp, #CTX_X19 + 32]
    stp     x25, x26, [sp, #CTX_X19 + 48]
    stp     x27, x28, [sp, #CTX_X19 + 64]
    stp     x29, x30, [sp, #CTX_FP]
    stp     d8, d9, [sp, #CTX_D8]
    stp     d10, d11, [sp, #CTX_D8 + 16]
    stp     d12, d13, [sp, #CTX_D8 + 32]
    stp     d14, d15, [sp, #CTX_D8 + 48]
    mov     x2, x1
    mov     x1, sp
    mov     x0, #0
    bl      eh_dispatch
    brk     #0xe1

// ulong eh_fault_address(void): the address of the last data abort (FAR_EL1).
    .text
    .global eh_fault_address
    .balign 4
eh_fault_address:
    mrs     x0, far_el1
    ret
