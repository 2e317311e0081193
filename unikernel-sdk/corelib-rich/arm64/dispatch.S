// Interface dispatch stubs for ARM64 (rich profile; see corelib-rich/Dispatch/InterfaceDispatch.cs).
// Entered from an interface call site with x11 = the dispatch cell, x0 = the receiver, the call's
// arguments in x0-x7/v0-v7 (x8 = indirect result address) and x30 = the return address. They must
// leave all of those intact and jump to the implementation.

    .text

// The first call through a cell (and every cache miss): resolve in C#, then tail-jump.
    .global RhpInitialDynamicInterfaceDispatch
    .p2align 2
RhpInitialDynamicInterfaceDispatch:
// A fault at one of the two bh_dispatch_null_receiver_* labels is a call on a null reference made
// by the caller: nothing is pushed yet, x30 holds the return address into the calling method.
    .global bh_dispatch_null_receiver_initial
bh_dispatch_null_receiver_initial:
    ldr     xzr, [x0]                    // a null receiver faults here, as a call on null would
    stp     x29, x30, [sp, #-224]!
    mov     x29, sp
    stp     x0, x1, [sp, #16]
    stp     x2, x3, [sp, #32]
    stp     x4, x5, [sp, #48]
    stp     x6, x7, [sp, #64]
    str     x8, [sp, #80]
    stp     q0, q1, [sp, #96]
    stp     q2, q3, [sp, #128]
    stp     q4, q5, [sp, #160]
    stp     q6, q7, [sp, #192]
    mov     x1, x11                      // bh_interface_resolve(receiver, cell) -> code
    bl      bh_interface_resolve
    mov     x16, x0
    ldp     q6, q7, [sp, #192]
    ldp     q4, q5, [sp, #160]
    ldp     q2, q3, [sp, #128]
    ldp     q0, q1, [sp, #96]
    ldr     x8, [sp, #80]
    ldp     x6, x7, [sp, #64]
    ldp     x4, x5, [sp, #48]
    ldp     x2, x3, [sp, #32]
    ldp     x0, x1, [sp, #16]
    ldp     x29, x30, [sp], #224
    br      x16

// A cell with a monomorphic cache: cell.info = { type, target, ... }. Same receiver type: jump.
// The caller loaded this stub's address from the cell and nothing orders that load before ours of
// cell.info on a weakly ordered CPU: an info still in its original form (low bits set) takes the
// resolver, which understands both forms.
    .global RhpInterfaceDispatchCached
    .p2align 2
RhpInterfaceDispatchCached:
    ldr     x12, [x11, #8]               // the cache block
    tst     x12, #3
    b.ne    RhpInitialDynamicInterfaceDispatch
    .global bh_dispatch_null_receiver_cached
bh_dispatch_null_receiver_cached:
    ldr     x13, [x0]                    // the receiver's MethodTable (null faults here)
    ldp     x14, x15, [x12]              // cached type, cached target
    cmp     x13, x14
    b.ne    RhpInitialDynamicInterfaceDispatch
    br      x15

// Where ILCompiler's generic-virtual-method tables are (Dispatch/GenericVirtualMethods.cs).
    .global bh_gvm_tables
    .p2align 2
bh_gvm_tables:
    adrp    x1, __gvm_table
    add     x1, x1, :lo12:__gvm_table
    str     x1, [x0]
    adrp    x1, __exact_method_instantiations
    add     x1, x1, :lo12:__exact_method_instantiations
    str     x1, [x0, #8]
    adrp    x1, __external_CommonFixupsTable_references
    add     x1, x1, :lo12:__external_CommonFixupsTable_references
    str     x1, [x0, #16]
    adrp    x1, __external_NativeReferences_references
    add     x1, x1, :lo12:__external_NativeReferences_references
    str     x1, [x0, #24]
    adrp    x1, __interface_gvm_table
    add     x1, x1, :lo12:__interface_gvm_table
    str     x1, [x0, #32]
    ret
